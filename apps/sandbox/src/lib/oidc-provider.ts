import type ProviderClass from 'oidc-provider';
import type * as OidcProviderModule from 'oidc-provider';

/**
 * Loads `oidc-provider` 8 (ESM-only) with Node's own `require` (Node ≥ 20.19 loads ES modules through
 * `require`). Node's loader, not the bundler's or jest's: jest's module registry cannot load ESM, and
 * `process.getBuiltinModule` reaches Node's real `module` builtin from inside jest too.
 *
 * Under jest the library then lives in Node's main realm while the sandbox code runs in jest's VM
 * context, where `{}` has another `Object` constructor. oidc-provider recognises configuration objects
 * with `value.constructor === Object`, so everything the sandbox hands it goes through `toLibraryRealm`.
 * Outside jest both realms are the same and `toLibraryRealm` returns its argument unchanged.
 */
export interface OidcLibrary {
  readonly Provider: typeof ProviderClass;
  readonly errors: typeof OidcProviderModule.errors;
  /** Re-creates plain objects and arrays (deeply) in the library's realm; wraps functions so their results are too. */
  readonly toLibraryRealm: <T>(value: T) => T;
}

let cached: OidcLibrary | undefined;

export function loadOidcProvider(): OidcLibrary {
  if (cached) return cached;
  const nodeModule = process.getBuiltinModule('node:module') as typeof import('node:module');
  const nativeRequire = nodeModule.createRequire(__filename);
  const library = nativeRequire('oidc-provider') as typeof OidcProviderModule & { default: typeof ProviderClass };
  // A JSON document loaded by the same loader: its objects and arrays are the library realm's.
  const manifest = nativeRequire('oidc-provider/package.json') as { keywords: string[] };
  const LibraryObject = manifest.constructor as ObjectConstructor;
  const LibraryArray = manifest.keywords.constructor as ArrayConstructor;
  const sameRealm = LibraryObject === Object;

  const converted = new WeakMap<object, unknown>();
  const convert = (value: unknown): unknown => {
    if (sameRealm || value === null) return value;
    if (typeof value === 'function') {
      const fn = value as (...args: unknown[]) => unknown;
      if (converted.has(fn)) return converted.get(fn);
      const wrapped = function (this: unknown, ...args: unknown[]) {
        const result = fn.apply(this, args);
        return isThenable(result) ? result.then(convert) : convert(result);
      };
      converted.set(fn, wrapped);
      return wrapped;
    }
    if (typeof value !== 'object') return value;
    if (Array.isArray(value)) return LibraryArray.from(value, convert);
    if (Object.getPrototypeOf(value) !== Object.prototype) return value; // class instances, the library's own objects
    const copy = new LibraryObject() as Record<string, unknown>;
    for (const [key, item] of Object.entries(value)) copy[key] = convert(item);
    return copy;
  };

  cached = {
    Provider: library.default,
    errors: library.errors,
    toLibraryRealm: <T>(value: T) => convert(value) as T,
  };
  return cached;
}

function isThenable(value: unknown): value is Promise<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** The files that name the providers the hub points at the sandbox by default. */
export const SANDBOX_DEFAULT_FILES = ['libs/server/config/src/lib/environment.ts', '.env.example'] as const;

/** `SANDBOX_PROVIDERS = 'a,b';` in environment.ts, `SANDBOX_PROVIDERS=a,b` in .env.example. */
const DEFAULT_LIST = /^(\s*SANDBOX_PROVIDERS\s*=\s*'?)([a-z0-9,-]*)('?;?)$/m;

/**
 * `source` (environment.ts or .env.example) with `id` added to the end of its default
 * SANDBOX_PROVIDERS, so `npm start` points the new provider at its emulation; unchanged when it is
 * already listed. Throws when the list is not found, rather than guessing.
 */
export function withSandboxDefault(source: string, id: string, file: string): string {
  const match = DEFAULT_LIST.exec(source);
  if (!match) throw new Error(`${file} names no default SANDBOX_PROVIDERS: add "${id}" to it by hand`);
  const ids = match[2] === '' ? [] : match[2].split(',');
  if (ids.includes(id)) return source;
  return source.replace(DEFAULT_LIST, `$1${[...ids, id].join(',')}$3`);
}

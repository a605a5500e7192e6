import { envInteger } from './control-input';

/**
 * One option of an emulation: its default and, when the environment may set it, its `SANDBOX_<ID>_*`
 * variable. Declared once; the options type, the defaults and the parsing all come from it.
 */
export interface OptionDeclaration<T> {
  readonly default: T;
  /** The variable that sets it (`SANDBOX_<ID>_<NAME>`); code-only options have none. */
  readonly env?: string;
  /** The variable's value; undefined when it is unset or blank. Throws a RangeError naming it. */
  read?(env: Readonly<Record<string, string | undefined>>): T | undefined;
}

export type OptionDeclarations = Readonly<Record<string, OptionDeclaration<unknown>>>;

/** The options an emulation is created with: every declared one, its default filled in. */
export type OptionValues<D extends OptionDeclarations> = {
  readonly [K in keyof D]: D[K] extends OptionDeclaration<infer T> ? T : never;
};

/** A whole-number option, read from `env` (bounded by `min`/`max` when given) if it names a variable. */
export function integerOption(declaration: {
  default: number;
  env?: string;
  min?: number;
  max?: number;
}): OptionDeclaration<number> {
  const { env, min, max } = declaration;
  return {
    default: declaration.default,
    env,
    read: env === undefined ? undefined : (variables) => envInteger(variables, env, { min, max }),
  };
}

/** An option only code sets (a clock, a page cap a test wants smaller). */
export function codeOption<T>(fallback: T): OptionDeclaration<T> {
  return { default: fallback };
}

/** The declared variables as set in `env` (undefined when unset or blank): what `startSandbox` takes. */
export function optionsFromEnv<D extends OptionDeclarations>(
  declared: D,
  env: Readonly<Record<string, string | undefined>>,
): Partial<OptionValues<D>> {
  const values: Record<string, unknown> = {};
  for (const [name, option] of Object.entries(declared)) {
    if (option.read) values[name] = option.read(env);
  }
  return values as Partial<OptionValues<D>>;
}

/** `given` over the declared defaults (an undefined value takes the default). */
export function resolveOptions<D extends OptionDeclarations>(
  declared: D,
  given: Partial<OptionValues<D>> = {},
): OptionValues<D> {
  const values: Record<string, unknown> = {};
  for (const [name, option] of Object.entries(declared)) {
    values[name] = (given as Record<string, unknown>)[name] ?? option.default;
  }
  return values as OptionValues<D>;
}

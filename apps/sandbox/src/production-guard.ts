/** Why the sandbox must not start in this environment, or undefined when it may. */
export function productionRefusal(env: NodeJS.ProcessEnv): string | undefined {
  return env['NODE_ENV'] === 'production'
    ? 'The provider sandbox is for development and tests only; it refuses to start with NODE_ENV=production.'
    : undefined;
}

import { spawn } from 'node:child_process';
import { join } from 'node:path';

/**
 * Runs testing/token-storm.ts in its own process (one of several racing for one connection's token,
 * docs/security.md B3, scenario S1) and answers what its callers got.
 */
export function runStormProcess(
  env: NodeJS.ProcessEnv,
): Promise<{ ok: number; distinctTokens: number; errors: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', join(__dirname, 'token-storm.ts')], {
      env: { ...env, SWC_NODE_PROJECT: join(__dirname, '../../../../tsconfig.base.json') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').pop()!))
        : reject(new Error(`storm process exited ${code}: ${err.slice(0, 2000)}`)),
    );
  });
}

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(__dirname, '../../../../../..');
const script = resolve(root, 'libs/web/shared/api-types/scripts/generate-api-types.mjs');

describe('api.types.ts', () => {
  it('should match a fresh generation from openapi/api.json (run nx run web-shared-api-types:generate-api-types)', () => {
    const fresh = execFileSync(process.execPath, [script, '--stdout'], { cwd: root, encoding: 'utf8' });
    const checkedIn = readFileSync(resolve(__dirname, 'api.types.ts'), 'utf8');
    // Compared as text so a failure prints the lines that differ.
    expect(checkedIn).toBe(fresh);
  }, 30_000);
});

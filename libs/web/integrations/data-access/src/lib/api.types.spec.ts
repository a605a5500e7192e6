import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(__dirname, '../../../../../..');
const script = resolve(root, 'libs/web/integrations/data-access/scripts/generate-api-types.mjs');

describe('api.types.ts', () => {
  it('should match a fresh generation from openapi/api.json (run nx run web-integrations-data-access:generate-api-types)', () => {
    const fresh = execFileSync(process.execPath, [script, '--stdout'], { cwd: root, encoding: 'utf8' });
    const checkedIn = readFileSync(resolve(__dirname, 'api.types.ts'), 'utf8');
    expect(checkedIn === fresh).toBe(true);
  }, 30_000);
});

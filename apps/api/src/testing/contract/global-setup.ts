import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONTRACT_DIR_ENV } from './contract-ledger';

/** A fresh place for this run's contract figures (read by global-teardown.ts). */
export default function contractGlobalSetup(): void {
  process.env[CONTRACT_DIR_ENV] = mkdtempSync(join(tmpdir(), 'hub-contract-'));
}

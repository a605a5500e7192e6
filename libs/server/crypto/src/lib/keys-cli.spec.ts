import { parseEncryptionKeys } from '@hub/server/config';
import { formatDoctorReport, generateKeyEntry, keysCommand } from './keys-cli';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    deps: {
      loadConfig: jest.fn(() => {
        throw new Error('no configuration in this test');
      }),
      stdout: (text: string) => void out.push(text),
      stderr: (text: string) => void err.push(text),
      now: () => new Date('2025-03-07T09:05:00Z'),
    },
  };
}

describe('keys generate', () => {
  it('should print one ENCRYPTION_KEYS entry with a date-based id, without loading configuration', async () => {
    const io = capture();
    expect(await keysCommand(['generate'], io.deps)).toBe(0);
    expect(io.deps.loadConfig).not.toHaveBeenCalled();
    const entry = io.out.join('').trim();
    expect(entry).toMatch(/^kek-20250307-0905:[A-Za-z0-9+/]{43}=$/);
    expect(parseEncryptionKeys(entry)?.[0].key).toHaveLength(32);
    expect(io.err.join('')).toMatch(/first in ENCRYPTION_KEYS.*keys rotate/);
  });

  it('should produce a different key every time', () => {
    const keys = new Set(Array.from({ length: 100 }, () => generateKeyEntry().split(':')[1]));
    expect(keys.size).toBe(100);
  });
});

describe('keys command line', () => {
  it('should show usage and exit 2 for a missing or unknown subcommand, or extra arguments', async () => {
    for (const args of [[], ['rewrap'], ['generate', 'now']]) {
      const io = capture();
      expect(await keysCommand(args, io.deps)).toBe(2);
      expect(io.err.join('')).toMatch(/Usage: hub keys <subcommand>/);
    }
  });
});

describe('formatDoctorReport', () => {
  it('should list counts, failures by row id, and a verdict', () => {
    const text = formatDoctorReport({
      secrets: { total: 3, readable: 2, unreadable: 1 },
      byKek: { new: 2, old: 1 },
      byDataKey: { 'a-1': 2, 'b-2': 1 },
      dataKeys: { total: 2, unwrappable: 2, failing: [] },
      failures: [{ table: 'connections', rowId: 'row-9', reason: 'sealed record does not authenticate' }],
    });
    expect(text).toContain('Secrets: 3 total, 2 readable, 1 unreadable');
    expect(text).toMatch(/by key-encryption key:\n {4}new: 2\n {4}old: 1/);
    expect(text).toContain('connections row-9: sealed record does not authenticate');
    expect(text).toMatch(/FAILED: 1 secret and 0 data keys cannot be read\.\n$/);
  });

  it('should say OK when everything reads', () => {
    const text = formatDoctorReport({
      secrets: { total: 0, readable: 0, unreadable: 0 },
      byKek: {},
      byDataKey: {},
      dataKeys: { total: 0, unwrappable: 0, failing: [] },
      failures: [],
    });
    expect(text).toMatch(/OK: every secret and data key can be read\.\n$/);
  });
});

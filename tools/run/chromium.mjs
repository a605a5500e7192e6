// The browser tests use Debian's chromium; we never download a browser.
import { existsSync, readFileSync } from 'node:fs';
import { run } from './process.mjs';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function ensureChromium() {
  if (existsSync(CHROMIUM_PATH)) return CHROMIUM_PATH;
  const debian =
    existsSync('/etc/os-release') && /^(ID|ID_LIKE)=.*(debian|ubuntu)/m.test(readFileSync('/etc/os-release', 'utf8'));
  if (debian && process.getuid?.() === 0) {
    console.error("Chromium is missing; installing Debian's chromium package for the browser tests…");
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    if (
      (await run('apt-get', ['update', '-qq'], { env })) === 0 &&
      (await run('apt-get', ['install', '-y', '-qq', 'chromium'], { env })) === 0 &&
      existsSync(CHROMIUM_PATH)
    ) {
      return CHROMIUM_PATH;
    }
  }
  throw new Error(
    `The browser tests need Chromium at ${CHROMIUM_PATH} and it is not there. Install it ` +
      '(Debian/Ubuntu: sudo apt-get install chromium) or set CHROMIUM_PATH to a Chromium or Chrome binary. ' +
      'We never download a browser.',
  );
}

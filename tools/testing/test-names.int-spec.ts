import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '../..');

/** Test titles: the first string of an it, test or it.each(…) call; not regex.test calls. */
const TITLE = /(?:(?<![.\w$])(?:it|test)\(\s*|\]\)\(\s*)(['"`])([^'"`\n]+)\1/g;

describe('test names', () => {
  it('should name every test by its behaviour, starting with should, across the repository', () => {
    const files = execFileSync('git', ['ls-files', '*.spec.ts', '*.int-spec.ts'], { cwd: root, encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
    expect(files.length).toBeGreaterThan(100);
    const titles = files.flatMap((file) =>
      [...readFileSync(join(root, file), 'utf8').matchAll(TITLE)].map((m) => ({ file, title: m[2] })),
    );
    expect(titles.length).toBeGreaterThan(1000);
    // describe.each titles ('%s') name a group, not a behaviour.
    const misnamed = titles.filter(
      ({ title }) => !title.startsWith('should ') && !/^%\w( through the sandbox)?$/.test(title),
    );
    expect(misnamed).toEqual([]);
  });
});

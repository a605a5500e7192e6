// Summarises V8 CPU profiles (`node --cpu-prof`): where the CPU time went, by package or by function.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  hitCount?: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

/** Prints the busiest packages and functions of every profile in `dir` (self time, idle excluded). */
export function summariseProfiles(dir: string, top = 12): void {
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
      nodes: ProfileNode[];
      startTime: number;
      endTime: number;
      samples: number[];
    };
    const msPerSample = (profile.endTime - profile.startTime) / 1000 / profile.samples.length;
    const byPackage = new Map<string, number>();
    const byFunction = new Map<string, number>();
    let busy = 0;
    for (const node of profile.nodes) {
      const ms = (node.hitCount ?? 0) * msPerSample;
      const { functionName, url, lineNumber } = node.callFrame;
      if (!ms || functionName === '(idle)') continue;
      busy += ms;
      const pkg =
        /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1] ??
        (url.includes('dist/apps') ? 'hub bundle' : url.startsWith('node:') ? 'node core' : functionName);
      byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + ms);
      const fn = `${functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}:${lineNumber + 1}`;
      byFunction.set(fn, (byFunction.get(fn) ?? 0) + ms);
    }
    const show = (title: string, m: Map<string, number>) => {
      console.log(`  ${title}`);
      for (const [name, ms] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top))
        console.log(
          `    ${((ms / busy) * 100).toFixed(1).padStart(5)} %  ${(ms / 1000).toFixed(1).padStart(6)} s  ${name}`,
        );
    };
    console.log(`\nCPU profile ${file}: ${(busy / 1000).toFixed(1)} s busy (self time, idle excluded)`);
    show('by package', byPackage);
    show('by function', byFunction);
  }
}

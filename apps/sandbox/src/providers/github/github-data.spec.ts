import { fullName, GITHUB_MAX_MUTATION, GITHUB_SANDBOX_NOW, GitHubDataset, isoSeconds } from './github-data';
import { issueJson, repoJson } from './github-json';

const API = 'http://127.0.0.1:3900/github/api';
const snapshot = (data: GitHubDataset) =>
  JSON.parse(JSON.stringify({ repos: data.repos, issues: data.issues })) as unknown;

describe('GitHubDataset', () => {
  it('should generate the same account for the same seed, another for another seed, with the same counts', () => {
    expect(snapshot(new GitHubDataset(1))).toEqual(snapshot(new GitHubDataset(1)));
    const other = new GitHubDataset(2);
    expect(other.issues.map((i) => i.title)).not.toEqual(new GitHubDataset(1).issues.map((i) => i.title));
    expect(other.issues).toHaveLength(174);
  });

  it('should have 7 repositories (one with issues off) and 150 issues plus 24 pull requests in the other 6', () => {
    const data = new GitHubDataset();
    const perRepo = data.repos.map((repo) => [
      fullName(repo),
      repo.hasIssues,
      data.issuesOf(repo).filter((i) => !i.pullRequest).length,
      data.issuesOf(repo).filter((i) => i.pullRequest).length,
    ]);
    expect(perRepo).toEqual([
      ['sandbox-user/dotfiles', true, 18, 3],
      ['sandbox-user/notes-app', true, 31, 5],
      ['sandbox-labs/api-gateway', true, 34, 6],
      ['sandbox-labs/design-system', true, 22, 4],
      ['acme-sandbox/website', true, 27, 3],
      ['acme-sandbox/infra', true, 18, 3],
      ['sandbox-user/sandbox-user', false, 0, 0],
    ]);
  });

  it('should keep GitHub’s invariants: unique ids, number 1..n per repository, created ≤ closed ≤ updated ≤ now', () => {
    const data = new GitHubDataset(7);
    expect(new Set(data.issues.map((i) => i.id)).size).toBe(data.issues.length);
    expect(new Set(data.repos.map((r) => r.id)).size).toBe(data.repos.length);
    for (const repo of data.repos) {
      const numbers = data
        .issuesOf(repo)
        .map((i) => i.number)
        .sort((a, b) => a - b);
      expect(numbers).toEqual(numbers.map((_, k) => k + 1));
    }
    for (const issue of data.issues) {
      expect(issue.createdAt).toBeLessThanOrEqual(issue.updatedAt);
      expect(issue.updatedAt).toBeLessThanOrEqual(GITHUB_SANDBOX_NOW);
      expect(issue.state === 'closed').toBe(issue.closedAt !== null);
      if (issue.closedAt !== null) {
        expect(issue.closedAt).toBeGreaterThanOrEqual(issue.createdAt);
        expect(issue.closedAt).toBeLessThanOrEqual(issue.updatedAt);
        expect(['completed', 'not_planned']).toContain(issue.stateReason);
      } else {
        expect([null, 'reopened']).toContain(issue.stateReason);
      }
    }
    // Spread over years, both states, labels and assignees present.
    const created = data.issues.map((i) => i.createdAt);
    expect(Math.max(...created) - Math.min(...created)).toBeGreaterThan(3 * 365 * 24 * 3600 * 1000);
    expect(data.issues.some((i) => i.state === 'open') && data.issues.some((i) => i.state === 'closed')).toBe(true);
    expect(data.issues.some((i) => i.labels.length > 0)).toBe(true);
    expect(data.issues.some((i) => i.assignees.length > 0)).toBe(true);
  });

  it('should write issues, pull requests and repositories in GitHub’s JSON shape', () => {
    const data = new GitHubDataset();
    const repo = data.repos[2];
    const [issue, pull] = [
      data.issuesOf(repo).find((i) => !i.pullRequest),
      data.issuesOf(repo).find((i) => i.pullRequest),
    ];
    if (!issue || !pull) throw new Error('api-gateway has issues and pull requests');
    const json = issueJson(issue, repo, API);
    expect(json).toMatchObject({
      id: issue.id,
      number: issue.number,
      url: `${API}/repos/sandbox-labs/api-gateway/issues/${issue.number}`,
      repository_url: `${API}/repos/sandbox-labs/api-gateway`,
      html_url: `https://github.com/sandbox-labs/api-gateway/issues/${issue.number}`,
      user: { login: issue.user.login, id: issue.user.id, type: issue.user.type },
      updated_at: isoSeconds(issue.updatedAt),
      state_reason: issue.stateReason,
    });
    expect(String(json['created_at'])).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(json).not.toHaveProperty('pull_request');
    expect(issueJson(pull, repo, API)).toMatchObject({
      html_url: `https://github.com/sandbox-labs/api-gateway/pull/${pull.number}`,
      pull_request: { url: `${API}/repos/sandbox-labs/api-gateway/pulls/${pull.number}` },
    });
    const withLabel = data.issues.find((i) => i.labels.length > 0);
    const labelRepo = data.repos.find((r) => r.id === withLabel?.repoId);
    if (!withLabel || !labelRepo) throw new Error('some issue has a label');
    expect(issueJson(withLabel, labelRepo, API)['labels']).toEqual(
      withLabel.labels.map((name) =>
        expect.objectContaining({ name, color: expect.stringMatching(/^[0-9a-f]{6}$/), default: true }),
      ),
    );
    const issues = data.issuesOf(repo);
    expect(repoJson(repo, issues, API)).toMatchObject({
      id: repo.id,
      full_name: 'sandbox-labs/api-gateway',
      private: true,
      visibility: 'private',
      owner: { login: 'sandbox-labs', type: 'Organization' },
      has_issues: true,
      open_issues_count: issues.filter((i) => i.state === 'open').length,
      license: { spdx_id: 'Apache-2.0' },
    });
  });
});

describe('GitHubDataset.mutate', () => {
  it('should add, edit and deletes issues, each change newer than anything before, and say what a sync sees', () => {
    const data = new GitHubDataset();
    const before = new Map(data.issues.map((i) => [i.id, { ...i, labels: [...i.labels] }]));
    const newest = Math.max(...data.issues.map((i) => i.updatedAt));
    const result = data.mutate({ added: 2, updated: 1, deleted: 1 });
    expect(result).toEqual({
      expected: {
        repositories: { added: 0, updated: 0, deleted: 0 },
        issues: { added: 2, updated: 1, deleted: 0 },
      },
      unreported: { issues: { deleted: 1 } },
    });
    const after = new Map(data.issues.map((i) => [i.id, i]));
    const added = data.issues.filter((i) => !before.has(i.id));
    const deleted = [...before.keys()].filter((id) => !after.has(id));
    const edited = data.issues.filter(
      (i) => before.has(i.id) && JSON.stringify(before.get(i.id)) !== JSON.stringify(i),
    );
    expect(added).toHaveLength(2);
    expect(deleted).toHaveLength(1);
    expect(edited).toHaveLength(1);
    for (const issue of [...added, ...edited]) expect(issue.updatedAt).toBeGreaterThan(newest);
    for (const issue of added) {
      expect(issue).toMatchObject({ state: 'open', comments: 0, pullRequest: null, createdAt: issue.updatedAt });
      expect(issue.id).toBeGreaterThan(Math.max(...before.keys()));
    }
    expect(before.get(deleted[0])?.pullRequest).toBeNull();
    expect(edited[0].pullRequest).toBeNull();
    // Pull requests are untouched.
    expect(data.issues.filter((i) => i.pullRequest).length).toBe(24);
  });

  it('should move its clock on with every call, and give the same data for the same calls', () => {
    const one = new GitHubDataset(3);
    const two = new GitHubDataset(3);
    one.mutate({ added: 1, updated: 2, deleted: 0 });
    const firstNewest = Math.max(...one.issues.map((i) => i.updatedAt));
    one.mutate({ added: 1, updated: 0, deleted: 0 });
    expect(Math.max(...one.issues.map((i) => i.updatedAt))).toBeGreaterThan(firstNewest);
    two.mutate({ added: 1, updated: 2, deleted: 0 });
    two.mutate({ added: 1, updated: 0, deleted: 0 });
    expect(snapshot(two)).toEqual(snapshot(one));
  });

  it('should change fewer issues when there are not that many, and say so', () => {
    const data = new GitHubDataset();
    const result = data.mutate({ added: 0, updated: 140, deleted: 40 });
    expect(result.expected.issues).toEqual({ added: 0, updated: 140, deleted: 0 });
    expect(result.unreported.issues.deleted).toBe(10);
    expect(data.issues.filter((i) => !i.pullRequest)).toHaveLength(140);
  });

  it('should go back to the start-up data on reset, and cap the number of mutations', () => {
    const data = new GitHubDataset(5);
    const start = snapshot(data);
    data.mutate({ added: 3, updated: 3, deleted: 3 });
    expect(snapshot(data)).not.toEqual(start);
    data.reset();
    expect(snapshot(data)).toEqual(start);
    expect(data.mutationCount).toBe(0);
    for (let i = 0; i < GITHUB_MAX_MUTATION; i++) data.mutate({ added: 0, updated: 0, deleted: 0 });
    expect(() => data.mutate({ added: 0, updated: 0, deleted: 0 })).toThrow(RangeError);
  });
});

describe('GitHubDataset.rename', () => {
  it('should keep the id and issues under the new name, remember the old one, and forget it on reset', () => {
    const data = new GitHubDataset(1);
    const before = data.repoByName('sandbox-user', 'notes-app');
    if (!before) throw new Error('notes-app is part of the sandbox account');
    const issues = data.issuesOf(before).map((issue) => issue.id);
    const moved = data.rename('sandbox-user/notes-app', 'sandbox-labs/notes');
    expect({ id: moved.id, name: fullName(moved) }).toEqual({ id: before.id, name: 'sandbox-labs/notes' });
    expect(data.repoByName('sandbox-user', 'notes-app')).toBeUndefined();
    expect(data.movedFrom('sandbox-user', 'Notes-App')).toBe(before.id);
    expect(data.issuesOf(moved).map((issue) => issue.id)).toEqual(issues);
    data.reset();
    expect(data.movedFrom('sandbox-user', 'notes-app')).toBeUndefined();
    expect(data.repoByName('sandbox-user', 'notes-app')?.id).toBe(before.id);
  });

  it('should refuse an unknown repository, a taken name, a foreign owner or a malformed name', () => {
    const data = new GitHubDataset(1);
    expect(() => data.rename('sandbox-user/nope', 'sandbox-user/x')).toThrow(RangeError);
    expect(() => data.rename('sandbox-user/notes-app', 'sandbox-user/dotfiles')).toThrow(RangeError);
    expect(() => data.rename('sandbox-user/notes-app', 'someone/notes')).toThrow(RangeError);
    expect(() => data.rename('sandbox-user/notes-app', 'sandbox-user/..')).toThrow(RangeError);
    expect(() => data.rename('sandbox-user/notes-app', 'sandbox-user/a/b')).toThrow(RangeError);
  });
});

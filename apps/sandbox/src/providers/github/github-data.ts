/**
 * Deterministic GitHub data for the sandbox: the signed-in user `sandbox-user`, two organisations,
 * seven repositories (one with issues turned off) and, in six of them, 150 issues and 24 pull
 * requests spread over time. Counts are fixed; titles, labels, people, states and timestamps come from
 * the seed. JSON shapes follow GitHub's REST reference:
 * - https://docs.github.com/en/rest/users/users#get-the-authenticated-user
 * - https://docs.github.com/en/rest/orgs/orgs#list-organizations-for-the-authenticated-user
 * - https://docs.github.com/en/rest/repos/repos#list-repositories-for-the-authenticated-user
 * - https://docs.github.com/en/rest/issues/issues#list-repository-issues
 *
 * `mutate` changes the data as people would (new issues, edited issues with a newer `updated_at`,
 * deleted issues), on a clock of its own that runs after every generated timestamp, so the same
 * sequence of calls always gives the same data.
 */
import type { ChangeCounts } from '../../lib/emulation';
import { SeededRandom } from '../../lib/seeded-random';

/** The newest generated timestamp; mutation k happens k hours later. */
export const GITHUB_SANDBOX_NOW = Date.UTC(2025, 5, 1, 12, 0, 0);
const HOUR_MS = 3600 * 1000;
const DAY_MS = 24 * HOUR_MS;
export const GITHUB_MAX_MUTATION = 1000;

export interface GitHubPerson {
  readonly login: string;
  readonly id: number;
  readonly type: 'User' | 'Bot' | 'Organization';
}

export interface GitHubOrg extends GitHubPerson {
  readonly description: string;
}

export interface GitHubRepoRow {
  readonly id: number;
  readonly owner: GitHubPerson;
  readonly name: string;
  readonly description: string | null;
  readonly language: string | null;
  readonly topics: readonly string[];
  readonly private: boolean;
  readonly hasIssues: boolean;
  readonly license: { readonly key: string; readonly name: string; readonly spdx: string } | null;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly pushedAt: number;
  readonly stars: number;
  readonly forks: number;
  readonly size: number;
  /** The next issue or pull request number. */
  nextNumber: number;
}

export interface GitHubIssueRow {
  readonly id: number;
  readonly repoId: number;
  readonly number: number;
  title: string;
  readonly body: string;
  readonly user: GitHubPerson;
  labels: string[];
  assignees: GitHubPerson[];
  state: 'open' | 'closed';
  stateReason: 'completed' | 'not_planned' | 'reopened' | null;
  comments: number;
  readonly createdAt: number;
  updatedAt: number;
  closedAt: number | null;
  readonly pullRequest: { readonly draft: boolean; mergedAt: number | null } | null;
}

export interface MutationResult {
  readonly expected: { readonly repositories: ChangeCounts; readonly issues: ChangeCounts };
  /** Changes that happened but that no incremental sync can see. */
  readonly unreported: { readonly issues: { readonly deleted: number } };
}

export const SANDBOX_USER: GitHubPerson = { login: 'sandbox-user', id: 190_000_001, type: 'User' };
const PEOPLE: readonly GitHubPerson[] = [
  SANDBOX_USER,
  { login: 'mona-dev', id: 190_000_017, type: 'User' },
  { login: 'octo-ops', id: 190_000_029, type: 'User' },
  { login: 'renata-ux', id: 190_000_043, type: 'User' },
  { login: 'kai-backend', id: 190_000_061, type: 'User' },
  { login: 'hubot-qa', id: 190_000_079, type: 'User' },
];
const DEPENDABOT: GitHubPerson = { login: 'dependabot[bot]', id: 49_699_333, type: 'Bot' };

export const ORGS: readonly GitHubOrg[] = [
  { login: 'sandbox-labs', id: 290_000_011, type: 'Organization', description: 'Experiments of the sandbox team' },
  { login: 'acme-sandbox', id: 290_000_023, type: 'Organization', description: 'ACME, as emulated by the sandbox' },
];
const [LABS, ACME] = ORGS;

/** GitHub's default labels (name, colour, description). */
export const DEFAULT_LABELS: readonly (readonly [string, string, string])[] = [
  ['bug', 'd73a4a', "Something isn't working"],
  ['documentation', '0075ca', 'Improvements or additions to documentation'],
  ['duplicate', 'cfd3d7', 'This issue or pull request already exists'],
  ['enhancement', 'a2eeef', 'New feature or request'],
  ['good first issue', '7057ff', 'Good for newcomers'],
  ['help wanted', '008672', 'Extra attention is needed'],
  ['invalid', 'e4e669', "This doesn't seem right"],
  ['question', 'd876e3', 'Further information is requested'],
  ['wontfix', 'ffffff', 'This will not be worked on'],
];

interface RepoPlan {
  readonly owner: GitHubPerson;
  readonly name: string;
  readonly description: string | null;
  readonly language: string | null;
  readonly topics: readonly string[];
  readonly private: boolean;
  readonly issues: number;
  readonly pulls: number;
  readonly created: string;
  readonly license: GitHubRepoRow['license'];
}

const MIT = { key: 'mit', name: 'MIT License', spdx: 'MIT' };
const APACHE = { key: 'apache-2.0', name: 'Apache License 2.0', spdx: 'Apache-2.0' };

/** The repositories, oldest first. `issues: 0, pulls: 0` with issues turned off for the profile repository. */
const REPOS: readonly RepoPlan[] = [
  plan(
    SANDBOX_USER,
    'dotfiles',
    'My shell, editor and git settings',
    'Shell',
    ['dotfiles', 'zsh'],
    false,
    18,
    3,
    '2019-04-02',
    MIT,
  ),
  plan(
    SANDBOX_USER,
    'notes-app',
    'A small note-taking app with offline sync',
    'TypeScript',
    ['pwa', 'notes'],
    false,
    31,
    5,
    '2020-09-14',
    MIT,
  ),
  plan(
    LABS,
    'api-gateway',
    'Routing, auth and rate limiting in front of the lab services',
    'Go',
    ['gateway', 'api'],
    true,
    34,
    6,
    '2021-03-08',
    APACHE,
  ),
  plan(
    LABS,
    'design-system',
    'Components and tokens for every lab UI',
    'TypeScript',
    ['design-system', 'react'],
    false,
    22,
    4,
    '2021-11-22',
    MIT,
  ),
  plan(ACME, 'website', 'acme.example marketing site', 'Astro', ['website'], false, 27, 3, '2022-06-30', null),
  plan(
    ACME,
    'infra',
    'Terraform for the ACME cloud accounts',
    'HCL',
    ['terraform', 'aws'],
    true,
    18,
    3,
    '2023-01-17',
    null,
  ),
  plan(SANDBOX_USER, 'sandbox-user', 'Profile README', null, [], false, 0, 0, '2023-05-05', null),
];

function plan(
  owner: GitHubPerson,
  name: string,
  description: string | null,
  language: string | null,
  topics: readonly string[],
  isPrivate: boolean,
  issues: number,
  pulls: number,
  created: string,
  license: GitHubRepoRow['license'],
): RepoPlan {
  return { owner, name, description, language, topics, private: isPrivate, issues, pulls, created, license };
}

const SUBJECTS = [
  'the login page',
  'the settings screen',
  'the CLI',
  'the sync worker',
  'dark mode',
  'the README',
  'the release workflow',
  'the search box',
  'CSV export',
  'the API client',
  'the docs site',
  'the config loader',
];
const ISSUE_TITLES = [
  (s: string) => `Crash when opening ${s}`,
  (s: string) => `Add keyboard shortcuts to ${s}`,
  (s: string) => `Document ${s}`,
  (s: string) => `Flaky test around ${s}`,
  (s: string) => `Slow response from ${s}`,
  (s: string) => `Typo in ${s}`,
  (s: string) => `Support localisation in ${s}`,
  (s: string) => `How do I configure ${s}?`,
];
const PULL_TITLES = [
  (s: string) => `Fix the crash in ${s}`,
  (s: string) => `Refactor ${s}`,
  (s: string) => `Add tests for ${s}`,
  (s: string) => `Bump dependencies of ${s}`,
];
const FIRST_ISSUE_ID = 2_400_000_000;
const REPO_ID_BASE = 610_000_000;

/**
 * The account's data, mutable through `mutate` and back to the start with `reset`. Generation uses
 * one seeded generator in a fixed order, so a seed always gives the same account.
 */
export class GitHubDataset {
  repos: GitHubRepoRow[] = [];
  issues: GitHubIssueRow[] = [];
  /** Former `owner/name` (lower case) → repository id, after a rename or transfer (GitHub answers 301 there). */
  private formerNames = new Map<string, number>();
  private nextIssueId = FIRST_ISSUE_ID;
  private mutations = 0;

  constructor(readonly seed = 1) {
    this.reset();
  }

  get mutationCount(): number {
    return this.mutations;
  }

  reset(): void {
    const random = seededRandom(this.seed);
    this.mutations = 0;
    this.repos = [];
    this.formerNames = new Map();
    const rows: Omit<GitHubIssueRow, 'id'>[] = [];
    REPOS.forEach((p, index) => {
      const createdAt = Date.parse(`${p.created}T${pad(9 + index)}:${pad(10 + index * 7)}:${pad(index * 11)}Z`);
      const repo: GitHubRepoRow = {
        id: REPO_ID_BASE + index * 7_919 + Math.floor(random.next() * 5_000),
        owner: p.owner,
        name: p.name,
        description: p.description,
        language: p.language,
        topics: p.topics,
        private: p.private,
        hasIssues: p.issues + p.pulls > 0,
        license: p.license,
        createdAt,
        updatedAt: GITHUB_SANDBOX_NOW - Math.floor(random.next() * 30) * DAY_MS - Math.floor(random.next() * DAY_MS),
        pushedAt: GITHUB_SANDBOX_NOW - Math.floor(random.next() * 20) * DAY_MS - Math.floor(random.next() * DAY_MS),
        stars: Math.floor(10 ** (random.next() * 3.5)),
        forks: Math.floor(10 ** (random.next() * 2)),
        size: 100 + Math.floor(random.next() * 20_000),
        nextNumber: 1,
      };
      this.repos.push(repo);
      // Issues and pull requests share the numbers, interleaved, in creation order.
      const kinds = [...Array<boolean>(p.issues).fill(false), ...Array<boolean>(p.pulls).fill(true)];
      random.shuffle(kinds);
      const span = Math.max(DAY_MS, GITHUB_SANDBOX_NOW - 14 * DAY_MS - createdAt);
      const starts = kinds.map(() => createdAt + Math.floor(random.next() * span)).sort((a, b) => a - b);
      kinds.forEach((isPull, k) => rows.push(this.generate(repo, isPull, starts[k], random)));
    });
    // Ids grow with creation time across repositories, as GitHub's do.
    rows.sort((a, b) => a.createdAt - b.createdAt || a.repoId - b.repoId || a.number - b.number);
    this.nextIssueId = FIRST_ISSUE_ID;
    this.issues = rows.map((row) => ({ ...row, id: this.takeIssueId() }));
  }

  repoByName(owner: string, name: string): GitHubRepoRow | undefined {
    const wanted = `${owner}/${name}`.toLowerCase();
    return this.repos.find((repo) => fullName(repo).toLowerCase() === wanted);
  }

  /** The id of the repository that was called `owner/name` before a rename or transfer, if one was. */
  movedFrom(owner: string, name: string): number | undefined {
    return this.formerNames.get(`${owner}/${name}`.toLowerCase());
  }

  /**
   * Renames or transfers a repository, as a person would in its settings: `to` is its new `owner/name`
   * (the owner the sandbox user or one of its organisations, so the app still sees it). Its id, issues
   * and numbers stay; the old name answers 301 from then on. Throws a RangeError for an unknown
   * repository, a taken name or an owner the sandbox does not have.
   */
  rename(from: string, to: string): GitHubRepoRow {
    const [fromOwner = '', fromName = ''] = from.split('/');
    const repo = this.repoByName(fromOwner, fromName);
    if (!repo) throw new RangeError(`No repository ${from}`);
    const [toOwner = '', toName = '', ...rest] = to.split('/');
    const owner = [SANDBOX_USER, ...ORGS].find((person) => person.login.toLowerCase() === toOwner.toLowerCase());
    if (!owner) throw new RangeError(`The owner of ${to} must be ${SANDBOX_USER.login} or one of its organisations`);
    if (rest.length > 0 || !/^[A-Za-z0-9_.-]{1,100}$/.test(toName) || /^\.\.?$/.test(toName)) {
      throw new RangeError(`${to} is not a repository name (owner/name)`);
    }
    const taken = this.repoByName(owner.login, toName);
    if (taken && taken.id !== repo.id) throw new RangeError(`${to} exists already`);
    const moved: GitHubRepoRow = { ...repo, owner, name: toName };
    this.repos = this.repos.map((row) => (row.id === repo.id ? moved : row));
    this.formerNames.set(fullName(repo).toLowerCase(), repo.id);
    // The new name is the repository's now, even if it was another's former name.
    this.formerNames.delete(fullName(moved).toLowerCase());
    return moved;
  }

  repoById(id: number): GitHubRepoRow | undefined {
    return this.repos.find((repo) => repo.id === id);
  }

  issuesOf(repo: GitHubRepoRow): GitHubIssueRow[] {
    return this.issues.filter((issue) => issue.repoId === repo.id);
  }

  /**
   * Changes the data as real use would, each change a second after the last, on a clock an hour past
   * the previous mutation (so past every earlier `updated_at`): `updated` issues edited (a new title,
   * closed or reopened, a label, a comment), `deleted` issues deleted, `added` issues opened. Pull
   * requests are left alone. Edited and deleted issues are distinct, chosen among the issues there
   * were before the call; fewer are changed when there are not enough.
   *
   * `expected` is what the hub's next sync counts after a sync that ended before the call: issues
   * added and updated (GitHub's list shows them to `since`), never deleted — GitHub's list does not
   * show deleted issues, so an incremental sync cannot see them (`unreported`); only a full pass does.
   * Repositories: nothing (the hub does not keep `open_issues_count`, the one field issues move).
   */
  mutate(counts: ChangeCounts): MutationResult {
    if (this.mutations >= GITHUB_MAX_MUTATION) {
      throw new RangeError(`At most ${GITHUB_MAX_MUTATION} mutations between resets`);
    }
    this.mutations += 1;
    const random = seededRandom(this.seed * 1_000_003 + this.mutations);
    let clock = GITHUB_SANDBOX_NOW + this.mutations * HOUR_MS;
    const tick = () => (clock += 1000);

    const candidates = this.issues.filter((issue) => issue.pullRequest === null);
    random.shuffle(candidates);
    const edited = candidates.slice(0, counts.updated);
    const deleted = candidates.slice(edited.length, edited.length + counts.deleted);

    const gone = new Set(deleted.map((issue) => issue.id));
    this.issues = this.issues.filter((issue) => !gone.has(issue.id));
    for (const issue of edited) this.edit(issue, tick(), random);

    const open = this.repos.filter((repo) => repo.hasIssues);
    for (let i = 0; i < counts.added; i++) {
      const repo = open[Math.floor(random.next() * open.length)];
      const at = tick();
      this.issues.push({ ...this.generate(repo, false, at, random, at), id: this.takeIssueId() });
    }
    return {
      expected: {
        repositories: { added: 0, updated: 0, deleted: 0 },
        issues: { added: counts.added, updated: edited.length, deleted: 0 },
      },
      unreported: { issues: { deleted: deleted.length } },
    };
  }

  private edit(issue: GitHubIssueRow, at: number, random: SeededRandom): void {
    const change = Math.floor(random.next() * 4);
    if (change === 0) issue.title = `${issue.title.replace(/ \(updated\)$/, '')} (updated)`;
    else if (change === 1 && issue.state === 'open') {
      issue.state = 'closed';
      issue.stateReason = random.next() < 0.8 ? 'completed' : 'not_planned';
      issue.closedAt = at;
    } else if (change === 1) {
      issue.state = 'open';
      issue.stateReason = 'reopened';
      issue.closedAt = null;
    } else if (change === 2) {
      const unused = DEFAULT_LABELS.map(([name]) => name).filter((name) => !issue.labels.includes(name));
      if (unused.length > 0) issue.labels = [...issue.labels, unused[Math.floor(random.next() * unused.length)]];
    }
    // Every edit notifies: a comment on its way (GitHub bumps updated_at for comments too).
    if (change === 3 || random.next() < 0.5) issue.comments += 1;
    issue.updatedAt = at;
  }

  private generate(
    repo: GitHubRepoRow,
    isPull: boolean,
    createdAt: number,
    random: SeededRandom,
    updatedAt?: number,
  ): Omit<GitHubIssueRow, 'id'> {
    const subject = SUBJECTS[Math.floor(random.next() * SUBJECTS.length)];
    const titles = isPull ? PULL_TITLES : ISSUE_TITLES;
    const title = titles[Math.floor(random.next() * titles.length)](subject);
    const bumps = title.startsWith('Bump');
    const user = isPull && bumps ? DEPENDABOT : PEOPLE[Math.floor(random.next() * PEOPLE.length)];
    const updated =
      updatedAt ?? Math.min(GITHUB_SANDBOX_NOW, createdAt + Math.floor(random.next() * 40 * DAY_MS) + 60_000);
    const fresh = updatedAt !== undefined;
    const closed = !fresh && random.next() < (isPull ? 0.7 : 0.35);
    const closedAt = closed ? createdAt + Math.floor((updated - createdAt) * (0.5 + random.next() / 2)) : null;
    const labels = DEFAULT_LABELS.map(([name]) => name).filter(() => random.next() < 0.14);
    const assignees = PEOPLE.filter(() => random.next() < 0.12).slice(0, 2);
    return {
      repoId: repo.id,
      number: repo.nextNumber++,
      title,
      body: isPull
        ? `This changes ${subject}.\n\n- [x] Tests\n- [ ] Docs`
        : `Steps to reproduce:\n\n1. Open ${subject}\n2. Look closely\n\nExpected it to work.`,
      user,
      labels: isPull ? labels.filter((name) => name !== 'question') : labels,
      assignees,
      state: closed ? 'closed' : 'open',
      stateReason: closed
        ? isPull || random.next() < 0.8
          ? 'completed'
          : 'not_planned'
        : !fresh && random.next() < 0.05
          ? 'reopened'
          : null,
      comments: fresh ? 0 : Math.floor(random.next() ** 2 * 14),
      createdAt,
      updatedAt: updated,
      closedAt: closedAt === null ? null : Math.min(closedAt, updated),
      pullRequest: isPull
        ? { draft: !closed && random.next() < 0.2, mergedAt: closed && random.next() < 0.8 ? closedAt : null }
        : null,
    };
  }

  private takeIssueId(): number {
    const id = this.nextIssueId;
    this.nextIssueId += 3 + (id % 5);
    return id;
  }
}

export const fullName = (repo: GitHubRepoRow): string => `${repo.owner.login}/${repo.name}`;

/** GitHub's timestamps: ISO 8601 in UTC, to the second. */
export const isoSeconds = (ms: number): string =>
  new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

function pad(value: number): string {
  return String(value % 60).padStart(2, '0');
}

/** The account's stream: the state GitHub's data has always started from (its tests pin the data). */
function seededRandom(seed: number): SeededRandom {
  return SeededRandom.fromState(Math.imul(seed, 0x9e3779b1) ^ 0x6d2b79f5);
}

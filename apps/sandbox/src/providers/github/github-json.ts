import {
  DEFAULT_LABELS,
  fullName,
  type GitHubIssueRow,
  type GitHubOrg,
  type GitHubPerson,
  type GitHubRepoRow,
  isoSeconds,
  SANDBOX_USER,
} from './github-data';

/**
 * The sandbox's GitHub rows as GitHub's REST API writes them (field names, nesting, URL templates).
 * API URLs point at the sandbox (`api` = its base URL), web URLs at github.com, as GitHub's do.
 */

const WEB = 'https://github.com';

/** "simple-user" (https://docs.github.com/en/rest/users/users). */
export function userJson(person: GitHubPerson, api: string): Record<string, unknown> {
  const url = `${api}/users/${encodeURIComponent(person.login)}`;
  return {
    login: person.login,
    id: person.id,
    node_id: nodeId(person.type === 'Bot' ? 'BOT_' : 'U_', person.id),
    avatar_url: `https://avatars.githubusercontent.com/u/${person.id}?v=4`,
    gravatar_id: '',
    url,
    html_url: person.type === 'Bot' ? `${WEB}/apps/${person.login.replace(/\[bot\]$/, '')}` : `${WEB}/${person.login}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: person.type,
    user_view_type: 'public',
    site_admin: false,
  };
}

/** GET /user for the signed-in person: "private-user". */
export function authenticatedUserJson(api: string, publicRepos: number, privateRepos: number): Record<string, unknown> {
  return {
    ...userJson(SANDBOX_USER, api),
    name: 'Sandbox User',
    company: '@sandbox-labs',
    blog: 'https://sandbox.example.com',
    location: 'Localhost',
    email: 'sandbox@example.com',
    hireable: null,
    bio: 'Not a real GitHub account: the provider sandbox.',
    twitter_username: null,
    notification_email: 'sandbox@example.com',
    public_repos: publicRepos,
    public_gists: 2,
    followers: 12,
    following: 3,
    created_at: '2016-02-29T10:11:12Z',
    updated_at: '2025-05-20T08:00:00Z',
    private_gists: 1,
    total_private_repos: privateRepos,
    owned_private_repos: privateRepos,
    disk_usage: 48_213,
    collaborators: 4,
    two_factor_authentication: true,
    plan: { name: 'pro', space: 976_562_499, collaborators: 0, private_repos: 9999 },
  };
}

/** "organization-simple" (https://docs.github.com/en/rest/orgs/orgs). */
export function orgJson(org: GitHubOrg, api: string): Record<string, unknown> {
  const url = `${api}/orgs/${org.login}`;
  return {
    login: org.login,
    id: org.id,
    node_id: nodeId('O_', org.id),
    url,
    repos_url: `${url}/repos`,
    events_url: `${url}/events`,
    hooks_url: `${url}/hooks`,
    issues_url: `${url}/issues`,
    members_url: `${url}/members{/member}`,
    public_members_url: `${url}/public_members{/member}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${org.id}?v=4`,
    description: org.description,
  };
}

/** "repository" as GET /user/repos lists it, with the caller's `permissions`. */
export function repoJson(repo: GitHubRepoRow, issues: readonly GitHubIssueRow[], api: string): Record<string, unknown> {
  const name = fullName(repo);
  const url = `${api}/repos/${name}`;
  // Open issues and open pull requests, as GitHub counts them.
  const open = issues.filter((issue) => issue.state === 'open').length;
  const owned = repo.owner.login === SANDBOX_USER.login;
  return {
    id: repo.id,
    node_id: nodeId('R_', repo.id),
    name: repo.name,
    full_name: name,
    private: repo.private,
    owner: userJson(repo.owner, api),
    html_url: `${WEB}/${name}`,
    description: repo.description,
    fork: false,
    url,
    forks_url: `${url}/forks`,
    keys_url: `${url}/keys{/key_id}`,
    collaborators_url: `${url}/collaborators{/collaborator}`,
    teams_url: `${url}/teams`,
    hooks_url: `${url}/hooks`,
    issue_events_url: `${url}/issues/events{/number}`,
    events_url: `${url}/events`,
    assignees_url: `${url}/assignees{/user}`,
    branches_url: `${url}/branches{/branch}`,
    tags_url: `${url}/tags`,
    blobs_url: `${url}/git/blobs{/sha}`,
    git_tags_url: `${url}/git/tags{/sha}`,
    git_refs_url: `${url}/git/refs{/sha}`,
    trees_url: `${url}/git/trees{/sha}`,
    statuses_url: `${url}/statuses/{sha}`,
    languages_url: `${url}/languages`,
    stargazers_url: `${url}/stargazers`,
    contributors_url: `${url}/contributors`,
    subscribers_url: `${url}/subscribers`,
    subscription_url: `${url}/subscription`,
    commits_url: `${url}/commits{/sha}`,
    git_commits_url: `${url}/git/commits{/sha}`,
    comments_url: `${url}/comments{/number}`,
    issue_comment_url: `${url}/issues/comments{/number}`,
    contents_url: `${url}/contents/{+path}`,
    compare_url: `${url}/compare/{base}...{head}`,
    merges_url: `${url}/merges`,
    archive_url: `${url}/{archive_format}{/ref}`,
    downloads_url: `${url}/downloads`,
    issues_url: `${url}/issues{/number}`,
    pulls_url: `${url}/pulls{/number}`,
    milestones_url: `${url}/milestones{/number}`,
    notifications_url: `${url}/notifications{?since,all,participating}`,
    labels_url: `${url}/labels{/name}`,
    releases_url: `${url}/releases{/id}`,
    deployments_url: `${url}/deployments`,
    created_at: isoSeconds(repo.createdAt),
    updated_at: isoSeconds(repo.updatedAt),
    pushed_at: isoSeconds(repo.pushedAt),
    git_url: `git://github.com/${name}.git`,
    ssh_url: `git@github.com:${name}.git`,
    clone_url: `${WEB}/${name}.git`,
    svn_url: `${WEB}/${name}`,
    homepage: null,
    size: repo.size,
    stargazers_count: repo.stars,
    watchers_count: repo.stars,
    language: repo.language,
    has_issues: repo.hasIssues,
    has_projects: true,
    has_downloads: true,
    has_wiki: !repo.private,
    has_pages: false,
    has_discussions: false,
    forks_count: repo.forks,
    mirror_url: null,
    archived: false,
    disabled: false,
    open_issues_count: open,
    license: repo.license
      ? {
          key: repo.license.key,
          name: repo.license.name,
          spdx_id: repo.license.spdx,
          url: `${api}/licenses/${repo.license.key}`,
          node_id: nodeId('L_', repo.license.key.length),
        }
      : null,
    allow_forking: !repo.private,
    is_template: false,
    web_commit_signoff_required: false,
    topics: [...repo.topics],
    visibility: repo.private ? 'private' : 'public',
    forks: repo.forks,
    open_issues: open,
    watchers: repo.stars,
    default_branch: 'main',
    permissions: { admin: owned, maintain: owned, push: true, triage: true, pull: true },
  };
}

/** An item of GET /repos/{owner}/{repo}/issues: an issue, or a pull request (it has `pull_request`). */
export function issueJson(issue: GitHubIssueRow, repo: GitHubRepoRow, api: string): Record<string, unknown> {
  const name = fullName(repo);
  const repoUrl = `${api}/repos/${name}`;
  const url = `${repoUrl}/issues/${issue.number}`;
  const assignees = issue.assignees.map((person) => userJson(person, api));
  const pull = issue.pullRequest;
  return {
    url,
    repository_url: repoUrl,
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: `${WEB}/${name}/${pull ? 'pull' : 'issues'}/${issue.number}`,
    id: issue.id,
    node_id: nodeId(pull ? 'PR_' : 'I_', issue.id),
    number: issue.number,
    title: issue.title,
    user: userJson(issue.user, api),
    labels: issue.labels.map((label) => labelJson(label, repo, api)),
    state: issue.state,
    locked: false,
    assignee: assignees[0] ?? null,
    assignees,
    milestone: null,
    comments: issue.comments,
    created_at: isoSeconds(issue.createdAt),
    updated_at: isoSeconds(issue.updatedAt),
    closed_at: issue.closedAt === null ? null : isoSeconds(issue.closedAt),
    author_association: authorAssociation(issue.user, repo),
    type: null,
    active_lock_reason: null,
    ...(pull
      ? {
          draft: pull.draft,
          pull_request: {
            url: `${repoUrl}/pulls/${issue.number}`,
            html_url: `${WEB}/${name}/pull/${issue.number}`,
            diff_url: `${WEB}/${name}/pull/${issue.number}.diff`,
            patch_url: `${WEB}/${name}/pull/${issue.number}.patch`,
            merged_at: pull.mergedAt === null ? null : isoSeconds(pull.mergedAt),
          },
        }
      : {}),
    body: issue.body,
    closed_by: null,
    reactions: {
      url: `${url}/reactions`,
      total_count: 0,
      '+1': 0,
      '-1': 0,
      laugh: 0,
      hooray: 0,
      confused: 0,
      heart: 0,
      rocket: 0,
      eyes: 0,
    },
    timeline_url: `${url}/timeline`,
    performed_via_github_app: null,
    state_reason: issue.stateReason,
  };
}

function labelJson(name: string, repo: GitHubRepoRow, api: string): Record<string, unknown> {
  const index = DEFAULT_LABELS.findIndex(([label]) => label === name);
  const [, color, description] = DEFAULT_LABELS[index];
  const id = repo.id * 10 + index;
  return {
    id,
    node_id: nodeId('LA_', id),
    url: `${api}/repos/${fullName(repo)}/labels/${encodeURIComponent(name)}`,
    name,
    color,
    default: true,
    description,
  };
}

function authorAssociation(person: GitHubPerson, repo: GitHubRepoRow): string {
  if (person.login === repo.owner.login) return 'OWNER';
  if (person.type === 'Bot') return 'NONE';
  return repo.owner.type === 'Organization' ? 'MEMBER' : 'CONTRIBUTOR';
}

/** A stable opaque node id, in GitHub's prefix + base64url style. */
function nodeId(prefix: string, id: number): string {
  return `${prefix}kwDO${Buffer.from(`sandbox:${id}`).toString('base64url')}`;
}

/**
 * The repository-settings half of the fake GitHub: the repository's settings, classic protection,
 * effective rules, rulesets and issues, answered in GitHub's shapes (the `GET /repos/{o}/{r}` body
 * is the webhook example's repository plus the fields only the REST answer has). Plugged into
 * FakeGitHub as `extraRoutes`; tests change the state between deliveries.
 */
import { createRequire } from 'node:module';

// As fixtures.ts loads it: through require, so jest reads the JSON without an import attribute warning.
const examples: unknown = createRequire(import.meta.url)('@octokit/webhooks-examples');

interface Example {
  name: string;
  examples: any[];
}

export interface FakeIssue {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  labels: { name: string }[];
  comments: string[];
  html_url: string;
}

export class SettingsWorld {
  readonly owner: string;
  readonly repo: string;
  repository: Record<string, any>;
  /** Classic protection of the default branch (null: not protected). */
  classic: Record<string, any> | null = null;
  rules: Record<string, any>[] = [];
  rulesets = new Map<number, Record<string, any>>();
  /** Routes answering 403 (the app lacks a permission). */
  forbidden: RegExp[] = [];
  issues: FakeIssue[] = [];
  headSha: string;
  /** A repository without a commit yet: its default branch does not exist. */
  empty = false;

  constructor(options: { owner?: string; repo?: string; headSha: string; defaultBranch?: string }) {
    this.owner = options.owner ?? 'Codertocat';
    this.repo = options.repo ?? 'Hello-World';
    this.headSha = options.headSha;
    const push = (examples as unknown as Example[]).find((entry) => entry.name === 'push')!;
    const repository = structuredClone(push.examples[0].repository);
    this.repository = {
      ...repository,
      owner: { ...repository.owner, login: this.owner },
      name: this.repo,
      full_name: `${this.owner}/${this.repo}`,
      html_url: `https://github.com/${this.owner}/${this.repo}`,
      default_branch: options.defaultBranch ?? 'master',
      visibility: 'public',
      private: false,
      archived: false,
      fork: false,
      has_wiki: true,
      has_projects: true,
      allow_merge_commit: true,
      allow_squash_merge: true,
      allow_rebase_merge: true,
      delete_branch_on_merge: false,
      custom_properties: {},
    };
  }

  /** Issue writes (create, update, comment), for "nothing was written" checks. */
  writes: string[] = [];

  route = (method: string, path: string, query: URLSearchParams, body: any): [number, any, Record<string, string>?] | undefined => {
    const repoPath = `/repos/${this.owner}/${this.repo}`;
    if (this.forbidden.some((pattern) => pattern.test(path))) return [403, { message: 'Resource not accessible by integration' }];
    const branch = this.repository.default_branch as string;
    let match: RegExpExecArray | null;
    if (method === 'GET' && path === repoPath) return [200, this.repository];
    if (method === 'GET' && path === `/repos/${this.owner}/.github`) return [404, { message: 'Not Found' }];
    if (method === 'GET' && path === `${repoPath}/branches/${branch}`) return this.empty ? [404, { message: 'Branch not found' }] : [200, { name: branch, commit: { sha: this.headSha }, protected: this.classic !== null }];
    if (method === 'GET' && path === `${repoPath}/branches/${branch}/protection`) return this.classic ? [200, this.classic] : [404, { message: 'Branch not protected' }];
    if (method === 'GET' && path === `${repoPath}/rules/branches/${branch}`) return [200, this.rules];
    if (method === 'GET' && (match = new RegExp(`^${repoPath}/rulesets/(\\d+)$`).exec(path))) {
      const ruleset = this.rulesets.get(Number(match[1]));
      return ruleset ? [200, ruleset] : [404, { message: 'Not Found' }];
    }
    if (path.startsWith(`${repoPath}/issues`)) return this.#issues(method, path.slice(repoPath.length), query, body);
    return undefined;
  };

  #issues(method: string, path: string, query: URLSearchParams, body: any): [number, any] | undefined {
    let match: RegExpExecArray | null;
    const view = (issue: FakeIssue) => ({ number: issue.number, title: issue.title, body: issue.body, state: issue.state, labels: issue.labels, html_url: issue.html_url });
    if (method === 'GET' && path === '/issues') {
      const label = query.get('labels');
      const state = query.get('state') ?? 'open';
      return [200, this.issues.filter((issue) => (!label || issue.labels.some((l) => l.name === label)) && (state === 'all' || issue.state === state)).map(view)];
    }
    if (method === 'POST' && path === '/issues') {
      const number = 100 + this.issues.length;
      const issue: FakeIssue = { number, title: body.title, body: body.body, state: 'open', labels: (body.labels ?? []).map((name: string) => ({ name })), comments: [], html_url: `https://github.com/${this.owner}/${this.repo}/issues/${number}` };
      this.issues.push(issue);
      this.writes.push(`create #${number}`);
      return [201, view(issue)];
    }
    if ((match = /^\/issues\/(\d+)(\/comments)?$/.exec(path))) {
      const issue = this.issues.find((candidate) => candidate.number === Number(match![1]));
      if (!issue) return [404, { message: 'Not Found' }];
      if (method === 'POST' && match[2]) {
        issue.comments.push(body.body);
        this.writes.push(`comment #${issue.number}`);
        return [201, { id: issue.comments.length, body: body.body }];
      }
      if (method === 'PATCH' && !match[2]) {
        if (body.body !== undefined) issue.body = body.body;
        if (body.state !== undefined) issue.state = body.state;
        this.writes.push(`update #${issue.number}${body.state ? ` ${body.state}` : ''}`);
        return [200, view(issue)];
      }
    }
    return undefined;
  }
}

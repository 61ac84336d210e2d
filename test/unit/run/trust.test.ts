import { describe, expect, it } from 'vitest';
import { assertTrustedTrigger, UntrustedTriggerError } from '../../../src/run/trust.js';

const repo = { full_name: 'acme/train', fork: false };
const forkRepo = { full_name: 'mallory/train', fork: true };

const fixtures: Record<string, unknown> = {
  '/ev/push.json': { repository: repo, ref: 'refs/heads/main' },
  '/ev/pr-same.json': { repository: repo, pull_request: { head: { repo }, base: { repo } } },
  '/ev/pr-fork.json': {
    repository: repo,
    pull_request: { head: { repo: forkRepo }, base: { repo } },
  },
  '/ev/pr-deleted-head.json': {
    repository: repo,
    pull_request: { head: { repo: null }, base: { repo } },
  },
  '/ev/wr-fork.json': {
    repository: repo,
    workflow_run: { event: 'pull_request', head_repository: forkRepo, repository: repo },
  },
  '/ev/wr-same.json': {
    repository: repo,
    workflow_run: { event: 'pull_request', head_repository: repo, repository: repo },
  },
  '/ev/wr-push.json': {
    repository: repo,
    workflow_run: { event: 'push', head_repository: forkRepo, repository: repo },
  },
  '/ev/comment-outsider.json': {
    repository: repo,
    issue: { pull_request: { url: 'x' } },
    comment: { author_association: 'CONTRIBUTOR' },
  },
  '/ev/comment-member.json': {
    repository: repo,
    issue: { pull_request: { url: 'x' } },
    comment: { author_association: 'MEMBER' },
  },
  '/ev/comment-issue.json': {
    repository: repo,
    issue: {},
    comment: { author_association: 'NONE' },
  },
};

const readFixture = (path: string): string => {
  const fixture = fixtures[path];
  if (fixture === undefined) throw new Error(`ENOENT: ${path}`);
  return JSON.stringify(fixture);
};

describe('assertTrustedTrigger', () => {
  it.each([
    ['push', '/ev/push.json'],
    ['workflow_dispatch', '/ev/push.json'],
    ['pull_request', '/ev/pr-same.json'],
    ['workflow_run', '/ev/wr-same.json'],
    ['workflow_run', '/ev/wr-push.json'],
    ['issue_comment', '/ev/comment-member.json'],
    ['issue_comment', '/ev/comment-issue.json'],
    ['', undefined],
    ['schedule', undefined],
  ])('allows %s (%s)', (event, path) => {
    expect(() =>
      assertTrustedTrigger(
        { GITHUB_EVENT_NAME: event, GITHUB_EVENT_PATH: path },
        false,
        readFixture,
      ),
    ).not.toThrow();
  });

  it.each([
    ['pull_request_target', '/ev/pr-same.json', /pull_request_target/],
    ['pull_request', '/ev/pr-fork.json', /fork \(mallory\/train\)/],
    ['pull_request_review', '/ev/pr-fork.json', /fork/],
    ['pull_request', '/ev/pr-deleted-head.json', /deleted repository/],
    ['workflow_run', '/ev/wr-fork.json', /fork pull request/],
    ['issue_comment', '/ev/comment-outsider.json', /association CONTRIBUTOR/],
    ['pull_request', '/ev/missing.json', /could not be read/],
    ['pull_request', undefined, /GITHUB_EVENT_PATH is not set/],
  ])('refuses %s (%s)', (event, path, message) => {
    const check = () =>
      assertTrustedTrigger(
        { GITHUB_EVENT_NAME: event, GITHUB_EVENT_PATH: path },
        false,
        readFixture,
      );
    expect(check).toThrow(UntrustedTriggerError);
    expect(check).toThrow(message);
    expect(check).toThrow(/allow-untrusted: true/);
  });

  it('lets allow-untrusted through', () => {
    expect(() =>
      assertTrustedTrigger(
        { GITHUB_EVENT_NAME: 'pull_request_target', GITHUB_EVENT_PATH: '/ev/pr-fork.json' },
        true,
        readFixture,
      ),
    ).not.toThrow();
  });

  it('reads the real event file by default', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'event-'));
    const path = join(dir, 'event.json');
    writeFileSync(path, readFixture('/ev/pr-fork.json'));
    expect(() =>
      assertTrustedTrigger({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: path }, false),
    ).toThrow(/fork/);
  });
});

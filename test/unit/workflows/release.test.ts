/** The release workflow: what triggers it, what it may do, and in which order. */
import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';

interface Job {
  needs?: string;
  permissions?: Record<string, string>;
  steps: { uses?: string; run?: string; with?: Record<string, unknown> }[];
}
const release = load(readFileSync('.github/workflows/release.yml', 'utf8')) as {
  on: { push: { tags: string[]; branches?: unknown } };
  permissions: Record<string, string>;
  jobs: Record<string, Job>;
};
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as Record<string, unknown>;

const runs = (job: Job) => job.steps.map((step) => step.run ?? '').join('\n');

describe('.github/workflows/release.yml', () => {
  it('runs on version tags only', () => {
    expect(release.on).toEqual({ push: { tags: ['v[0-9]+.[0-9]+.[0-9]+'] } });
  });

  it('publishes with provenance after the checks, with id-token: write and nothing more', () => {
    const publish = release.jobs.publish!;
    expect(release.permissions).toEqual({ contents: 'read' });
    expect(publish.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    const script = runs(publish);
    expect(script.indexOf('bash .ci/run')).toBeGreaterThan(script.indexOf('"v$version"'));
    expect(script.indexOf('npm publish --provenance')).toBeGreaterThan(
      script.indexOf('bash .ci/run'),
    );
  });

  it('moves the major tag only after publishing, and only that job may write', () => {
    const major = release.jobs['major-tag']!;
    expect(major.needs).toBe('publish');
    expect(major.permissions).toEqual({ contents: 'write' });
    expect(runs(major)).toContain('major="${TAG%%.*}"');
    expect(runs(major)).toContain('git push --force origin "refs/tags/$major"');
  });

  it('the package is publishable: not private, a files whitelist, the CLI as its bin', () => {
    expect(pkg.private).toBeUndefined();
    expect(pkg.files).toEqual(['dist/', 'action.yml']);
    expect(pkg.bin).toEqual({ 'launch-action': 'dist/cli/index.js' });
    expect(pkg.publishConfig).toEqual({ access: 'public', provenance: true });
    // The bundles carry their code: installing the package pulls nothing else.
    expect(pkg.dependencies).toBeUndefined();
  });
});

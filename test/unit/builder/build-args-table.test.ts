import { describe, expect, it } from 'vitest';
import {
  buildxArgs,
  dockerBuildArgs,
  resolveCache,
  type BuildRequest,
  type CacheDecision,
} from '../../../src/builder/args.js';

const request: BuildRequest = {
  context: '/w/ctx',
  dockerfile: '/tmp/b/Dockerfile',
  tags: ['reg.io/a/b:0123456789abcdef', 'reg.io/a/b:main'],
  push: true,
  buildArgs: [
    ['A', '1'],
    ['B', 'x=y'],
  ],
  labels: [['org.opencontainers.image.revision', 'abc']],
  secrets: [['launch-pip-conf', '/tmp/b/secret']],
  platforms: ['linux/amd64'],
  cache: { mode: 'none' },
  metadataFile: '/tmp/b/metadata.json',
};

/** Everything before the cache flags, for each builder. */
const BUILDX_HEAD = [
  'buildx',
  'build',
  '--file',
  '/tmp/b/Dockerfile',
  '--tag',
  'reg.io/a/b:0123456789abcdef',
  '--tag',
  'reg.io/a/b:main',
  '--push',
  '--build-arg',
  'A=1',
  '--build-arg',
  'B=x=y',
  '--label',
  'org.opencontainers.image.revision=abc',
  '--secret',
  'id=launch-pip-conf,src=/tmp/b/secret',
  '--platform',
  'linux/amd64',
];
const BUILDX_TAIL = ['--metadata-file', '/tmp/b/metadata.json', '--provenance=false', '/w/ctx'];

describe('buildxArgs: cache flags and options, one table', () => {
  it.each<[string, Partial<BuildRequest>, string[]]>([
    ['no cache', {}, []],
    [
      'inline, nothing to import',
      { cache: { mode: 'inline', from: [] } },
      ['--cache-to', 'type=inline'],
    ],
    [
      'inline from pinned images',
      { cache: { mode: 'inline', from: ['r/a@sha256:1', 'r/a@sha256:2'] } },
      [
        '--cache-from',
        'type=registry,ref=r/a@sha256:1',
        '--cache-from',
        'type=registry,ref=r/a@sha256:2',
        '--cache-to',
        'type=inline',
      ],
    ],
    [
      'gha',
      { cache: { mode: 'gha', scope: 'proj-main' } },
      [
        '--cache-from',
        'type=gha,scope=proj-main',
        '--cache-to',
        'type=gha,mode=max,scope=proj-main,ignore-error=true,timeout=10m',
      ],
    ],
    [
      'registry',
      { cache: { mode: 'registry', ref: 'reg.io/a/b:buildcache' } },
      [
        '--cache-from',
        'type=registry,ref=reg.io/a/b:buildcache',
        '--cache-to',
        'type=registry,ref=reg.io/a/b:buildcache,mode=max,ignore-error=true',
      ],
    ],
  ])('%s', (_name, change, cacheFlags) => {
    expect(buildxArgs({ ...request, ...change })).toEqual([
      ...BUILDX_HEAD,
      ...cacheFlags,
      ...BUILDX_TAIL,
    ]);
  });

  it.each<[string, Partial<BuildRequest>, string[]]>([
    ['the default network adds nothing', { network: 'default' }, []],
    ['another network', { network: 'host' }, ['--network', 'host']],
    ['no-cache false adds nothing', { noCache: false, pull: false }, []],
  ])('%s', (_name, change, extra) => {
    const head = BUILDX_HEAD.slice(0, -2);
    expect(buildxArgs({ ...request, ...change })).toEqual([
      ...head,
      ...extra,
      '--platform',
      'linux/amd64',
      ...BUILDX_TAIL,
    ]);
  });

  it('several platforms are one flag; none is no flag', () => {
    expect(buildxArgs({ ...request, platforms: ['linux/amd64', 'linux/arm64'] })).toContain(
      'linux/amd64,linux/arm64',
    );
    expect(buildxArgs({ ...request, platforms: [] })).not.toContain('--platform');
  });
});

describe('dockerBuildArgs (classic builder): everything but cache, secrets and push', () => {
  it('passes tags, build args, labels, network and platform', () => {
    expect(
      dockerBuildArgs({
        ...request,
        network: 'host',
        cache: { mode: 'gha', scope: 's' },
      }),
    ).toEqual([
      'build',
      '--file',
      '/tmp/b/Dockerfile',
      '--tag',
      'reg.io/a/b:0123456789abcdef',
      '--tag',
      'reg.io/a/b:main',
      '--build-arg',
      'A=1',
      '--build-arg',
      'B=x=y',
      '--label',
      'org.opencontainers.image.revision=abc',
      '--network',
      'host',
      '--platform',
      'linux/amd64',
      '/w/ctx',
    ]);
  });

  it('the default network and no platforms add nothing', () => {
    expect(
      dockerBuildArgs({ ...request, network: 'default', platforms: [], buildArgs: [], labels: [] }),
    ).toEqual([
      'build',
      '--file',
      '/tmp/b/Dockerfile',
      '--tag',
      'reg.io/a/b:0123456789abcdef',
      '--tag',
      'reg.io/a/b:main',
      '/w/ctx',
    ]);
  });
});

describe('resolveCache: the whole decision', () => {
  const target = { repository: 'reg.io/a/b', scope: 's', cacheFrom: ['reg.io/a/b@sha256:1'] };
  const inline = { mode: 'inline', from: ['reg.io/a/b@sha256:1'] } as const;
  const results = { ACTIONS_RUNTIME_TOKEN: 't', ACTIONS_RESULTS_URL: 'https://results/' };
  const legacy = { ACTIONS_RUNTIME_TOKEN: 't', ACTIONS_CACHE_URL: 'https://cache/' };
  const container = { kind: 'buildx', driver: 'docker-container' } as const;
  it.each<[string, Parameters<typeof resolveCache>, CacheDecision]>([
    ['inline on buildx', ['inline', container, target, results], { cache: inline }],
    [
      'inline on the classic builder',
      ['inline', { kind: 'docker' }, target, {}],
      { cache: inline },
    ],
    [
      'auto on the classic builder',
      ['auto', { kind: 'docker' }, target, results],
      { cache: inline },
    ],
    [
      'gha on the classic builder',
      ['gha', { kind: 'docker' }, target, results],
      {
        cache: inline,
        warning:
          "cache 'gha' needs buildx; the plain docker builder only does inline cache, using that.",
      },
    ],
    [
      'auto with the legacy cache URL',
      ['auto', container, target, legacy],
      { cache: { mode: 'gha', scope: 's' } },
    ],
    [
      'auto without a token',
      ['auto', container, target, { ACTIONS_RESULTS_URL: 'u' }],
      { cache: inline },
    ],
    [
      'auto without a cache URL',
      ['auto', container, target, { ACTIONS_RUNTIME_TOKEN: 't' }],
      { cache: inline },
    ],
    ['auto, driver unknown', ['auto', { kind: 'buildx' }, target, results], { cache: inline }],
    [
      'gha',
      ['gha', { kind: 'buildx', driver: 'remote' }, target, legacy],
      { cache: { mode: 'gha', scope: 's' } },
    ],
    [
      'gha, driver unknown',
      ['gha', { kind: 'buildx' }, target, results],
      {
        cache: inline,
        warning:
          "cache 'gha' needs a builder that can export cache (buildx driver docker-container or remote); this builder uses the 'unknown' driver, so inline cache is used instead. Add a docker/setup-buildx-action step before this one to get a docker-container builder.",
      },
    ],
    [
      'registry on the docker driver',
      ['registry', { kind: 'buildx', driver: 'docker' }, target, {}],
      {
        cache: inline,
        warning:
          "cache 'registry' needs a builder that can export cache (buildx driver docker-container or remote); this builder uses the 'docker' driver, so inline cache is used instead. Add a docker/setup-buildx-action step before this one to get a docker-container builder.",
      },
    ],
    [
      'gha without the runner variables',
      ['gha', container, target, { ACTIONS_RUNTIME_TOKEN: 't' }],
      {
        cache: inline,
        warning:
          "cache 'gha' was requested but ACTIONS_RUNTIME_TOKEN and ACTIONS_CACHE_URL/ACTIONS_RESULTS_URL are not set: buildx would silently drop the cache. Run this action as a step of a GitHub Actions job (not inside a container step or a run: script). Using inline cache.",
      },
    ],
    [
      'registry',
      ['registry', container, target, {}],
      { cache: { mode: 'registry', ref: 'reg.io/a/b:buildcache' } },
    ],
    [
      'registry without a destination',
      ['registry', container, { scope: 's' }, {}],
      {
        cache: { mode: 'inline', from: [] },
        warning: "cache 'registry' needs a destination to keep the cache in; using inline cache.",
      },
    ],
    ['none', ['none', container, target, results], { cache: { mode: 'none' } }],
    ['noop builder', ['inline', { kind: 'noop' }, target, results], { cache: { mode: 'none' } }],
  ])('%s', (_name, args, decision) => {
    expect(resolveCache(...args)).toEqual(decision);
  });
});

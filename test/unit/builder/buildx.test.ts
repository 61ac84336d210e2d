import { describe, expect, it } from 'vitest';
import {
  buildxArgs,
  dockerBuildArgs,
  resolveCache,
  type BuildRequest,
} from '../../../src/builder/args.js';
import { pipConfig } from '../../../src/builder/index.js';

const request: BuildRequest = {
  context: '/w/ctx',
  dockerfile: '/tmp/b/Dockerfile',
  tags: ['reg.io/a/b:0123456789abcdef'],
  push: true,
  buildArgs: [],
  labels: [],
  secrets: [],
  platforms: [],
  cache: { mode: 'none' },
  metadataFile: '/tmp/b/metadata.json',
};

describe('buildxArgs', () => {
  it.each<[string, Partial<BuildRequest>, string[]]>([
    [
      'push, no cache',
      {},
      [
        'buildx',
        'build',
        '--file',
        '/tmp/b/Dockerfile',
        '--tag',
        'reg.io/a/b:0123456789abcdef',
        '--push',
        '--metadata-file',
        '/tmp/b/metadata.json',
        '--provenance=false',
        '/w/ctx',
      ],
    ],
    [
      'local load with args, labels, secrets, network, platforms',
      {
        push: false,
        buildArgs: [['A', 'x=y']],
        labels: [['org.opencontainers.image.revision', 'abc']],
        secrets: [['launch-pip-conf', '/tmp/b/secret']],
        network: 'host',
        platforms: ['linux/amd64', 'linux/arm64'],
      },
      [
        'buildx',
        'build',
        '--file',
        '/tmp/b/Dockerfile',
        '--tag',
        'reg.io/a/b:0123456789abcdef',
        '--load',
        '--build-arg',
        'A=x=y',
        '--label',
        'org.opencontainers.image.revision=abc',
        '--secret',
        'id=launch-pip-conf,src=/tmp/b/secret',
        '--network',
        'host',
        '--platform',
        'linux/amd64,linux/arm64',
        '--metadata-file',
        '/tmp/b/metadata.json',
        '--provenance=false',
        '/w/ctx',
      ],
    ],
    [
      'gha cache with a per-image scope',
      { cache: { mode: 'gha', scope: 'launch-reg.io-a-b' } },
      [
        'buildx',
        'build',
        '--file',
        '/tmp/b/Dockerfile',
        '--tag',
        'reg.io/a/b:0123456789abcdef',
        '--push',
        '--cache-from',
        'type=gha,scope=launch-reg.io-a-b',
        '--cache-to',
        'type=gha,mode=max,scope=launch-reg.io-a-b,ignore-error=true,timeout=10m',
        '--metadata-file',
        '/tmp/b/metadata.json',
        '--provenance=false',
        '/w/ctx',
      ],
    ],
    [
      'registry cache',
      { cache: { mode: 'registry', ref: 'reg.io/a/b:buildcache' } },
      [
        'buildx',
        'build',
        '--file',
        '/tmp/b/Dockerfile',
        '--tag',
        'reg.io/a/b:0123456789abcdef',
        '--push',
        '--cache-from',
        'type=registry,ref=reg.io/a/b:buildcache',
        '--cache-to',
        'type=registry,ref=reg.io/a/b:buildcache,mode=max,ignore-error=true',
        '--metadata-file',
        '/tmp/b/metadata.json',
        '--provenance=false',
        '/w/ctx',
      ],
    ],
    [
      'inline cache from a digest-pinned image',
      { cache: { mode: 'inline', from: [`reg.io/a/b@sha256:${'a'.repeat(64)}`] } },
      [
        'buildx',
        'build',
        '--file',
        '/tmp/b/Dockerfile',
        '--tag',
        'reg.io/a/b:0123456789abcdef',
        '--push',
        '--cache-from',
        `type=registry,ref=reg.io/a/b@sha256:${'a'.repeat(64)}`,
        '--cache-to',
        'type=inline',
        '--metadata-file',
        '/tmp/b/metadata.json',
        '--provenance=false',
        '/w/ctx',
      ],
    ],
    [
      'no-cache and pull',
      { noCache: true, pull: true },
      [
        'buildx',
        'build',
        '--file',
        '/tmp/b/Dockerfile',
        '--tag',
        'reg.io/a/b:0123456789abcdef',
        '--push',
        '--no-cache',
        '--pull',
        '--metadata-file',
        '/tmp/b/metadata.json',
        '--provenance=false',
        '/w/ctx',
      ],
    ],
  ])('%s', (_name, change, expected) => {
    expect(buildxArgs({ ...request, ...change })).toEqual(expected);
  });

  it('classic docker build passes no-cache and pull too', () => {
    expect(dockerBuildArgs({ ...request, noCache: true, pull: true })).toEqual([
      'build',
      '--file',
      '/tmp/b/Dockerfile',
      '--tag',
      'reg.io/a/b:0123456789abcdef',
      '--no-cache',
      '--pull',
      '/w/ctx',
    ]);
  });

  it('classic docker build has no buildx-only flags', () => {
    const args = dockerBuildArgs({
      ...request,
      network: 'host',
      cache: { mode: 'inline', from: [] },
    });
    expect(args).toEqual([
      'build',
      '--file',
      '/tmp/b/Dockerfile',
      '--tag',
      'reg.io/a/b:0123456789abcdef',
      '--network',
      'host',
      '/w/ctx',
    ]);
  });
});

describe('resolveCache', () => {
  const target = { repository: 'reg.io/a/b', scope: 's' };
  const gha = { ACTIONS_RUNTIME_TOKEN: 't', ACTIONS_RESULTS_URL: 'https://results/' };
  it.each<[string, Parameters<typeof resolveCache>, string, boolean]>([
    ['none', ['none', { kind: 'buildx', driver: 'docker-container' }, target, gha], 'none', false],
    [
      'auto, exporting builder, runner cache',
      ['auto', { kind: 'buildx', driver: 'docker-container' }, target, gha],
      'gha',
      false,
    ],
    [
      'auto, docker driver',
      ['auto', { kind: 'buildx', driver: 'docker' }, target, gha],
      'inline',
      false,
    ],
    [
      'auto, no runner cache variables',
      ['auto', { kind: 'buildx', driver: 'docker-container' }, target, {}],
      'inline',
      false,
    ],
    [
      'gha on the docker driver falls back loudly',
      ['gha', { kind: 'buildx', driver: 'docker' }, target, gha],
      'inline',
      true,
    ],
    [
      'gha without runner variables falls back loudly',
      ['gha', { kind: 'buildx', driver: 'docker-container' }, target, {}],
      'inline',
      true,
    ],
    [
      'registry',
      ['registry', { kind: 'buildx', driver: 'docker-container' }, target, {}],
      'registry',
      false,
    ],
    [
      'registry without destination',
      ['registry', { kind: 'buildx', driver: 'remote' }, { scope: 's' }, {}],
      'inline',
      true,
    ],
    ['classic builder', ['registry', { kind: 'docker' }, target, gha], 'inline', true],
    ['noop', ['gha', { kind: 'noop' }, target, gha], 'none', false],
  ])('%s', (_name, args, mode, warns) => {
    const decision = resolveCache(...args);
    expect(decision.cache.mode).toBe(mode);
    expect(decision.warning !== undefined).toBe(warns);
  });

  it('inline cache reads only the digest-pinned sources it is given: no moving cache tag', () => {
    const pinned = `reg.io/a/b@sha256:${'b'.repeat(64)}`;
    expect(resolveCache('inline', { kind: 'buildx', driver: 'docker' }, target, {}).cache).toEqual({
      mode: 'inline',
      from: [],
    });
    expect(
      resolveCache(
        'auto',
        { kind: 'buildx', driver: 'docker' },
        { ...target, cacheFrom: [pinned] },
        {},
      ).cache,
    ).toEqual({ mode: 'inline', from: [pinned] });
  });

  it('names the missing variables when gha cannot work', () => {
    const decision = resolveCache(
      'gha',
      { kind: 'buildx', driver: 'docker-container' },
      target,
      {},
    );
    expect(decision.warning).toMatch(/ACTIONS_RUNTIME_TOKEN/);
  });
});

describe('pipConfig', () => {
  it('is absent without a private index', () => {
    expect(pipConfig({ pipExtraIndexUrls: [] })).toBeUndefined();
  });

  it('carries the index settings, trusting the plain-HTTP hosts the user named', () => {
    expect(
      pipConfig({
        pipIndexUrl: 'https://user:token@pypi.example.com/simple',
        pipExtraIndexUrls: ['http://127.0.0.1:8080/simple', 'http://127.0.0.1:8080/other'],
      }),
    ).toBe(
      '[global]\nindex-url = https://user:token@pypi.example.com/simple\n' +
        'extra-index-url = http://127.0.0.1:8080/simple http://127.0.0.1:8080/other\n' +
        'trusted-host = 127.0.0.1:8080\n',
    );
  });
});

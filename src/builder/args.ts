import type { BuilderKind, CacheMode } from '../inputs/core.js';

export interface BuildRequest {
  /** Absolute path of the build context. */
  context: string;
  /** Absolute path of the Dockerfile (outside the context when generated). */
  dockerfile: string;
  /** Full references to tag, e.g. `host/repo:abc123`. The first is the source-hash tag. */
  tags: readonly string[];
  /** Push to the registry (true) or load into the local engine (false). */
  push: boolean;
  buildArgs: readonly (readonly [string, string])[];
  labels: readonly (readonly [string, string])[];
  /** Secret id → file path (files live outside the context). */
  secrets: readonly (readonly [string, string])[];
  /** Secret id → name of the environment variable holding its value (never the value itself). */
  secretEnvs?: readonly (readonly [string, string])[];
  /** `--ssh` values: `default` or `ID=PATH`. */
  ssh?: readonly string[];
  /** buildx builder instance (`--builder`). */
  builderInstance?: string;
  /** `--annotation` values. */
  annotations?: readonly string[];
  /** `--provenance` value; undefined: `false`. */
  provenance?: string;
  sbom?: boolean;
  network?: string;
  platforms: readonly string[];
  cache: ResolvedCache;
  /** Use no cached layer (`--no-cache`). */
  noCache?: boolean;
  /** Pull the base image even when the engine has it (`--pull`). */
  pull?: boolean;
  metadataFile: string;
}

/** The cache setting after looking at what the builder can do. */
export type ResolvedCache =
  | { mode: 'none' }
  | { mode: 'inline'; from: readonly string[] }
  | { mode: 'gha'; scope: string }
  | { mode: 'registry'; ref: string };

/** The builder's own capabilities, which decide the cache that can really be used. */
export interface BuilderInfo {
  kind: BuilderKind;
  /** The buildx driver (`docker` cannot export cache; `docker-container`/`remote` can). */
  driver?: string;
  /** A buildx builder instance named in the inputs (`--builder`); else the current one. */
  instance?: string;
}

export interface CacheDecision {
  cache: ResolvedCache;
  /** Set when the request had to be changed; said as a warning. */
  warning?: string;
}

/**
 * Decides the cache: `auto` means gha when the runner's cache service is reachable and the builder
 * can export, else inline. The docker driver exports nothing but inline cache: fall back, loudly.
 */
export function resolveCache(
  requested: CacheMode,
  builder: BuilderInfo,
  target: {
    repository?: string;
    scope: string;
    /** Digest-pinned images to import inline cache from (no moving cache tag is ever pushed). */
    cacheFrom?: readonly string[];
  },
  env: { ACTIONS_RUNTIME_TOKEN?: string; ACTIONS_CACHE_URL?: string; ACTIONS_RESULTS_URL?: string },
): CacheDecision {
  if (requested === 'none' || builder.kind === 'noop') return { cache: { mode: 'none' } };
  const inline: ResolvedCache = { mode: 'inline', from: target.cacheFrom ?? [] };
  if (builder.kind === 'docker') {
    return requested === 'inline' || requested === 'auto'
      ? { cache: inline }
      : {
          cache: inline,
          warning: `cache '${requested}' needs buildx; the plain docker builder only does inline cache, using that.`,
        };
  }
  const canExport = builder.driver !== undefined && builder.driver !== 'docker';
  const ghaReady =
    Boolean(env.ACTIONS_RUNTIME_TOKEN) && Boolean(env.ACTIONS_CACHE_URL || env.ACTIONS_RESULTS_URL);
  if (requested === 'inline') return { cache: inline };
  if (requested === 'auto') {
    return canExport && ghaReady
      ? { cache: { mode: 'gha', scope: target.scope } }
      : { cache: inline };
  }
  if (!canExport) {
    return {
      cache: inline,
      warning:
        `cache '${requested}' needs a builder that can export cache (buildx driver docker-container or remote); ` +
        `this builder uses the '${builder.driver ?? 'unknown'}' driver, so inline cache is used instead. ` +
        `Add a docker/setup-buildx-action step before this one to get a docker-container builder.`,
    };
  }
  if (requested === 'gha') {
    if (!ghaReady) {
      return {
        cache: inline,
        warning:
          "cache 'gha' was requested but ACTIONS_RUNTIME_TOKEN and ACTIONS_CACHE_URL/ACTIONS_RESULTS_URL are not set: " +
          'buildx would silently drop the cache. Run this action as a step of a GitHub Actions job (not inside a container step or a run: script). Using inline cache.',
      };
    }
    return { cache: { mode: 'gha', scope: target.scope } };
  }
  if (!target.repository) {
    return {
      cache: inline,
      warning: "cache 'registry' needs a destination to keep the cache in; using inline cache.",
    };
  }
  return { cache: { mode: 'registry', ref: `${target.repository}:buildcache` } };
}

/** The `docker buildx build` arguments (after `docker`). Pure: a table of cases tests it. */
export function buildxArgs(request: BuildRequest): string[] {
  const args = ['buildx', 'build'];
  if (request.builderInstance) args.push('--builder', request.builderInstance);
  args.push('--file', request.dockerfile);
  for (const tag of request.tags) args.push('--tag', tag);
  args.push(request.push ? '--push' : '--load');
  for (const [key, value] of request.buildArgs) args.push('--build-arg', `${key}=${value}`);
  for (const [key, value] of request.labels) args.push('--label', `${key}=${value}`);
  for (const annotation of request.annotations ?? []) args.push('--annotation', annotation);
  for (const [id, file] of request.secrets) args.push('--secret', `id=${id},src=${file}`);
  for (const [id, variable] of request.secretEnvs ?? [])
    args.push('--secret', `id=${id},env=${variable}`);
  for (const ssh of request.ssh ?? []) args.push('--ssh', ssh);
  if (request.network && request.network !== 'default') args.push('--network', request.network);
  if (request.platforms.length > 0) args.push('--platform', request.platforms.join(','));
  if (request.noCache) args.push('--no-cache');
  if (request.pull) args.push('--pull');
  args.push(...cacheArgs(request.cache));
  args.push('--metadata-file', request.metadataFile);
  args.push(`--provenance=${request.provenance ?? 'false'}`);
  if (request.sbom) args.push('--sbom=true');
  args.push(request.context);
  return args;
}

function cacheArgs(cache: ResolvedCache): string[] {
  switch (cache.mode) {
    case 'none':
      return [];
    case 'inline':
      return [
        ...cache.from.flatMap((ref) => ['--cache-from', `type=registry,ref=${ref}`]),
        '--cache-to',
        'type=inline',
      ];
    case 'gha':
      return [
        '--cache-from',
        `type=gha,scope=${cache.scope}`,
        '--cache-to',
        `type=gha,mode=max,scope=${cache.scope},ignore-error=true,timeout=10m`,
      ];
    case 'registry':
      return [
        '--cache-from',
        `type=registry,ref=${cache.ref}`,
        '--cache-to',
        `type=registry,ref=${cache.ref},mode=max,ignore-error=true`,
      ];
  }
}

/** Classic `docker build` arguments, for engines without buildx (no cache or secret mounts). */
export function dockerBuildArgs(request: BuildRequest): string[] {
  const args = ['build', '--file', request.dockerfile];
  for (const tag of request.tags) args.push('--tag', tag);
  for (const [key, value] of request.buildArgs) args.push('--build-arg', `${key}=${value}`);
  for (const [key, value] of request.labels) args.push('--label', `${key}=${value}`);
  if (request.network && request.network !== 'default') args.push('--network', request.network);
  if (request.platforms.length > 0) args.push('--platform', request.platforms.join(','));
  if (request.noCache) args.push('--no-cache');
  if (request.pull) args.push('--pull');
  args.push(request.context);
  return args;
}

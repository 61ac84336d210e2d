import path from 'node:path';
import type { CoreInputs } from '../inputs/core.js';
import type { BuildPlan } from '../plan/index.js';
import type { Runtime } from '../runtime.js';
import { addTag, lookupManifest } from '../registry/manifest.js';
import type { ImageReference } from '../image/reference.js';
import { IMAGE_LABEL } from '../run/index.js';
import type { RegistrySession } from '../registry/session.js';
import { withDigest } from '../image/reference.js';
import { PIP_CONF_SECRET } from '../dockerfile/render.js';
import { resolveCache, type BuildRequest, type ResolvedCache } from './args.js';
import type { BuilderChoice } from './builder.js';
import { executeBuild, removeBuildFiles, writeBuildFiles } from './execute.js';
import { stageContext } from './stage-context.js';

/** The image this step produced or found. */
export interface ImageResult {
  /** `repository:tag` (or the docker-image as given). */
  image: string;
  tag: string;
  /** Manifest digest (`sha256:…`); the image id for local builds; '' when unknown. */
  digest: string;
  /** What to run: `repository@digest` when pushed, else the local tag. */
  imageRef: string;
  built: boolean;
  pushed: boolean;
  /** Why nothing was built, when nothing was. */
  skipped?: string;
  buildMs: number;
}

/**
 * Builds and pushes the planned image, unless the destination already holds its source-hash tag:
 * then the cost is one manifest lookup. A lookup that fails is never taken as "exists".
 */
export async function buildImage(
  rt: Runtime,
  plan: BuildPlan,
  builder: BuilderChoice,
  inputs: CoreInputs,
  session: RegistrySession,
): Promise<ImageResult> {
  const destination = inputs.destination;
  const base = { image: plan.image, tag: plan.tag, buildMs: 0 };
  const env = { ...rt.env, DOCKER_CONFIG: session.dockerConfig, ...buildxConfig(rt.env) };

  if (!inputs.forceRebuild && destination) {
    const lookup = await lookupManifest(
      destination,
      plan.tag,
      await session.credentialsFor(destination.host),
      rt.fetch,
    );
    if (lookup.exists === true) {
      rt.log.info(`${plan.image} already exists (${lookup.digest}): nothing to build.`);
      await addExtraTags(rt, plan, lookup.digest, destination, session);
      return {
        ...base,
        digest: lookup.digest,
        imageRef: withDigest(destination, lookup.digest),
        built: false,
        pushed: false,
        skipped: 'the destination already has this source-hash tag',
      };
    }
    if (lookup.exists === 'unknown') {
      rt.log.warning(
        `Could not check whether ${plan.image} exists (${lookup.reason}); building it.`,
      );
    } else {
      rt.log.info(`${plan.image} is not in the registry yet: building.`);
    }
  } else if (!inputs.forceRebuild && builder.kind !== 'noop') {
    const local = await rt.run('docker', ['image', 'inspect', '--format', '{{.Id}}', plan.image], {
      env,
    });
    if (local.code === 0) {
      rt.log.info(`${plan.image} is already in the local engine: nothing to build.`);
      const id = local.stdout.trim();
      return {
        ...base,
        digest: id,
        imageRef: plan.image,
        built: false,
        pushed: false,
        skipped: 'the local engine already has this source-hash tag',
      };
    }
  }

  if (builder.kind === 'noop') {
    rt.log.info(`Builder noop: ${plan.image} is planned, not built.`);
    return {
      ...base,
      digest: '',
      imageRef: plan.image,
      built: false,
      pushed: false,
      skipped: 'builder noop',
    };
  }

  const decision = resolveCache(
    inputs.cache,
    builder,
    { ...(destination && { repository: plan.repository }), scope: cacheScope(plan.repository) },
    rt.env,
  );
  if (decision.warning) rt.log.warning(decision.warning);
  rt.log.info(`Layer cache: ${describeCache(decision.cache)}`);
  const cacheTags = decision.cache.mode === 'inline' && destination ? decision.cache.from : [];

  await session.login();
  const secrets: Record<string, string> = {};
  const pipConf = pipConfig(inputs);
  if (pipConf) secrets[PIP_CONF_SECRET] = pipConf;
  const files = await writeBuildFiles(
    rt.tempDir,
    plan.dockerfile.dockerfile,
    plan.dockerignore,
    secrets,
  );
  try {
    const request: BuildRequest = {
      // The classic builder gets exactly the hashed files (see stageContext).
      context:
        builder.kind === 'docker'
          ? await stageContext(plan.context, path.join(files.dir, 'context'))
          : plan.context.root,
      dockerfile: files.dockerfile,
      tags: [...plan.tags, ...cacheTags],
      push: destination !== undefined,
      buildArgs: inputs.buildArgs,
      labels: imageLabels(rt.env, plan),
      secrets: files.secrets,
      ...(inputs.network !== 'default' && { network: inputs.network }),
      platforms: inputs.platforms,
      cache: decision.cache,
      metadataFile: path.join(files.dir, 'metadata.json'),
    };
    const outcome = await executeBuild(builder.kind, request, rt.run, env, rt.write);
    rt.log.info(
      `Built ${plan.image} in ${(outcome.durationMs / 1000).toFixed(1)} s: ${outcome.digest}`,
    );
    return {
      ...base,
      digest: outcome.digest,
      imageRef: destination ? withDigest(destination, outcome.digest) : plan.image,
      built: true,
      pushed: destination !== undefined,
      buildMs: outcome.durationMs,
    };
  } finally {
    await removeBuildFiles(files);
  }
}

function describeCache(cache: ResolvedCache): string {
  switch (cache.mode) {
    case 'none':
      return 'none';
    case 'inline':
      return `inline${cache.from.length > 0 ? `, reusing ${cache.from.join(', ')}` : ''}`;
    case 'gha':
      return `GitHub Actions cache, scope ${cache.scope}`;
    case 'registry':
      return `registry ${cache.ref}`;
  }
}

/** Extra tags on an image that already exists: a registry-side copy of the manifest, no build. */
async function addExtraTags(
  rt: Runtime,
  plan: BuildPlan,
  digest: string,
  destination: ImageReference,
  session: RegistrySession,
) {
  const extra = plan.tags.slice(1).map((ref) => ref.slice(ref.lastIndexOf(':') + 1));
  if (extra.length === 0) return;
  const credentials = await session.credentialsFor(destination.host);
  for (const tag of extra) {
    await addTag(destination, digest, tag, credentials, rt.fetch).catch((error: unknown) => {
      throw new Error(
        `Could not add the tag ${tag} to ${plan.image}: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
  }
  rt.log.info(`Tagged ${plan.image} also as ${extra.join(', ')}.`);
}

/** buildx keeps its builders under the user's docker config, not the private one we log in to. */
function buildxConfig(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  if (env.BUILDX_CONFIG) return {};
  const home = env.DOCKER_CONFIG ?? path.join(env.HOME ?? '/root', '.docker');
  return { BUILDX_CONFIG: path.join(home, 'buildx') };
}

/** One cache scope per image, so two images of one repository do not overwrite each other's cache. */
export function cacheScope(repository: string): string {
  return `launch-${repository.replace(/[^A-Za-z0-9._-]+/g, '-')}`;
}

export function imageLabels(env: NodeJS.ProcessEnv, plan: BuildPlan): [string, string][] {
  const labels: [string, string][] = [[IMAGE_LABEL, plan.sourceHash]];
  if (env.GITHUB_REPOSITORY) {
    labels.push([
      'org.opencontainers.image.source',
      `${env.GITHUB_SERVER_URL ?? 'https://github.com'}/${env.GITHUB_REPOSITORY}`,
    ]);
  }
  if (env.GITHUB_SHA) labels.push(['org.opencontainers.image.revision', env.GITHUB_SHA]);
  return labels;
}

/** The private index settings, mounted as a BuildKit secret at /etc/pip.conf while installing. */
export function pipConfig(
  inputs: Pick<CoreInputs, 'pipIndexUrl' | 'pipExtraIndexUrls'>,
): string | undefined {
  if (!inputs.pipIndexUrl && inputs.pipExtraIndexUrls.length === 0) return undefined;
  const lines = ['[global]'];
  if (inputs.pipIndexUrl) lines.push(`index-url = ${inputs.pipIndexUrl}`);
  if (inputs.pipExtraIndexUrls.length > 0) {
    lines.push(`extra-index-url = ${inputs.pipExtraIndexUrls.join(' ')}`);
  }
  // An http:// index the user named is one they trust; pip also only keeps its download cache
  // for trusted plain-HTTP hosts, so without this every build downloads every wheel again.
  const httpHosts = [inputs.pipIndexUrl, ...inputs.pipExtraIndexUrls]
    .filter((url): url is string => url !== undefined && url.startsWith('http://'))
    .map((url) => new URL(url).host);
  if (httpHosts.length > 0) lines.push(`trusted-host = ${[...new Set(httpHosts)].join(' ')}`);
  return `${lines.join('\n')}\n`;
}

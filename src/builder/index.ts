import path from 'node:path';
import type { CoreInputs } from '../inputs/core.js';
import type { BuildPlan } from '../plan/index.js';
import type { Runtime } from '../platform/runtime.js';
import { cudaLabels, imageLabels } from '../image/labels.js';
import type { ImageResult } from '../image/result.js';
import type { RegistrySession } from '../registry/session.js';
import { withDigest } from '../image/reference.js';
import { PIP_CONF_SECRET } from '../dockerfile/render.js';
import { resolveCache, type BuildRequest, type ResolvedCache } from './args.js';
import type { BuilderChoice } from './builder.js';
import {
  BuildError,
  executeBuild,
  removeBuildFiles,
  writeBuildFiles,
  type BuildOutcome,
  type FailedPush,
} from './execute.js';
import { stageContext } from './stage-context.js';
import { STATE } from '../platform/state.js';
import { processIdentity } from '../platform/processes.js';
import {
  DroppedPinScanner,
  droppedPinsInImage,
  droppedRows,
  installsFrozenList,
} from './dropped.js';
import { cacheSources } from '../registry/cache-sources.js';
import { addExtraTags, findInRegistry } from '../registry/existing.js';
import { lookupManifest, type LookupResult } from '../registry/manifest.js';
import { errorMessage } from '../platform/errors.js';
import type { ImageReference } from '../image/reference.js';
import { storesOciArtifacts } from './builder.js';
import { checkBuildFeatures, wantsAttestations } from './features.js';
import { resolveSecretFiles, resolveSsh } from './secrets.js';

/**
 * Builds the planned image and pushes it to the destination, or loads it into the local engine
 * (skipped when the engine already has its source-hash tag). Whether the destination already
 * holds it is asked before, by registry/existing.
 */
export async function buildImage(
  rt: Runtime,
  plan: BuildPlan,
  builder: BuilderChoice,
  inputs: CoreInputs,
  session: RegistrySession,
  /** Digest-pinned images to import cache from besides the extra tags' (the heavy layer's). */
  extraCacheFrom: readonly string[] = [],
): Promise<ImageResult> {
  // push: false builds under the destination's name into the local engine, and pushes nothing.
  const destination = inputs.push ? inputs.destination : undefined;
  const base = { image: plan.image, tag: plan.tag, buildMs: 0 };
  const env = buildEnv(rt, session);

  if (!inputs.forceRebuild && !destination && builder.kind !== 'noop') {
    const local = await rt.run('docker', ['image', 'inspect', '--format', '{{.Id}}', plan.image], {
      env,
    });
    if (local.exitCode === 0) {
      rt.log.info(`${plan.image} is already in the local engine: nothing to build.`);
      const id = local.stdout.trim();
      const droppedAtBuild = await droppedAtBuildOf(rt, plan, undefined, plan.image, env);
      return {
        ...(droppedAtBuild.length > 0 && { droppedAtBuild }),
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

  // What this builder cannot do is said before anything is built.
  const ociStore =
    (wantsAttestations(inputs) || inputs.annotations.length > 0) &&
    (await storesOciArtifacts(builder, rt.run, env));
  for (const warning of checkBuildFeatures(inputs, builder, ociStore).warnings) {
    rt.log.warning(warning);
  }
  const secretFiles = await resolveSecretFiles(inputs.secretFiles, rt.workspace, plan.context);
  const ssh = resolveSsh(inputs.ssh, rt.workspace, rt.env);
  // Secret values reach buildx through its environment (`--secret id=ID,env=VAR`): never argv.
  const secretEnvs = inputs.secrets.map(
    ({ id }, index) => [id, `LAUNCH_ACTION_BUILD_SECRET_${index}`] as const,
  );
  const secretValues = Object.fromEntries(
    inputs.secrets.map(({ value }, index) => [secretEnvs[index]![1], value]),
  );

  const cacheFrom =
    destination && builder.kind === 'buildx' && inputs.cache !== 'none'
      ? [...extraCacheFrom, ...(await cacheSources(rt, destination, extraTagsOf(plan), session))]
      : [];
  const decision = resolveCache(
    inputs.cache,
    builder,
    {
      ...(destination && { repository: plan.repository }),
      scope: cacheScope(plan.repository),
      cacheFrom,
    },
    rt.env,
  );
  if (decision.warning) rt.log.warning(decision.warning);
  rt.log.info(`Layer cache: ${describeCache(decision.cache)}`);

  await session.login();
  const secrets: Record<string, string> = {};
  const pipConf = pipConfig(inputs);
  if (pipConf) secrets[PIP_CONF_SECRET] = pipConf;
  const files = await writeBuildFiles(
    rt.tempDir,
    plan.dockerfile.dockerfile,
    plan.dockerignore,
    secrets,
    // A step killed mid-build never reaches the finally below: the post step removes the files.
    (dir) => rt.saveState(STATE.buildFiles, dir),
  );
  try {
    const request: BuildRequest = {
      // The classic builder gets exactly the hashed files (see stageContext).
      context:
        builder.kind === 'docker'
          ? await stageContext(plan.context, path.join(files.dir, 'context'))
          : plan.context.root,
      dockerfile: files.dockerfile,
      tags: plan.tags,
      push: destination !== undefined,
      buildArgs: inputs.buildArgs,
      labels: await builtImageLabels(rt, plan, inputs),
      secrets: [...files.secrets, ...secretFiles],
      ...(secretEnvs.length > 0 && { secretEnvs }),
      ...(ssh.length > 0 && { ssh }),
      ...(builder.instance !== undefined && { builderInstance: builder.instance }),
      ...(ociStore && inputs.annotations.length > 0 && { annotations: inputs.annotations }),
      ...(inputs.provenance !== undefined && { provenance: inputs.provenance }),
      ...(inputs.sbom && { sbom: true }),
      ...(inputs.network !== 'default' && { network: inputs.network }),
      platforms: inputs.platforms,
      cache: decision.cache,
      ...(inputs.noCache && { noCache: true }),
      ...(inputs.pull && { pull: true }),
      metadataFile: path.join(files.dir, 'metadata.json'),
    };
    const scanner = new DroppedPinScanner();
    const write = (chunk: string) => {
      scanner.push(chunk);
      rt.write(chunk);
    };
    const kind = builder.kind;
    const outcome = await withPushRetries(rt, () =>
      executeBuild(kind, request, rt.run, { ...env, ...secretValues }, write, rt.progress, (pid) =>
        rt.saveState(STATE.buildProcess, processIdentity(pid)),
      ),
    )
      .finally(() => rt.saveState(STATE.buildProcess, ''))
      .catch(async (error: unknown) => {
        // Another run of the same source may have written the tag first (a registry with immutable
        // tags then refuses ours): the promised image exists, so the step is green with it.
        const pushed =
          destination && error instanceof BuildError && error.push
            ? await findInRegistry(rt, plan, destination, session)
            : undefined;
        if (!pushed) throw error;
        rt.log.warning(
          `Pushing ${plan.image} failed (${error instanceof BuildError ? error.push?.error : ''}), but the registry already has this source-hash tag, pushed by another run of the same source: using it (${pushed.digest}).`,
        );
        return { pushedByOther: pushed };
      });
    if ('pushedByOther' in outcome) {
      const found: ImageResult = { ...outcome.pushedByOther, built: true };
      delete found.skipped;
      return found;
    }
    rt.log.info(
      `Built ${plan.image} in ${(outcome.durationMs / 1000).toFixed(1)} s: ${outcome.digest}`,
    );
    if (destination && outcome.failedExtraTags) {
      await settleFailedExtraTags(
        rt,
        plan,
        destination,
        session,
        outcome.digest,
        outcome.failedExtraTags,
      );
    }
    const droppedAtBuild = await droppedAtBuildOf(
      rt,
      plan,
      scanner,
      destination ? undefined : plan.image,
      env,
    );
    return {
      ...(droppedAtBuild.length > 0 && { droppedAtBuild }),
      ...base,
      digest: outcome.digest,
      imageId: outcome.imageId,
      ...(outcome.metadata && { buildMetadata: outcome.metadata }),
      imageRef: destination ? withDigest(destination, outcome.digest) : plan.image,
      built: true,
      pushed: destination !== undefined,
      buildMs: outcome.durationMs,
    };
  } finally {
    await removeBuildFiles(files);
    rt.saveState(STATE.buildFiles, '');
  }
}

/**
 * Extra tags whose `docker push` failed after the source-hash tag was pushed: the step stays green
 * once the registry confirms the source-hash tag, and each tag is tried once more registry-side
 * (retried by the HTTP client's policy); one that still cannot be added is a warning naming it.
 * A source-hash tag the registry cannot confirm fails the step: green must mean pushed.
 */
async function settleFailedExtraTags(
  rt: Runtime,
  plan: BuildPlan,
  destination: ImageReference,
  session: RegistrySession,
  digest: string,
  failed: readonly FailedPush[],
): Promise<void> {
  const firstFailure = `pushing the tag ${failed[0]!.ref} failed (${failed[0]!.error})`;
  let lookup: LookupResult;
  try {
    const credentials = await session.credentialsFor(destination.host);
    lookup = await lookupManifest(destination, plan.tag, credentials, rt);
    if (lookup.exists === true) {
      for (const push of failed) {
        rt.log.info(
          `Pushing the extra tag ${push.ref} failed (${push.error}); ${plan.image} is in the registry (${lookup.digest}), adding the tag there.`,
        );
      }
      await addExtraTags(
        rt,
        { image: plan.image, tag: plan.tag, tags: [plan.image, ...failed.map((push) => push.ref)] },
        destination,
        digest,
        credentials,
      );
      return;
    }
  } catch (error) {
    lookup = { exists: 'unknown', reason: errorMessage(error) };
  }
  const seen =
    lookup.exists === 'unknown' ? `could not be checked: ${lookup.reason}` : 'is not there';
  throw new BuildError(
    `The image was built and pushed to ${plan.image}, but ${firstFailure}, and ${plan.image} ${seen} in the registry. Check that the credentials may push to ${destination.host}/${destination.path}.`,
  );
}

/** Waits before the 2nd and 3rd push attempts: a throttled or restarting registry is back by then. */
export const PUSH_RETRY_DELAYS_MS = [2_000, 5_000];

/**
 * A push the registry failed for the moment (429, 5xx, a dropped connection) is tried again: the
 * build itself comes from the cache, so a retry costs the upload only. The registry commits a tag
 * only with its manifest, after every blob, so a failed attempt leaves no tag behind.
 */
async function withPushRetries(
  rt: Pick<Runtime, 'log' | 'sleep'>,
  attempt: () => Promise<BuildOutcome>,
): Promise<BuildOutcome> {
  for (let index = 0; ; index++) {
    try {
      return await attempt();
    } catch (error) {
      const delay = PUSH_RETRY_DELAYS_MS[index];
      if (!(error instanceof BuildError) || !error.push?.transient || delay === undefined) {
        throw error;
      }
      rt.log.warning(
        `Pushing to ${error.push.ref} failed for the moment (${error.push.error}); trying again in ${delay / 1000} s (attempt ${index + 2} of ${PUSH_RETRY_DELAYS_MS.length + 1}).`,
      );
      await rt.sleep(delay);
    }
  }
}

/**
 * The frozen-list pins the build skipped: from the build log, or, when the install step was a
 * cache hit (no log), from the file the fallback left in the image, if the engine has it.
 */
async function droppedAtBuildOf(
  rt: Runtime,
  plan: BuildPlan,
  scanner: DroppedPinScanner | undefined,
  localImage: string | undefined,
  env: NodeJS.ProcessEnv,
) {
  if (!installsFrozenList(plan.environment)) return [];
  let pins = scanner?.pins() ?? [];
  if (pins.length === 0 && localImage) pins = await droppedPinsInImage(rt.run, env, localImage);
  for (const pin of pins) {
    rt.log.warning(
      `Dropped '${pin}' from the frozen list: it could not be installed in the image.`,
    );
  }
  return droppedRows(pins, plan.environment, plan.context.root);
}

/** The commit checked out in the context, when it is a git work tree. */
/** The labels every image this action makes carries: its own, the CUDA ones, the user's. */
export async function builtImageLabels(
  rt: Runtime,
  plan: Pick<BuildPlan, 'sourceHash' | 'cuda' | 'context'>,
  inputs: Pick<CoreInputs, 'labels'>,
): Promise<[string, string][]> {
  return [
    ...imageLabels(rt.env, plan.sourceHash, await gitHead(rt, plan.context.root)),
    ...cudaLabels(plan.cuda),
    ...inputs.labels,
  ];
}

async function gitHead(rt: Runtime, context: string): Promise<string | undefined> {
  const head = await rt.run('git', ['-C', context, 'rev-parse', '--verify', 'HEAD^{commit}'], {
    env: { ...rt.env, GIT_TERMINAL_PROMPT: '0' },
  });
  const sha = head.stdout.trim();
  return head.exitCode === 0 && /^[0-9a-f]{40,64}$/.test(sha) ? sha : undefined;
}

/** The extra tags (not the source-hash one) of the plan, as bare tag names. */
function extraTagsOf(plan: BuildPlan): string[] {
  return plan.tags.slice(1).map((ref) => ref.slice(ref.lastIndexOf(':') + 1));
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

/** buildx keeps its builders under the user's docker config, not the private one we log in to. */
/** The environment builds run with: the session's docker config, buildx's own state kept apart. */
export function buildEnv(
  rt: Runtime,
  session: Pick<RegistrySession, 'dockerEnv'>,
): NodeJS.ProcessEnv {
  return { ...session.dockerEnv(rt.env), ...buildxConfig(rt.env) };
}

function buildxConfig(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  if (env.BUILDX_CONFIG) return {};
  const home = env.DOCKER_CONFIG ?? path.join(env.HOME ?? '/root', '.docker');
  return { BUILDX_CONFIG: path.join(home, 'buildx') };
}

/** One cache scope per image, so two images of one repository do not overwrite each other's cache. */
function cacheScope(repository: string): string {
  return `launch-${repository.replace(/[^A-Za-z0-9._-]+/g, '-')}`;
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

import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import type { BuilderChoice } from '../builder/builder.js';
import { buildImage, builtImageLabels } from '../builder/index.js';
import { digestContextFiles } from '../context/digests.js';
import type { HashedFile } from '../context/hash.js';
import { APP_DIR, APP_UID } from '../dockerfile/render.js';
import { withDigest, withTag } from '../image/reference.js';
import type { ImageResult } from '../image/result.js';
import { redactUrl, type CoreInputs } from '../inputs/core.js';
import { writeCodeLayer } from '../layer/code-layer.js';
import type { BuildPlan } from '../plan/index.js';
import type { Runtime } from '../platform/runtime.js';
import { appendLayer } from '../registry/append.js';
import { RegistryClient, RegistryRefusal } from '../registry/client.js';
import { addExtraTags } from '../registry/existing.js';
import { lookupManifest } from '../registry/manifest.js';
import type { RegistrySession } from '../registry/session.js';
import { writeDependencyContext } from './dependency-context.js';
import {
  APP_DIR_ANCESTORS,
  CODE_COPY,
  dependencyHash,
  dependencyTag,
  projectInputs,
  splitGeneratedDockerfile,
  type DependencySplit,
} from './split.js';

/**
 * Two images instead of one build: the dependency image (everything but the code, tagged by the
 * hash of its own inputs) is built with buildx only when the registry does not have it; the app
 * image is that image plus the code layer, assembled through the registry API — no builder, no
 * pull, no docker. Returns undefined when this image cannot be made that way (the caller builds
 * it whole with buildx); a registry refusing part of the API is logged as a warning naming it.
 */
export async function assembleImage(
  rt: Runtime,
  plan: BuildPlan,
  inputs: CoreInputs,
  session: RegistrySession,
  builder: () => Promise<BuilderChoice>,
): Promise<ImageResult | undefined> {
  const destination = inputs.destination;
  if (!destination || !inputs.push || plan.dockerfile.origin !== 'generated') return undefined;
  const split = splitGeneratedDockerfile(plan.dockerfile.dockerfile);
  if (typeof split === 'string') {
    rt.log.info(`Building the image whole: ${split}.`);
    return undefined;
  }
  const started = performance.now();
  const work = await mkdtemp(path.join(rt.tempDir, 'launch-assemble-'));
  try {
    const context = split.projectInstall
      ? plan.context
      : await writeDependencyContext(plan.context, split, path.join(work, 'context'));
    const hash = dependencyHash({
      split,
      files: await dependencyFiles(plan, split),
      buildArgs: inputs.buildArgs,
      baseImage: plan.dockerfile.baseImage,
      platforms: inputs.platforms,
      settings: {
        ...(inputs.pipIndexUrl && { 'pip-index-url': redactUrl(inputs.pipIndexUrl) }),
        ...(inputs.pipExtraIndexUrls.length > 0 && {
          'pip-extra-index-url': inputs.pipExtraIndexUrls.map(redactUrl).join('\n'),
        }),
      },
    });
    const depsTag = dependencyTag(hash);
    const depsImage = withTag(destination, depsTag);
    const credentials = await session.credentialsFor(destination.host);

    const lookup = inputs.forceRebuild
      ? { exists: false as const }
      : await lookupManifest(destination, depsTag, credentials, rt);
    if (lookup.exists === true) {
      rt.log.info(`Dependency image ${depsImage} exists (${lookup.digest}): no build.`);
    } else {
      const choice = await builder();
      if (choice.kind !== 'buildx') {
        rt.log.info(
          `Building the image whole: the dependency image needs buildx (${choice.reason}).`,
        );
        return undefined;
      }
      rt.log.info(`Dependency image ${depsImage} is not in the registry: building it.`);
      await buildImage(
        rt,
        {
          ...plan,
          dockerfile: { ...plan.dockerfile, dockerfile: split.dockerfile },
          dockerignore: split.projectInstall ? plan.dockerignore : '',
          context,
          sourceHash: hash,
          tag: depsTag,
          image: depsImage,
          tags: [depsImage],
        },
        choice,
        { ...inputs, tags: [] },
        session,
      );
    }

    const layerStarted = performance.now();
    const layer = await writeCodeLayer(plan.context, path.join(work, 'code.tar.gz'), {
      directory: APP_DIR,
      uid: APP_UID,
      gid: 0,
      mtime: 0,
      ancestors: APP_DIR_ANCESTORS,
    });
    const layerMs = performance.now() - layerStarted;
    // Asked again after the dependency build, which can outlive a short-lived cloud token.
    const pushCredentials = await session.credentialsFor(destination.host);
    const client = new RegistryClient({
      host: destination.host,
      ...(pushCredentials && { credentials: pushCredentials }),
      scopes: [{ path: destination.path, actions: 'pull,push' }],
      fetch: rt.fetch,
      sleep: rt.sleep,
    });
    const appended = await appendLayer(client, {
      base: { repository: destination.path, reference: depsTag },
      target: { repository: destination.path, tag: plan.tag },
      layer,
      createdBy: CODE_COPY,
      labels: Object.fromEntries(await builtImageLabels(rt, plan, inputs)),
    });
    rt.log.info(
      `Code layer ${layer.digest} (${(layer.size / 1e6).toFixed(1)} MB, ${layer.entries} entries, ` +
        `${layerMs.toFixed(0)} ms) ${appended.layerUpload === 'uploaded' ? 'uploaded' : 'already in the registry'}; ` +
        `${plan.image} assembled on ${depsImage}: ${appended.digest}`,
    );
    await addExtraTags(rt, plan, destination, appended.digest, pushCredentials);
    return {
      image: plan.image,
      tag: plan.tag,
      digest: appended.digest,
      imageRef: withDigest(destination, appended.digest),
      ...(appended.configDigest && { imageId: appended.configDigest }),
      built: true,
      pushed: true,
      buildMs: performance.now() - started,
    };
  } catch (error) {
    if (!(error instanceof RegistryRefusal)) throw error;
    rt.log.warning(`${error.message}: building the whole image with buildx instead.`);
    return undefined;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * What the dependency image is made of, for its hash: the environment files its COPYs read, and
 * with a project install what that install reads (metadata and version files by content, the
 * Python modules by path).
 */
async function dependencyFiles(plan: BuildPlan, split: DependencySplit): Promise<HashedFile[]> {
  const paths = plan.context.files.map((file) => file.path);
  const targets = (plan.environment.project?.targets ?? []).map((target) => target.path);
  const project = split.projectInstall
    ? projectInputs(paths, targets)
    : { content: [], layout: [] };
  const byContent = new Set([...split.files, ...project.content]);
  const digested = await digestContextFiles({
    ...plan.context,
    files: plan.context.files.filter((file) => byContent.has(file.path)),
  });
  const missing = split.files.filter((file) => !digested.some((d) => d.path === file));
  if (missing.length > 0) throw new Error(`${missing.join(', ')} is not in the build context`);
  const layout = project.layout
    .filter((file) => !byContent.has(file))
    .map((file) => ({ path: file, executable: false, digest: LAYOUT_ONLY }));
  return [...digested, ...layout].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Stands for "this path exists" in the hash where the content does not matter. */
const LAYOUT_ONLY = '0'.repeat(64);

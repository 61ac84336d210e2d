import { mkdtemp, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { BuilderChoice } from '../builder/builder.js';
import { buildEnv, buildImage, builtImageLabels } from '../builder/index.js';
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
import { installerCacheKeys, restoreInstallerCache } from './installer-cache.js';
import {
  APP_DIR_ANCESTORS,
  CODE_COPY,
  dependencyHash,
  declaredVersionFiles,
  dependencyTag,
  heavyPrefix,
  heavyTag,
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
  let layerWritten: Promise<unknown> = Promise.resolve();
  try {
    // The code layer does not depend on the dependency image: it is written while the registry
    // is asked about that image (and while it is built, when it must be).
    const layerStarted = performance.now();
    let layerMs = 0;
    const layer = writeCodeLayer(plan.context, path.join(work, 'code.tar.gz'), {
      directory: APP_DIR,
      uid: APP_UID,
      gid: 0,
      mtime: 0,
      ancestors: APP_DIR_ANCESTORS,
    }).then((blob) => {
      layerMs = performance.now() - layerStarted;
      return blob;
    });
    layerWritten = layer.catch(() => undefined);
    const labels = builtImageLabels(rt, plan, inputs);
    labels.catch(() => undefined);

    const context = split.projectInstall
      ? plan.context
      : await writeDependencyContext(plan.context, split, path.join(work, 'context'));
    const hashInputs = {
      buildArgs: inputs.buildArgs,
      baseImage: plan.dockerfile.baseImage,
      platforms: inputs.platforms,
      settings: {
        ...(inputs.pipIndexUrl && { 'pip-index-url': redactUrl(inputs.pipIndexUrl) }),
        ...(inputs.pipExtraIndexUrls.length > 0 && {
          'pip-extra-index-url': inputs.pipExtraIndexUrls.map(redactUrl).join('\n'),
        }),
      },
    };
    const hash = dependencyHash({
      ...hashInputs,
      split,
      files: await dependencyFiles(plan, split),
    });
    const depsTag = dependencyTag(hash);
    const depsImage = withTag(destination, depsTag);
    const credentials = await session.credentialsFor(destination.host);

    const prefix = heavyPrefix(split);
    const heavy = prefix === undefined ? undefined : heavyTag({ ...hashInputs, prefix });
    const heavyLookup =
      heavy === undefined || inputs.forceRebuild
        ? undefined
        : await lookupManifest(destination, heavy, credentials, rt);

    const lookup = inputs.forceRebuild
      ? { exists: false as const }
      : await lookupManifest(destination, depsTag, credentials, rt);
    let depsDigest: string;
    if (lookup.exists === true) {
      rt.log.info(`Dependency image ${depsImage} exists (${lookup.digest}): no build.`);
      depsDigest = lookup.digest;
    } else {
      const choice = await builder();
      if (choice.kind !== 'buildx') {
        rt.log.info(
          `Building the image whole: the dependency image needs buildx (${choice.reason}).`,
        );
        return undefined;
      }
      rt.log.info(`Dependency image ${depsImage} is not in the registry: building it.`);
      const downloads = await restoreInstallerCache(
        rt,
        inputs.dependencyCache,
        installerCacheKeys({
          platforms: inputs.platforms,
          hostArch: process.arch,
          python: plan.environment.python.version,
          dependencyHash: hash,
        }),
        {
          builder: choice,
          baseImage: plan.dockerfile.baseImage,
          env: buildEnv(rt, session),
        },
      );
      const heavyCache =
        heavyLookup?.exists === true
          ? [`${destination.host}/${destination.path}@${heavyLookup.digest}`]
          : [];
      if (heavyCache.length > 0) {
        rt.log.info(
          `The large pinned packages' layer comes from ${withTag(destination, heavy!)} (${heavyLookup!.exists === true ? heavyLookup!.digest : ''}).`,
        );
      }
      const built = await buildImage(
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
        heavyCache,
      );
      depsDigest = built.digest;
      await downloads?.save();
    }
    if (heavy !== undefined && heavyLookup?.exists !== true && depsDigest !== '') {
      // The first dependency image with this heavy layer carries its cache for the next ones.
      await addExtraTags(
        rt,
        { image: depsImage, tag: depsTag, tags: [depsImage, withTag(destination, heavy)] },
        destination,
        depsDigest,
        credentials,
      );
    }

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
      labels: Object.fromEntries(await labels),
    });
    const blob = await layer;
    rt.log.info(
      `Code layer ${blob.digest} (${(blob.size / 1e6).toFixed(1)} MB, ${blob.entries} entries, ` +
        `written in ${layerMs.toFixed(0)} ms) ${appended.layerUpload === 'uploaded' ? 'uploaded' : 'already in the registry'}; ` +
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
    await layerWritten;
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
  if (split.projectInstall) {
    for (const dir of targets) {
      const pyproject = dir === '.' ? 'pyproject.toml' : `${dir}/pyproject.toml`;
      if (!paths.includes(pyproject)) continue;
      const text = await readFile(path.join(plan.context.root, pyproject), 'utf8');
      for (const file of declaredVersionFiles(text, dir)) {
        if (paths.includes(file)) byContent.add(file);
      }
    }
  }
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

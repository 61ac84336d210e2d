import path from 'node:path';
import os from 'node:os';
import { assembleImage } from '../assemble/index.js';
import { chooseBuilder, type BuilderChoice } from '../builder/builder.js';
import { buildImage } from '../builder/index.js';
import { directoryDigestCache } from '../context/digests.js';
import { dispatchRun, type DispatchResult } from '../dispatch/index.js';
import type { ImageResult } from '../image/result.js';
import type { CoreInputs } from '../inputs/core.js';
import { planBuild, type BuildPlan } from '../plan/index.js';
import { httpPackageIndex } from '../plan/package-index.js';
import { FileError } from '../platform/errors.js';
import type { Runtime } from '../platform/runtime.js';
import { findInRegistry } from '../registry/existing.js';
import { describeGivenImage } from '../registry/given-image.js';
import { measureImage } from '../registry/image-size.js';
import { parseImageReference } from '../image/reference.js';
import { managedClusterAccess, podOutputsPath, runOnKubernetes } from '../kubernetes/index.js';
import type { AuthDeps } from '../auth/index.js';
import { readImageConfig } from '../registry/image-config.js';
import type { BasicCredentials } from '../registry/manifest.js';
import { splitCommand } from '../run/argv.js';
import { openRegistrySession, type RegistrySession } from '../registry/session.js';
import {
  assertTrustedTrigger,
  looksSecret,
  runImage,
  type RunDeps,
  type RunResult,
} from '../run/index.js';
import { prepareSource, type Source } from '../source/index.js';
import type { Inputs } from './inputs.js';
import { plannedOutputs, type LaunchResult } from './result.js';

/** Hooks of the caller into the pipeline. */
export interface LaunchHooks {
  /** Outputs known so far, reported as soon as they are known (a later failure keeps them). */
  onOutputs?: (outputs: Record<string, string>) => void;
}

/** Where the image comes from: built from the source, or given by `docker-image`. */
type ImageStage =
  | {
      kind: 'build';
      plan: BuildPlan;
      /** The builder the plan was made for: probed, or assumed until a build needs one. */
      builder: BuilderChoice;
      builders: BuilderProbe;
      source: Source;
      /** Reports the planned outputs (again, when the builder changes the plan). */
      onPlan: (plan: BuildPlan) => void;
    }
  | { kind: 'given'; image: string };

/**
 * The pipeline, top to bottom: inputs → source → environment and Dockerfile → registry login →
 * build, push or skip → run or dispatch → report. Each stage is a module that owns its data.
 */
export async function launch(
  rt: Runtime,
  inputs: Inputs,
  hooks: LaunchHooks = {},
): Promise<LaunchResult> {
  const started = performance.now();
  if (inputs.core.mode !== 'build') assertTrustedTrigger(rt.env, inputs.run.allowUntrusted);
  for (const [name] of inputs.core.env.filter(([name]) => looksSecret(name))) {
    rt.log.warning(
      `env ${name} looks like a secret: \`env\` is baked into the image (anyone who can pull it can read it). Pass it with \`run-env\` instead: it reaches the container at run time only.`,
    );
  }

  const given = inputs.core.dockerImage;
  // Asking docker which builder works takes a few hundred ms: done while the source is prepared,
  // unless the registry may already hold the image (or its dependency image), so that a relaunch
  // or an assembled code-only change never runs docker at all.
  const builders =
    given === undefined ? new BuilderProbe(rt, inputs.core, !lookupFirst(inputs.core)) : undefined;
  const source = await rt.group('Source', () => prepareSource(rt, inputs.core));
  let stage: ImageStage;
  if (builders) {
    const builder = await builders.planned();
    const plan = await rt.group('Environment and Dockerfile', () =>
      planImage(rt, source, inputs.core, builder),
    );
    const onPlan = (planned: BuildPlan) => hooks.onOutputs?.(plannedOutputs(planned));
    stage = { kind: 'build', plan, builder, builders, source, onPlan };
    onPlan(plan);
  } else {
    stage = { kind: 'given', image: given! };
  }

  if (inputs.core.destination && !inputs.core.push) {
    rt.log.info(
      `push: false: the image is built into the local engine under ${inputs.core.destination.host}/${inputs.core.destination.path}, not pushed; no registry login.`,
    );
  }
  const session = await rt.group('Registry login', () =>
    openRegistrySession(rt, {
      ...(inputs.core.destination && inputs.core.push && { destination: inputs.core.destination }),
      ...(given !== undefined && { dockerImage: given }),
      ...(inputs.core.destination && { passwordHost: inputs.core.destination.host }),
      auth: inputs.auth,
    }),
  );
  try {
    const produced = await rt.group('Image', () =>
      stage.kind === 'build'
        ? produceImage(rt, stage, inputs.core, session)
        : describeGivenImage(rt, stage.image, session),
    );
    const size =
      produced.built || produced.digest ? await measureImage(rt, produced, session) : undefined;
    const image = size ? { ...produced, size } : produced;

    let run: RunResult | undefined;
    let dispatch: DispatchResult | undefined;
    if (inputs.core.mode === 'run') {
      await session.login();
      // Built into this engine without a registry: there is nothing to pull.
      const localImage = !inputs.core.destination && !inputs.core.dockerImage;
      run = await rt.group('Run', () =>
        runImage(image.imageRef, inputs.run, runDeps(rt, session), { localImage }),
      );
    } else if (inputs.core.mode === 'kubernetes') {
      run = await rt.group('Kubernetes Job', () => kubernetesRun(rt, image, inputs, session));
    } else if (inputs.core.mode === 'dispatch') {
      const target = inputs.dispatch;
      if (!target)
        throw new Error('dispatch mode needs the dispatch inputs (readInputs reads them)');
      dispatch = await rt.group('Dispatch', () =>
        dispatchRun(image.imageRef, dispatchParams(inputs), target, {
          fetch: rt.fetch,
          sleep: rt.sleep,
          log: rt.log,
          saveState: rt.saveState,
          env: rt.env,
        }),
      );
    }
    return {
      source,
      ...(stage.kind === 'build' && {
        plan: stage.plan,
        ...(stage.builders.probed && { builder: stage.builder }),
      }),
      image,
      ...(run && { run }),
      ...(dispatch && { dispatch }),
      durationMs: performance.now() - started,
    };
  } finally {
    await session.close();
  }
}

/**
 * The planned image: found in the destination (one lookup), assembled on its dependency image,
 * or built and pushed. The builder is asked only here, when a build follows; when it lacks the
 * BuildKit the plan assumed, the image is planned again for it.
 */
async function produceImage(
  rt: Runtime,
  stage: Extract<ImageStage, { kind: 'build' }>,
  inputs: CoreInputs,
  session: RegistrySession,
): Promise<ImageResult> {
  if (!inputs.forceRebuild && inputs.destination && inputs.push) {
    const existing = await findInRegistry(rt, stage.plan, inputs.destination, session);
    if (existing) return existing;
  }
  if (inputs.assemble === 'auto' && stage.builder.kind === 'buildx') {
    const assembled = await assembleImage(rt, stage.plan, inputs, session, async () => {
      await settleBuilder(rt, stage, inputs);
      return stage.builder;
    });
    if (assembled) return assembled;
  }
  if (await settleBuilder(rt, stage, inputs)) {
    if (!inputs.forceRebuild && inputs.destination && inputs.push) {
      const existing = await findInRegistry(rt, stage.plan, inputs.destination, session);
      if (existing) return existing;
    }
  }
  if (stage.builder.kind === 'noop' && inputs.builder !== 'noop' && inputs.destination) {
    // A green step promises the image is in the destination: plan-only is only for builder: noop.
    throw new Error(
      `No image can be built for ${stage.plan.image}: ${stage.builder.reason}. ` +
        'Run this step where the Docker engine answers (a job on a runner with docker, or a container job with the docker socket mounted), ' +
        'or set builder: noop to only plan the image.',
    );
  }
  return buildImage(rt, stage.plan, stage.builder, inputs, session);
}

/**
 * Replaces an assumed builder by the probed one; when the probed one renders another Dockerfile
 * (the classic builder has no cache or secret mounts), plans again and returns true.
 */
async function settleBuilder(
  rt: Runtime,
  stage: Extract<ImageStage, { kind: 'build' }>,
  inputs: CoreInputs,
): Promise<boolean> {
  if (stage.builders.probed) return false;
  const builder = await stage.builders.probe();
  rt.log.info(`Builder: ${builder.kind} — ${builder.reason}`);
  const replan = hasBuildKit(builder) !== hasBuildKit(stage.builder);
  stage.builder = builder;
  if (!replan) return false;
  stage.plan = await planImage(rt, stage.source, inputs, builder);
  stage.onPlan(stage.plan);
  return true;
}

/** A relaunch or an assembled code-only change may need no builder: the registry is asked first. */
function lookupFirst(inputs: CoreInputs): boolean {
  return (
    inputs.destination !== undefined &&
    inputs.push &&
    !inputs.forceRebuild &&
    inputs.builder !== 'noop'
  );
}

/** The builder choice, asked of docker at most once. */
class BuilderProbe {
  private choice: Promise<BuilderChoice> | undefined;
  probed = false;

  constructor(
    private readonly rt: Runtime,
    private readonly inputs: CoreInputs,
    now: boolean,
  ) {
    if (now) void this.probe().catch(() => undefined);
  }

  probe(): Promise<BuilderChoice> {
    this.choice ??= chooseBuilder(this.inputs.builder, this.rt.run, this.rt.env, {
      ...(this.inputs.builderInstance !== undefined && { instance: this.inputs.builderInstance }),
    }).then((choice) => {
      this.probed = true;
      return choice;
    });
    return this.choice;
  }

  /** The probed builder, or (when the registry is asked first) the one the plan assumes. */
  async planned(): Promise<BuilderChoice> {
    if (this.choice) return this.choice;
    return this.inputs.builder === 'docker'
      ? {
          kind: 'docker',
          reason: "builder 'docker' was requested (asked only when a build follows)",
        }
      : {
          kind: 'buildx',
          reason: 'planned for BuildKit; docker is asked only when a build follows',
        };
  }
}

function hasBuildKit(builder: BuilderChoice): boolean {
  return builder.kind !== 'docker';
}

/**
 * The planning step (environment, Dockerfile, source hash), logged: the action and the CLI's
 * `plan` both run exactly this.
 */
export async function planImage(
  rt: Runtime,
  source: Pick<Source, 'workspace' | 'context'>,
  inputs: CoreInputs,
  builder: BuilderChoice,
): Promise<BuildPlan> {
  rt.log.info(`Builder: ${builder.kind} — ${builder.reason}`);
  const plan = await planBuild(source.context, inputs, {
    buildkit: builder.kind !== 'docker',
    digestCache: directoryDigestCache(digestCacheDir(rt.env)),
    packageIndex: httpPackageIndex({ fetch: rt.fetch, sleep: rt.sleep, log: rt.log }),
  }).catch((error: unknown) => {
    // Annotations need repository-relative paths; detection speaks of context-relative ones.
    if (error instanceof FileError && source.context !== source.workspace) {
      const file = path.relative(source.workspace, path.join(source.context, error.file));
      throw new FileError(file, error.line, error.detail);
    }
    throw error;
  });
  const env = plan.environment;
  rt.log.info(`Environment: ${env.kind} — ${env.reason}`);
  rt.log.info(`Python: ${env.python.version || '(from the Dockerfile)'} (${env.python.source})`);
  if (plan.pythonCheck) rt.log.info(plan.pythonCheck);
  if (plan.dockerfile.pythonRoute) {
    rt.log.info(
      `Python into the base: ${plan.dockerfile.pythonRoute.route} — ${plan.dockerfile.pythonRoute.reason}`,
    );
  }
  for (const dropped of env.dropped) {
    rt.log.warning(`Dropped '${dropped.line}': ${dropped.reason}`, {
      file: dropped.file,
      line: dropped.lineNumber,
    });
  }
  for (const item of env.systemPackages ?? []) {
    rt.log.info(`System package ${item.name}: ${item.reason}`);
  }
  for (const target of env.project?.targets ?? []) {
    const scripts =
      target.scripts.length > 0 ? `; console scripts: ${target.scripts.join(', ')}` : '';
    rt.log.info(
      `Project ${target.path} (${target.backend}) installed after the code — ${target.reason}${scripts}`,
    );
  }
  for (const warning of plan.warnings) rt.log.warning(warning);
  if (plan.cuda) {
    rt.log.info(
      `CUDA ${plan.cuda.version} implied by ${plan.cuda.source} (recorded as image label; checked against the driver in mode: run)`,
    );
  }
  if (plan.dockerfile.entrypoint) {
    rt.log.info(
      `Entrypoint: ${plan.dockerfile.entrypoint.command.join(' ')} — ${plan.dockerfile.entrypoint.reason}`,
    );
  }
  rt.log.info(
    `Source hash ${plan.sourceHash} over ${plan.context.files.length} files (${plan.timings.hashMs.toFixed(0)} ms)`,
  );
  rt.log.info(`Dockerfile (${plan.dockerfile.origin}):\n${plan.dockerfile.dockerfile}`);
  return plan;
}

/** The digest cache survives between jobs on a self-hosted runner; a hosted runner starts empty. */
function digestCacheDir(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_CACHE_HOME || path.join(env.HOME || os.homedir(), '.cache');
  return path.join(base, 'launch-action', 'digests');
}

function runDeps(rt: Runtime, session: RegistrySession): RunDeps {
  return {
    exec: rt.run,
    log: rt.log,
    saveState: rt.saveState,
    // The container's output is live output (the CLI keeps its stdout for the result).
    stdout: (chunk: string) => rt.write(chunk),
    env: session.dockerEnv(rt.env),
  };
}

/** mode kubernetes: the pushed image by digest, with a pull Secret from this step's credentials. */
async function kubernetesRun(
  rt: Runtime,
  image: ImageResult,
  inputs: Inputs,
  session: RegistrySession,
): Promise<RunResult> {
  const parsed = parseImageReference(image.imageRef);
  const host = typeof parsed === 'string' ? undefined : parsed.host;
  const credentials = host ? await session.credentialsFor(host) : undefined;
  const outputsPath = inputs.kubernetes.collectOutputs
    ? await podOutputsPathOf(rt, parsed, inputs.run.outputsPath, credentials)
    : undefined;
  const managed = await managedClusterAccess(inputs.kubernetes, inputs.auth, authDeps(rt));
  return runOnKubernetes(
    {
      imageRef: image.imageRef,
      ...(inputs.run.command !== undefined && { command: splitCommand(inputs.run.command) }),
      args: inputs.run.args,
      ...(inputs.run.cudaVersion !== undefined && { cudaVersion: inputs.run.cudaVersion }),
      inputs: inputs.kubernetes,
      ...(host && credentials && { registry: { host, ...credentials } }),
      ...(outputsPath && { outputsPath }),
      ...(managed && { managed }),
    },
    {
      log: rt.log,
      saveState: rt.saveState,
      setSecret: rt.setSecret,
      env: rt.env,
      workspace: rt.workspace,
      write: rt.write,
    },
  );
}

function authDeps(rt: Runtime): AuthDeps {
  return { env: rt.env, fetch: rt.fetch, sleep: rt.sleep, log: rt.log, setSecret: rt.setSecret };
}

/** `outputs-path` in the pod: a relative one is under the image's WorkingDir, read from the registry. */
async function podOutputsPathOf(
  rt: Runtime,
  ref: ReturnType<typeof parseImageReference>,
  outputsPath: string,
  credentials: BasicCredentials | undefined,
): Promise<string> {
  if (path.posix.isAbsolute(outputsPath)) return path.posix.normalize(outputsPath);
  let reason = 'the image is not referenced by digest';
  if (typeof ref !== 'string' && ref.digest) {
    try {
      const config = await readImageConfig(ref, ref.digest, credentials, rt);
      return podOutputsPath(outputsPath, config.workingDir);
    } catch (error) {
      reason = error instanceof Error ? error.message : String(error);
    }
  }
  throw new Error(
    `outputs-path ${outputsPath} is relative, and the image's working directory could not be read from its registry (${reason}). ` +
      'Set outputs-path to an absolute path (e.g. /workspace/outputs), or kubernetes-collect-outputs: false.',
  );
}

/**
 * What the GPU queue workflow needs besides the image: the run parameters of this step. `run-env`
 * travels as NAMES only (dispatch inputs are visible in the UI): the queue maps them from its secrets.
 */
function dispatchParams(inputs: Inputs): Record<string, string> {
  const run = inputs.run;
  return {
    ...(run.command !== undefined && { command: run.command }),
    ...(run.args.length > 0 && { args: run.args.join('\n') }),
    gpus: run.gpus,
    ...(run.dockerArgs.length > 0 && { 'docker-args': run.dockerArgs.join('\n') }),
    ...(run.runEnv.length > 0 && { 'run-env': run.runEnv.map((entry) => entry.name).join('\n') }),
    ...(run.shmSize !== undefined && run.shmSize !== '8g' && { 'shm-size': run.shmSize }),
    ...(run.ipcHost && { 'ipc-host': 'true' }),
    ...(run.outputsPath !== 'outputs' && { 'outputs-path': run.outputsPath }),
    ...(inputs.core.env.length > 0 && {
      env: inputs.core.env.map(([key, value]) => `${key}=${value}`).join('\n'),
    }),
  };
}

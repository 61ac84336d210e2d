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
import { FileError } from '../platform/errors.js';
import type { Runtime } from '../platform/runtime.js';
import { findInRegistry } from '../registry/existing.js';
import { describeGivenImage } from '../registry/given-image.js';
import { measureImage } from '../registry/image-size.js';
import { parseImageReference } from '../image/reference.js';
import { runOnKubernetes } from '../kubernetes/index.js';
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
  { kind: 'build'; plan: BuildPlan; builder: BuilderChoice } | { kind: 'given'; image: string };

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
  // Asking docker which builder works takes a few hundred ms: do it while the source is prepared.
  const wanted =
    given === undefined
      ? {
          kind: 'build' as const,
          builder: chooseBuilder(inputs.core.builder, rt.run, rt.env, inputs.core.builderInstance),
        }
      : { kind: 'given' as const, image: given };
  if (wanted.kind === 'build') wanted.builder.catch(() => undefined);
  const source = await rt.group('Source', () => prepareSource(rt, inputs.core));
  let stage: ImageStage;
  if (wanted.kind === 'build') {
    const builder = await wanted.builder;
    const plan = await rt.group('Environment and Dockerfile', () =>
      planImage(rt, source, inputs.core, builder),
    );
    stage = { kind: 'build', plan, builder };
    hooks.onOutputs?.(plannedOutputs(plan));
  } else {
    stage = wanted;
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
      ...(stage.kind === 'build' && { plan: stage.plan, builder: stage.builder }),
      image,
      ...(run && { run }),
      ...(dispatch && { dispatch }),
      durationMs: performance.now() - started,
    };
  } finally {
    await session.close();
  }
}

/** The planned image: found in the destination (one lookup), or built and pushed. */
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
  if (stage.builder.kind === 'noop' && inputs.builder !== 'noop' && inputs.destination) {
    // A green step promises the image is in the destination: plan-only is only for builder: noop.
    throw new Error(
      `No image can be built for ${stage.plan.image}: ${stage.builder.reason}. ` +
        'Run this step where the Docker engine answers (a job on a runner with docker, or a container job with the docker socket mounted), ' +
        'or set builder: noop to only plan the image.',
    );
  }
  // Opt-in while the benchmark and the other build tests move to it: dependency image + code
  // layer appended through the registry API.
  if (rt.env.LAUNCH_ACTION_ASSEMBLE === 'registry') {
    const assembled = await assembleImage(rt, stage.plan, stage.builder, inputs, session);
    if (assembled) return assembled;
  }
  return buildImage(rt, stage.plan, stage.builder, inputs, session);
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
    env: { ...rt.env, DOCKER_CONFIG: session.dockerConfig },
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
  return runOnKubernetes(
    {
      imageRef: image.imageRef,
      ...(inputs.run.command !== undefined && { command: splitCommand(inputs.run.command) }),
      args: inputs.run.args,
      ...(inputs.run.cudaVersion !== undefined && { cudaVersion: inputs.run.cudaVersion }),
      inputs: inputs.kubernetes,
      ...(host && credentials && { registry: { host, ...credentials } }),
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

import path from 'node:path';
import os from 'node:os';
import { FileError } from './errors.js';
import { readInputs, type Inputs } from './inputs/index.js';
import { envInputSource } from './inputs/reader.js';
import { actionsRuntime, type Runtime } from './runtime.js';
import { prepareSource, type Source } from './source/index.js';
import { planBuild, type BuildPlan } from './plan/index.js';
import { directoryDigestCache } from './context/digests.js';
import { chooseBuilder, type BuilderChoice } from './build/builder.js';
import { buildImage, type ImageResult } from './build/index.js';
import { openRegistrySession, type RegistrySession } from './registry/session.js';
import { describeGivenImage } from './registry/given-image.js';
import {
  assertTrustedTrigger,
  looksSecret,
  runImage,
  spawnExec,
  type RunResult,
} from './run/index.js';
import { dispatchRun, type DispatchResult } from './dispatch/index.js';
import { reportFailure, reportResult, type LaunchResult } from './report/index.js';

/**
 * The pipeline, top to bottom: inputs → source → environment and Dockerfile → registry login →
 * build, push or skip → run or dispatch → report. Each stage is a module that owns its data.
 */
export async function launch(rt: Runtime, inputs: Inputs): Promise<LaunchResult> {
  const started = performance.now();
  if (inputs.core.mode !== 'build') assertTrustedTrigger(rt.env, inputs.run.allowUntrusted);
  for (const [name] of inputs.core.env.filter(([name]) => looksSecret(name))) {
    rt.log.warning(
      `env ${name} looks like a secret: \`env\` is baked into the image (anyone who can pull it can read it). Pass it with \`run-env\` instead: it reaches the container at run time only.`,
    );
  }

  // Asking docker which builder works takes a few hundred ms: do it while the source is prepared.
  const choosingBuilder = inputs.core.dockerImage
    ? undefined
    : chooseBuilder(inputs.core.builder, rt.run, rt.env);
  choosingBuilder?.catch(() => undefined);
  const source = await rt.group('Source', () => prepareSource(rt, inputs.core));
  let plan: BuildPlan | undefined;
  let builder: BuilderChoice | undefined;
  if (choosingBuilder) {
    builder = await choosingBuilder;
    plan = await rt.group('Environment and Dockerfile', () =>
      planImage(rt, source, inputs, builder!),
    );
  }

  const session = await rt.group('Registry login', () => openRegistrySession(rt, inputs));
  try {
    const image: ImageResult = plan
      ? await rt.group('Image', () => buildImage(rt, plan!, builder!, inputs.core, session))
      : await rt.group('Image', () => describeGivenImage(rt, inputs.core.dockerImage!, session));

    let run: RunResult | undefined;
    let dispatch: DispatchResult | undefined;
    if (inputs.core.mode === 'run') {
      await session.login();
      // Built into this engine without a registry: there is nothing to pull.
      const localImage = !inputs.core.destination && !inputs.core.dockerImage;
      run = await rt.group('Run', () =>
        runImage(image.imageRef, inputs.run, runDeps(rt, session), { localImage }),
      );
    } else if (inputs.core.mode === 'dispatch') {
      dispatch = await rt.group('Dispatch', () =>
        dispatchRun(image.imageRef, dispatchParams(inputs), inputs.dispatch!, {
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
      ...(plan && { plan }),
      ...(builder && { builder }),
      image,
      ...(run && { run }),
      ...(dispatch && { dispatch }),
      durationMs: performance.now() - started,
    };
  } finally {
    await session.close();
  }
}

async function planImage(
  rt: Runtime,
  source: Source,
  inputs: Inputs,
  builder: BuilderChoice,
): Promise<BuildPlan> {
  rt.log.info(`Builder: ${builder.kind} — ${builder.reason}`);
  const plan = await planBuild(source.context, inputs.core, {
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

function runDeps(rt: Runtime, session: RegistrySession) {
  return {
    exec: spawnExec,
    log: rt.log,
    saveState: rt.saveState,
    env: { ...rt.env, DOCKER_CONFIG: session.dockerConfig },
  };
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

/** The action's entry: parse inputs, run the pipeline, report; any throw fails the step. */
export async function run(): Promise<void> {
  const rt = actionsRuntime();
  try {
    const { inputs } = readInputs(envInputSource(rt.env), rt.env, rt.setSecret);
    rt.saveState('mode', inputs.core.mode);
    const result = await launch(rt, inputs);
    await reportResult(rt, result);
  } catch (error) {
    await reportFailure(rt, error);
  }
}

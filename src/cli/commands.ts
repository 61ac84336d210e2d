import path from 'node:path';
import { chooseBuilder } from '../builder/builder.js';
import { mapInputSource } from '../inputs/reader.js';
import { readInputs, type Inputs } from '../launch/inputs.js';
import { launch, planImage } from '../launch/pipeline.js';
import { outputsOf } from '../launch/result.js';
import { errorMessage } from '../platform/errors.js';
import type { Runtime } from '../platform/runtime.js';
import { resolveContext } from '../source/resolve.js';
import { consoleRuntime } from './runtime.js';

const USAGE = `Usage:
  launch-action plan  [--context DIR] [--<input-name> VALUE ...] [--json]
  launch-action build [--context DIR] [--<input-name> VALUE ...] [--json]

Flags are the action's input names (see action.yml), e.g. --destination, --base-image,
--entrypoint, --python-version. A flag given without a value means "true".
plan prints what would be built without building; build runs the pipeline (no destination:
the image goes into the local engine; no working Docker: the plan is printed).`;

interface CliArgs {
  command: 'plan' | 'build';
  json: boolean;
  values: Record<string, string>;
}

function parseCliArgs(argv: readonly string[]): CliArgs | string {
  const [command, ...rest] = argv;
  if (command !== 'plan' && command !== 'build') return USAGE;
  const values: Record<string, string> = {};
  let json = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (!arg.startsWith('--')) return `Unexpected argument '${arg}'.\n\n${USAGE}`;
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    if (name === 'json') {
      json = true;
      continue;
    }
    if (name === 'help') return USAGE;
    if (eq !== -1) values[name] = arg.slice(eq + 1);
    else if (i + 1 < rest.length && !rest[i + 1]!.startsWith('--')) values[name] = rest[++i]!;
    else values[name] = 'true';
  }
  return { command, json, values };
}

export async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseCliArgs(argv);
  if (typeof parsed === 'string') {
    console.error(parsed);
    return argv.includes('--help') ? 0 : 2;
  }
  try {
    const workspace =
      parsed.values.context && path.isAbsolute(parsed.values.context)
        ? parsed.values.context
        : process.cwd();
    const env = { ...process.env };
    // A terminal has no log masker: nothing to register secrets with.
    const { inputs, namesRead } = readInputs(mapInputSource(parsed.values), env, () => undefined);
    const unknown = Object.keys(parsed.values).filter((name) => !namesRead.has(name));
    if (unknown.length > 0) {
      console.error(
        `Unknown flag(s): ${unknown.map((n) => `--${n}`).join(', ')}. Flags are the action's inputs: ${[...namesRead].sort().join(', ')}.`,
      );
      return 2;
    }
    const rt = consoleRuntime(workspace, env);
    const result = parsed.command === 'plan' ? await plan(rt, inputs) : await build(rt, inputs);
    console.log(parsed.json ? JSON.stringify(result, null, 2) : humanReadable(result));
    return result.exitCode ?? 0;
  } catch (error) {
    console.error(`error: ${errorMessage(error)}`);
    return 1;
  }
}

interface CliResult {
  environment?: {
    kind: string;
    files: string[];
    python: string;
    pythonSource: string;
    reason: string;
    dropped: unknown[];
  };
  dockerfile?: string;
  sourceHash?: string;
  tag?: string;
  image?: string;
  builder?: string;
  built?: boolean;
  digest?: string;
  imageRef?: string;
  exitCode?: number;
  outputs?: Record<string, string>;
}

async function plan(rt: Runtime, inputs: Inputs): Promise<CliResult> {
  if (inputs.core.patch)
    rt.log.warning(
      'plan does not apply the patch (it changes files): the hash is of the files as they are.',
    );
  const context = await resolveContext(rt.workspace, inputs.core.context);
  const builder = await chooseBuilder(inputs.core.builder, rt.run, rt.env).catch(() => ({
    kind: 'noop' as const,
    reason: 'unavailable',
  }));
  const result = await planImage(rt, { workspace: rt.workspace, context }, inputs.core, builder);
  return {
    environment: {
      kind: result.environment.kind,
      files: result.environment.files,
      python: result.environment.python.version,
      pythonSource: result.environment.python.source,
      reason: result.environment.reason,
      dropped: result.environment.dropped,
    },
    dockerfile: result.dockerfile.dockerfile,
    sourceHash: result.sourceHash,
    tag: result.tag,
    ...(inputs.core.destination && { image: result.image }),
    builder: builder.kind,
  };
}

async function build(rt: Runtime, inputs: Inputs): Promise<CliResult> {
  const result = await launch(rt, inputs);
  const outputs = outputsOf(result);
  return {
    ...(result.plan && {
      environment: {
        kind: result.plan.environment.kind,
        files: result.plan.environment.files,
        python: result.plan.environment.python.version,
        pythonSource: result.plan.environment.python.source,
        reason: result.plan.environment.reason,
        dropped: result.plan.environment.dropped,
      },
      dockerfile: result.plan.dockerfile.dockerfile,
      sourceHash: result.plan.sourceHash,
      tag: result.plan.tag,
    }),
    image: result.image.image,
    ...(result.builder && { builder: result.builder.kind }),
    built: result.image.built,
    digest: result.image.digest,
    imageRef: result.image.imageRef,
    ...(result.run && { exitCode: result.run.exitCode }),
    outputs,
  };
}

function humanReadable(result: CliResult): string {
  const lines: string[] = [];
  if (result.environment) {
    lines.push(`environment: ${result.environment.kind} (${result.environment.reason})`);
    lines.push(`python:      ${result.environment.python} (${result.environment.pythonSource})`);
  }
  if (result.sourceHash) lines.push(`source hash: ${result.sourceHash}`);
  if (result.image) lines.push(`image:       ${result.image}`);
  if (result.builder) lines.push(`builder:     ${result.builder}`);
  if (result.built !== undefined) lines.push(`built:       ${result.built}`);
  if (result.imageRef) lines.push(`image ref:   ${result.imageRef}`);
  if (result.dockerfile) lines.push('', result.dockerfile);
  return lines.join('\n');
}

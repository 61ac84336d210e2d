import { chooseBuilder } from '../builder/builder.js';
import type { Inputs } from '../launch/inputs.js';
import { launch, planImage } from '../launch/pipeline.js';
import { outputsOf } from '../launch/result.js';
import type { Runtime } from '../platform/runtime.js';
import { resolveContext } from '../source/resolve.js';

/** What a command prints: as JSON with --json, else as a few aligned lines and the Dockerfile. */
export interface CommandResult {
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

export async function plan(rt: Runtime, inputs: Inputs): Promise<CommandResult> {
  if (inputs.core.patch)
    rt.log.warning(
      'plan does not apply the patch (it changes files): the hash is of the files as they are.',
    );
  const context = await resolveContext(rt.workspace, inputs.core.context);
  const builder = await chooseBuilder(inputs.core.builder, rt.run, rt.env, {
    ...(inputs.core.builderInstance !== undefined && { instance: inputs.core.builderInstance }),
  }).catch(() => ({
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

export async function build(rt: Runtime, inputs: Inputs): Promise<CommandResult> {
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

export function humanReadable(result: CommandResult): string {
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

import type { BuilderChoice } from '../builder/builder.js';
import type { DispatchResult } from '../dispatch/index.js';
import type { ImageResult } from '../image/result.js';
import type { BuildPlan } from '../plan/index.js';
import type { RunResult } from '../run/index.js';
import type { Source } from '../source/index.js';

/** What one step did, for the outputs, the job summary and the CLI. */
export interface LaunchResult {
  source: Source;
  plan?: BuildPlan;
  builder?: BuilderChoice;
  image: ImageResult;
  run?: RunResult;
  dispatch?: DispatchResult;
  durationMs: number;
}

/**
 * The outputs known once the image is planned (before any build or push): set first, so a step
 * that fails later still names the tag and hash it was producing.
 */
export function plannedOutputs(plan: BuildPlan): Record<string, string> {
  return {
    image: plan.image,
    tag: plan.tag,
    'source-hash': plan.sourceHash,
    environment: plan.environment.kind,
    dockerfile: plan.dockerfile.dockerfile,
  };
}

/** The step's outputs, named as in action.yml. */
export function outputsOf(result: LaunchResult): Record<string, string> {
  const outputs: Record<string, string> = {
    image: result.image.image,
    tag: result.image.tag,
    digest: result.image.digest,
    'image-ref': result.image.imageRef,
    'source-hash': result.plan?.sourceHash ?? '',
    built: String(result.image.built),
    environment: result.plan?.environment.kind ?? '',
    dockerfile: result.plan?.dockerfile.dockerfile ?? '',
    metadata: JSON.stringify(metadataOf(result)),
    imageid: result.image.imageId ?? '',
  };
  if (result.run) {
    outputs['exit-code'] = String(result.run.exitCode);
    outputs.gpu = result.run.gpu;
    outputs.duration = result.run.durationSeconds.toFixed(1);
    outputs['outputs-dir'] = result.run.outputsDir ?? '';
    outputs['result-file'] = result.run.resultFile ?? '';
    outputs.metrics = JSON.stringify(result.run.metrics ?? {});
  }
  if (result.dispatch) {
    outputs['run-id'] = result.dispatch.runId;
    outputs['run-url'] = result.dispatch.runUrl;
    outputs.conclusion = result.dispatch.conclusion;
    if (result.dispatch.exitCode !== undefined) {
      outputs['exit-code'] = String(result.dispatch.exitCode);
      outputs.metrics = JSON.stringify(result.dispatch.metrics ?? {});
    }
  }
  return outputs;
}

/**
 * buildx's metadata file when buildx built the image; otherwise the same keys for what is known
 * (buildx's `image.name` lists every tag, comma-separated). It never holds credentials.
 */
export function metadataOf(result: LaunchResult): Record<string, unknown> {
  if (result.image.buildMetadata) return result.image.buildMetadata;
  const names = result.plan?.tags.length ? result.plan.tags : [result.image.image];
  return {
    'image.name': names.join(','),
    ...(result.image.digest && { 'containerimage.digest': result.image.digest }),
    ...(result.image.imageId && { 'containerimage.config.digest': result.image.imageId }),
  };
}

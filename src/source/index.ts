import type { CoreInputs } from '../inputs/core.js';
import type { Runtime } from '../platform/runtime.js';
import { applyPatch, resolveContext } from './resolve.js';

export type { Source } from './resolve.js';
import type { Source } from './resolve.js';

/** Resolves the context and applies the patch, before anything is hashed or built. */
export async function prepareSource(rt: Runtime, inputs: CoreInputs): Promise<Source> {
  const context = await resolveContext(rt.workspace, inputs.context);
  rt.log.info(`Context: ${context}`);
  if (inputs.patch === undefined) return { workspace: rt.workspace, context, patched: false };
  const outcome = await applyPatch(rt.run, rt.workspace, inputs.patch, rt.tempDir);
  if (outcome.applied) {
    rt.log.info('Patch applied on top of the commit.');
    return { workspace: rt.workspace, context, patched: true };
  }
  const message = `The patch does not apply to this commit: ${outcome.reason}`;
  if (inputs.patchFailure === 'error') {
    throw new Error(
      `${message}\nNothing was built. Regenerate the patch against this commit, or set patch-failure: warn to build the commit without it.`,
    );
  }
  rt.log.warning(`${message}\nBuilding the commit without the patch (patch-failure: warn).`);
  return { workspace: rt.workspace, context, patched: false, patchWarning: message };
}

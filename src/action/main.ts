import { launch } from '../launch/pipeline.js';
import { readInputs } from '../launch/inputs.js';
import { envInputSource } from '../inputs/reader.js';
import { STATE } from '../platform/state.js';
import { reportFailure, reportResult } from './report.js';
import { actionsRuntime } from './runtime.js';

/** The action's main step: parse inputs, run the pipeline, report; any throw fails the step. */
export async function run(): Promise<void> {
  const rt = actionsRuntime();
  try {
    const { inputs } = readInputs(envInputSource(rt.env), rt.env, rt.setSecret);
    rt.saveState(STATE.mode, inputs.core.mode);
    const result = await launch(rt, inputs);
    await reportResult(rt, result);
  } catch (error) {
    await reportFailure(rt, error);
  }
}

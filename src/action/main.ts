import { launch } from '../launch/pipeline.js';
import { readInputs, type Inputs } from '../launch/inputs.js';
import { envInputSource } from '../inputs/reader.js';
import { STATE } from '../platform/state.js';
import { reportFailure, reportOutputs, reportResult } from './report.js';
import { actionsRuntime } from './runtime.js';
import { installInterruptCleanup } from '../platform/shutdown.js';

/** The action's main step: parse inputs, run the pipeline, report; any throw fails the step. */
export async function run(): Promise<void> {
  const rt = actionsRuntime();
  // A cancelled job: stop our build and remove credential files before the runner kills us.
  installInterruptCleanup((message) => rt.log.info(message));
  try {
    const { inputs } = readInputs(envInputSource(rt.env), rt.env, rt.setSecret);
    rt.saveState(STATE.mode, inputs.core.mode);
    if (inputs.core.mode === 'doctor') {
      // Loaded only for doctor runs: it brings every cloud's client, the SigV4 signer included.
      const [{ runDoctor }, { reportDoctor }] = await Promise.all([
        import('../doctor/index.js'),
        import('./doctor.js'),
      ]);
      await reportDoctor(rt, await runDoctor(rt, doctorInputs(inputs)));
      return;
    }
    const result = await launch(rt, inputs, { onOutputs: reportOutputs });
    await reportResult(rt, result);
  } catch (error) {
    await reportFailure(rt, error);
  }
}

/** What doctor needs of the inputs of a real run. */
function doctorInputs(inputs: Inputs) {
  return {
    destination: inputs.core.destination,
    dockerImage: inputs.core.dockerImage,
    auth: inputs.auth,
    minFreeDiskGb: inputs.run.minFreeDiskGb,
  };
}

import {
  readAuthInputs,
  validateAuthInputs,
  classifyRegistry,
  type AuthInputs,
} from '../auth/index.js';
import { readRunInputs, type RunInputs } from '../run/index.js';
import { readDispatchInputs, type DispatchInputs } from '../dispatch/index.js';
import { parsePythonVersionInput } from '../environment/python-version.js';
import { readCoreInputs, type CoreInputs } from '../inputs/core.js';
import { InputReader, type InputSource } from '../inputs/reader.js';
import { readKubernetesInputs, type KubernetesInputs } from '../kubernetes/index.js';

/** Every input of the action, parsed and checked before anything runs. */
export interface Inputs {
  core: CoreInputs;
  auth: AuthInputs;
  run: RunInputs;
  kubernetes: KubernetesInputs;
  /** Only in dispatch mode: its token and target are required there and meaningless elsewhere. */
  dispatch?: DispatchInputs;
}

/**
 * The one place inputs are read, all of them before anything runs, so a wrong value fails the
 * step at once. `namesRead` lists what the parser knows (a test compares it with action.yml).
 * `mask` registers secrets with the log masker (the runner's; a terminal has none).
 */
export function readInputs(
  source: InputSource,
  env: NodeJS.ProcessEnv,
  mask: (secret: string) => void,
): { inputs: Inputs; namesRead: Set<string> } {
  const reader = new InputReader(source);
  const core = readCoreInputs(reader);
  for (const secret of core.secrets) if (secret.value !== '') mask(secret.value);
  if (core.pythonVersion !== undefined) parsePythonVersionInput(core.pythonVersion);
  const auth = readAuthInputs(reader, mask);
  const run = readRunInputs(reader, {
    network: core.network,
    env: core.env,
    mode: core.mode,
    stepEnv: env,
    mask,
  });
  const kubernetes = readKubernetesInputs(
    reader,
    core.mode === 'kubernetes' ? env : undefined,
    mask,
  );
  // A managed cluster's token comes from that cloud's identity inputs, whatever the registry.
  const clusterCloud =
    core.mode === 'kubernetes'
      ? ({ eks: 'ecr', gke: 'gar', aks: 'acr' } as const)[
          kubernetes.access as 'eks' | 'gke' | 'aks'
        ]
      : undefined;
  if (core.destination) {
    validateAuthInputs(classifyRegistry(core.destination.host), auth, clusterCloud);
  }
  const dispatch = core.mode === 'dispatch' ? readDispatchInputs(reader, env, mask) : undefined;
  return {
    inputs: { core, auth, run, kubernetes, ...(dispatch && { dispatch }) },
    namesRead: reader.namesRead,
  };
}

import * as core from '@actions/core';
import { cleanup } from '../launch/cleanup.js';
import { runProgram } from '../platform/exec.js';
import { sleep } from '../platform/runtime.js';
import { envInputSource, InputReader } from '../inputs/reader.js';
import { readClusterAccessInputs } from '../kubernetes/index.js';
import { readAuthInputs } from '../auth/index.js';

/** The action's post step: the pipeline's cleanup, fed from the state the main step saved. */
export async function run(): Promise<void> {
  await cleanup({
    getState: (key) => core.getState(key),
    env: process.env,
    exec: runProgram,
    fetch: (input, init) => fetch(input, init),
    sleep,
    log: core,
    githubToken: core.getInput('github-token'),
    ...kubernetesAccess(),
    workspace: process.env.GITHUB_WORKSPACE ?? process.cwd(),
    setSecret: (secret) => core.setSecret(secret),
  });
}

/** The cluster access inputs again; a value the main step already refused leaves nothing to delete. */
function kubernetesAccess() {
  try {
    const reader = new InputReader(envInputSource(process.env));
    return {
      kubernetes: readClusterAccessInputs(reader),
      auth: readAuthInputs(reader, (secret) => core.setSecret(secret)),
    };
  } catch {
    return {};
  }
}

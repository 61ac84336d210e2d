import * as core from '@actions/core';
import { cleanup } from '../launch/cleanup.js';
import { runProgram } from '../platform/exec.js';
import { sleep } from '../platform/runtime.js';

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
  });
}

import os from 'node:os';
import { runProgram } from '../platform/exec.js';
import { sleep, type Annotation, type Runtime } from '../platform/runtime.js';

/** A terminal runtime for the CLI: plain stderr logs, no state. */
export function consoleRuntime(workspace: string, env: NodeJS.ProcessEnv = process.env): Runtime {
  const where = (at?: Annotation) => (at ? ` (${at.file}${at.line ? `:${at.line}` : ''})` : '');
  return {
    env,
    workspace,
    tempDir: os.tmpdir(),
    log: {
      info: (message) => console.error(message),
      warning: (message, at) => console.error(`warning: ${message}${where(at)}`),
      error: (message, at) => console.error(`error: ${message}${where(at)}`),
      debug: (message) => {
        if (env.LAUNCH_ACTION_DEBUG) console.error(`debug: ${message}`);
      },
    },
    group: async (title, fn) => {
      console.error(`==> ${title}`);
      return fn();
    },
    setSecret: () => undefined,
    saveState: () => undefined,
    run: runProgram,
    fetch: (input, init) => fetch(input, init),
    sleep,
    write: (chunk) => process.stderr.write(chunk),
  };
}

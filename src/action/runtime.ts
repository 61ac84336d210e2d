import * as core from '@actions/core';
import os from 'node:os';
import { runProgram } from '../platform/exec.js';
import { actionsDirectoryCache } from './directory-cache.js';
import { sleep, type Annotation, type Runtime } from '../platform/runtime.js';

/** The GitHub Actions runtime: logs, groups, annotations and state through @actions/core. */
export function actionsRuntime(env: NodeJS.ProcessEnv = process.env): Runtime {
  const properties = (where?: Annotation): core.AnnotationProperties | undefined =>
    where
      ? { file: where.file, ...(where.line !== undefined && { startLine: where.line }) }
      : undefined;
  const runtime: Runtime = {
    env,
    workspace: env.GITHUB_WORKSPACE || process.cwd(),
    tempDir: env.RUNNER_TEMP || os.tmpdir(),
    log: {
      info: (message) => core.info(message),
      warning: (message, where) => core.warning(message, properties(where)),
      error: (message, where) => core.error(message, properties(where)),
      debug: (message) => core.debug(message),
    },
    group: (title, fn) => core.group(title, fn),
    setSecret: (secret) => core.setSecret(secret),
    saveState: (name, value) => core.saveState(name, value),
    run: runProgram,
    fetch: (input, init) => fetch(input, init),
    sleep,
    write: (chunk) => process.stdout.write(chunk),
  };
  const directoryCache = actionsDirectoryCache(env);
  return directoryCache ? { ...runtime, directoryCache } : runtime;
}

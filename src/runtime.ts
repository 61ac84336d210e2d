import * as core from '@actions/core';
import os from 'node:os';
import { runCommand, type CommandRunner } from './docker/exec.js';

/** Where a message points in the user's files (shown as an annotation on GitHub). */
export interface Annotation {
  file: string;
  line?: number;
}

export interface Logger {
  info(message: string): void;
  warning(message: string, where?: Annotation): void;
  error(message: string, where?: Annotation): void;
  debug(message: string): void;
}

/**
 * Everything the pipeline touches outside itself. The action and the CLI each provide one, and
 * tests can run the same pipeline against a real engine and local servers.
 */
export interface Runtime {
  env: NodeJS.ProcessEnv;
  workspace: string;
  /** A directory outside the workspace for files of ours (Dockerfile, secrets, docker config). */
  tempDir: string;
  log: Logger;
  group<T>(title: string, fn: () => Promise<T>): Promise<T>;
  setSecret(secret: string): void;
  saveState(name: string, value: string): void;
  run: CommandRunner;
  fetch: typeof fetch;
  sleep(ms: number): Promise<void>;
  /** Live build and run output. */
  write(chunk: string): void;
  /** How builds show progress: `tty` (a terminal that can redraw) or `plain` (logs). Default plain. */
  progress?: 'tty' | 'plain';
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The GitHub Actions runtime: logs, groups, annotations and state through @actions/core. */
export function actionsRuntime(env: NodeJS.ProcessEnv = process.env): Runtime {
  const properties = (where?: Annotation): core.AnnotationProperties | undefined =>
    where
      ? { file: where.file, ...(where.line !== undefined && { startLine: where.line }) }
      : undefined;
  return {
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
    run: runCommand,
    fetch: (input, init) => fetch(input, init),
    sleep,
    write: (chunk) => process.stdout.write(chunk),
  };
}

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
    run: runCommand,
    fetch: (input, init) => fetch(input, init),
    sleep,
    write: (chunk) => process.stderr.write(chunk),
  };
}

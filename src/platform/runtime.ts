import type { Exec } from './exec.js';
import type { SaveState } from './state.js';

/** Where a message points in the user's files (shown as an annotation on GitHub). */
export interface Annotation {
  file: string;
  line?: number;
}

/** The one logger: every module takes this interface (or the part of it it uses). */
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
  saveState: SaveState;
  run: Exec;
  fetch: typeof fetch;
  sleep(ms: number): Promise<void>;
  /** Live build and run output. */
  write(chunk: string): void;
  /** How builds show progress: `tty` (a terminal that can redraw) or `plain` (logs). Default plain. */
  progress?: 'tty' | 'plain';
  /** Directories kept between jobs (the GitHub Actions cache); absent where there is no such service. */
  directoryCache?: DirectoryCache;
}

/**
 * A store of directories by key, shared by the jobs of a repository. Best effort: a failure is
 * the implementation's warning and a miss (restore) or a no-op (save), never an exception.
 */
export interface DirectoryCache {
  /** Fills `dir` from the entry of `key`, else of the newest key starting with a restore key; the key matched. */
  restore(dir: string, key: string, restoreKeys: readonly string[]): Promise<string | undefined>;
  /** Stores `dir` under `key` (keys are immutable: an existing key is kept). Whether it was stored. */
  save(dir: string, key: string): Promise<boolean>;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

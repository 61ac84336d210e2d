import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { spawn, type ChildProcess } from 'node:child_process';
import * as actionsExec from '@actions/exec';

interface ExecOptions {
  /** The child's whole environment (values for `--env NAME` flags travel here, never in argv). */
  env?: NodeJS.ProcessEnv;
  /** Text written to the child's stdin (e.g. a password for `--password-stdin`). */
  input?: string;
  /** When set, output is streamed here as it arrives (and still captured, bounded). */
  onStdout?: (chunk: string) => void;
  onStderr?: (chunk: string) => void;
  cwd?: string;
  /**
   * The child writes its stderr straight to ours, a terminal, so it can draw live progress
   * (BuildKit's tty display needs a console there). That stderr is then not captured.
   */
  terminal?: boolean;
  /**
   * Called with the child's pid once it started. Such a child is also stopped by stopChildren
   * (on SIGINT/SIGTERM), so a build or push never outlives the step that started it.
   */
  onSpawn?: (pid: number) => void;
  /**
   * The child (and every process it started) is killed once this many milliseconds have passed;
   * the result then says `timedOut`. For programs that may hang, e.g. a credential helper.
   */
  timeoutMs?: number;
}

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** The program itself was not found on PATH. */
  notFound?: boolean;
  /** The child was killed because it ran longer than `timeoutMs`. */
  timedOut?: boolean;
}

/**
 * Runs a program with an argument array (never a shell) and never rejects: a non-zero exit, a
 * program that cannot start and one that is not installed are all results.
 */
export type Exec = (
  command: string,
  args: readonly string[],
  options?: ExecOptions,
) => Promise<ExecResult>;

/** Captured output is capped so a chatty build or training run cannot exhaust memory. */
const MAX_CAPTURE = 1024 * 1024;

function appendBounded(buffer: string, chunk: string): string {
  const joined = buffer + chunk;
  return joined.length > MAX_CAPTURE ? joined.slice(joined.length - MAX_CAPTURE) : joined;
}

/**
 * Where `command` is on the child's PATH (not ours: a job may put its own tools first), or
 * undefined. @actions/exec would look on this process's PATH and reject with a generic message.
 */
export function findProgram(
  command: string,
  env: NodeJS.ProcessEnv,
  cwd?: string,
): string | undefined {
  const candidates = command.includes('/')
    ? [path.resolve(cwd ?? process.cwd(), command)]
    : (env.PATH ?? process.env.PATH ?? '')
        .split(path.delimiter)
        .filter((dir) => dir !== '')
        .map((dir) => path.join(dir, command));
  return candidates.find((file) => {
    try {
      accessSync(file, constants.X_OK);
      return statSync(file).isFile();
    } catch {
      return false;
    }
  });
}

/** The one process runner: @actions/exec underneath, with output captured (bounded) and streamed. */
export const runProgram: Exec = async (command, args, options = {}) => {
  const env = options.env ?? process.env;
  const program = findProgram(command, env, options.cwd);
  if (!program) {
    return {
      exitCode: 127,
      stdout: '',
      stderr: `${command}: not found on PATH`,
      notFound: true,
    };
  }
  if (options.terminal || options.onSpawn || options.timeoutMs !== undefined)
    return runSpawned(program, args, env, options);
  let stdout = '';
  let stderr = '';
  const decoders = { out: new StringDecoder('utf8'), err: new StringDecoder('utf8') };
  const onOut = (data: Buffer) => {
    const chunk = decoders.out.write(data);
    stdout = appendBounded(stdout, chunk);
    options.onStdout?.(chunk);
  };
  const onErr = (data: Buffer) => {
    const chunk = decoders.err.write(data);
    stderr = appendBounded(stderr, chunk);
    options.onStderr?.(chunk);
  };
  try {
    const code = await actionsExec.exec(program, [...args], {
      env: env as Record<string, string>,
      ...(options.cwd !== undefined && { cwd: options.cwd }),
      // Only a program that reads stdin gets input: writing to one that exited would be EPIPE.
      ...(options.input !== undefined && { input: Buffer.from(options.input) }),
      silent: true,
      ignoreReturnCode: true,
      listeners: { stdout: onOut, stderr: onErr },
    });
    // A child killed by a signal has no exit code; @actions/exec does not pass the signal on, so
    // it is reported as 128 (the shell's 128 + signal number, without the number).
    return { exitCode: typeof code === 'number' ? code : 128, stdout, stderr };
  } catch (error) {
    return {
      exitCode: 1,
      stdout,
      stderr: stderr + (error instanceof Error ? error.message : String(error)),
    };
  }
};

/** Children started with `onSpawn`, until they exit. */
const tracked = new Set<ChildProcess>();

/**
 * Stops every tracked child: SIGTERM (docker cancels a build or push on it), SIGKILL after
 * `graceMs`; resolves once all have exited.
 */
export async function stopChildren(graceMs = 10_000): Promise<number> {
  const children = [...tracked].filter(
    (child) => child.exitCode === null && child.signalCode === null,
  );
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          const kill = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
          child.once('exit', () => {
            clearTimeout(kill);
            resolve();
          });
          if (!signalGroup(child, 'SIGTERM')) {
            clearTimeout(kill);
            resolve();
          }
        }),
    ),
  );
  return children.length;
}

/** The child leads its own process group (docker runs buildx as a plugin child of its own). */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): boolean {
  if (child.pid === undefined) return false;
  try {
    process.kill(-child.pid, signal);
    return true;
  } catch {
    return child.kill(signal);
  }
}

/**
 * @actions/exec hides the child and always pipes stderr: a child we must be able to stop, or a
 * terminal display that needs the real stderr, is spawned here.
 */
function runSpawned(
  program: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  options: ExecOptions,
): Promise<ExecResult> {
  return new Promise((resolve) => {
    const child = spawn(program, [...args], {
      env,
      ...(options.cwd !== undefined && { cwd: options.cwd }),
      // Its own process group, so stopping it stops the plugin processes docker starts too.
      detached: options.onSpawn !== undefined || options.timeoutMs !== undefined,
      stdio: [
        options.input !== undefined ? 'pipe' : 'ignore',
        'pipe',
        options.terminal ? 'inherit' : 'pipe',
      ],
    });
    tracked.add(child);
    child.once('exit', () => tracked.delete(child));
    if (child.pid !== undefined) options.onSpawn?.(child.pid);
    let timedOut = false;
    // The whole group: a script's own children (a `sleep`) would otherwise keep its pipes open.
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            signalGroup(child, 'SIGKILL');
          }, options.timeoutMs);
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout = appendBounded(stdout, chunk);
      options.onStdout?.(chunk);
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = appendBounded(stderr, chunk);
      options.onStderr?.(chunk);
    });
    if (options.input !== undefined) {
      child.stdin?.on('error', () => undefined);
      child.stdin?.end(options.input);
    }
    child.on('error', (error) => {
      clearTimeout(timer);
      tracked.delete(child);
      resolve({ exitCode: 1, stdout, stderr: stderr + error.message });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ exitCode: code ?? 128, stdout, stderr, ...(timedOut && { timedOut }) });
    });
  });
}

import { spawn } from 'node:child_process';

export interface ExecOptions {
  /** The child's whole environment (values for `--env NAME` flags travel here, never in argv). */
  env?: NodeJS.ProcessEnv;
  /** Text written to the child's stdin (e.g. a password for `--password-stdin`). */
  input?: string;
  /** When set, output is streamed here as it arrives (and still captured, bounded). */
  onStdout?: (chunk: string) => void;
  onStderr?: (chunk: string) => void;
}

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** The program itself was not found on PATH. */
  notFound?: boolean;
}

/** Runs a program with an argument array (never a shell) and never rejects on a non-zero exit. */
export type Exec = (command: string, args: string[], options?: ExecOptions) => Promise<ExecResult>;

/** Captured output is capped so a chatty training run cannot exhaust memory. */
const MAX_CAPTURE = 1024 * 1024;

function appendBounded(buffer: string, chunk: string): string {
  const joined = buffer + chunk;
  return joined.length > MAX_CAPTURE ? joined.slice(joined.length - MAX_CAPTURE) : joined;
}

/** The real `Exec`, over `child_process.spawn` with `shell: false`. */
export const spawnExec: Exec = (command, args, options = {}) =>
  new Promise((resolve) => {
    const child = spawn(command, args, {
      env: options.env ?? process.env,
      shell: false,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let settled = false;
    const finish = (result: ExecResult) => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout = appendBounded(stdout, chunk);
      options.onStdout?.(chunk);
    });
    child.stderr.on('data', (chunk: string) => {
      stderr = appendBounded(stderr, chunk);
      options.onStderr?.(chunk);
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      const notFound = error.code === 'ENOENT';
      finish({ exitCode: notFound ? 127 : 1, stdout, stderr: stderr + error.message, notFound });
    });
    child.on('close', (code, signal) => {
      // A child killed by a signal reports the shell convention 128 + signal number.
      const exitCode = code ?? (signal ? 128 + signalNumber(signal) : 1);
      finish({ exitCode, stdout, stderr });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });

function signalNumber(signal: NodeJS.Signals): number {
  const numbers: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };
  return numbers[signal] ?? 1;
}

// Child processes with argument arrays only (never a shell string), timed.
import { spawn } from 'node:child_process';
import { Buffer } from 'node:buffer';
import { performance } from 'node:perf_hooks';

/**
 * Runs `command args…`, collects stdout/stderr, and resolves with the exit code and wall time.
 * `input` is written to stdin (e.g. a password for `--password-stdin`); `onStdout` sees each chunk.
 */
export function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, {
      env: options.env ?? process.env,
      cwd: options.cwd,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    const stdout = [];
    const stderr = [];
    child.stdout.on('data', (chunk) => {
      stdout.push(chunk);
      options.onStdout?.(chunk);
    });
    child.stderr.on('data', (chunk) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) =>
      resolve({
        code: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        ms: performance.now() - started,
      }),
    );
    if (options.input !== undefined) child.stdin.end(options.input);
  });
}

/** Like `run`, but a non-zero exit is an error that quotes the end of the output. */
export async function runChecked(command, args, options = {}) {
  const result = await run(command, args, options);
  if (result.code !== 0) {
    const tail = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-30).join('\n');
    throw new Error(`${command} ${args.join(' ')} exited ${result.code}:\n${tail}`);
  }
  return result;
}

/** `a | b` without a shell: a's stdout is piped into b's stdin. Resolves when both exit. */
export function pipe([commandA, argsA, optionsA = {}], [commandB, argsB, optionsB = {}]) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const a = spawn(commandA, argsA, {
      env: optionsA.env ?? process.env,
      cwd: optionsA.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const b = spawn(commandB, argsB, {
      env: optionsB.env ?? process.env,
      cwd: optionsB.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    a.stdout.pipe(b.stdin);
    const out = [];
    const errors = [];
    b.stdout.on('data', (chunk) => out.push(chunk));
    a.stderr.on('data', (chunk) => errors.push(chunk));
    b.stderr.on('data', (chunk) => errors.push(chunk));
    let pending = 2;
    const codes = [];
    const done = (index) => (code) => {
      codes[index] = code;
      if (--pending === 0) {
        resolve({
          codes,
          stdout: Buffer.concat(out).toString('utf8'),
          stderr: Buffer.concat(errors).toString('utf8'),
          ms: performance.now() - started,
        });
      }
    };
    a.on('error', reject);
    b.on('error', reject);
    a.on('close', done(0));
    b.on('close', done(1));
  });
}

import path from 'node:path';
import { mapInputSource } from '../inputs/reader.js';
import { readInputs, type Inputs } from '../launch/inputs.js';
import type { Runtime } from '../platform/runtime.js';
import { errorMessage, FileError, InputError } from '../platform/errors.js';
import { consoleRuntime } from './runtime.js';
import { parseCommandLine, UsageError, type CommandLine } from './args.js';
import { build, humanReadable, plan } from './commands.js';
import { commandHelp, mainHelp } from './help.js';

/** The CLI's contact with the process, so tests can run it in-process. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  readStdin(): Promise<string>;
  /** stderr is a terminal (live progress can redraw there). */
  stderrIsTTY: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
  version: string;
}

export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** The JSON printed on stdout by `--json` when a command fails. */
export interface JsonError {
  error: {
    kind: 'usage' | 'input' | 'failed';
    message: string;
    input?: string;
    file?: string;
    line?: number;
    exitCode: number;
  };
}

/** BuildKit's redrawing display in a terminal; plain lines in CI and when piped. */
export function progressFor(stderrIsTTY: boolean, env: NodeJS.ProcessEnv): 'tty' | 'plain' {
  if (env.BUILDKIT_PROGRESS === 'plain' || env.BUILDKIT_PROGRESS === 'tty') {
    return env.BUILDKIT_PROGRESS === 'tty' && stderrIsTTY ? 'tty' : 'plain';
  }
  return stderrIsTTY && !env.CI && env.TERM !== 'dumb' ? 'tty' : 'plain';
}

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const json = argv.includes('--json');
  let line: CommandLine;
  try {
    line = parseCommandLine(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return fail(io, json, error, EXIT_USAGE);
  }
  if (line.kind === 'help') {
    io.out(line.command ? commandHelp(line.command) : mainHelp());
    return 0;
  }
  if (line.kind === 'version') {
    io.out(`${io.version}\n`);
    return 0;
  }
  try {
    const values = { ...line.values };
    if (line.passwordStdin) {
      if (values.password !== undefined) {
        throw new UsageError(
          "give the password with '--password-stdin' or '--password', not both.",
        );
      }
      const password = (await io.readStdin()).replace(/\r?\n$/, '');
      if (!password) throw new UsageError("'--password-stdin' read nothing from standard input.");
      values.password = password;
    } else if (values.password !== undefined) {
      io.err(
        "warning: '--password' on the command line is visible to other users of this machine; " +
          "pipe it into '--password-stdin' or set LAUNCH_ACTION_PASSWORD instead.\n",
      );
    }
    for (const warning of secretsFromEnvironment(values, io.env)) io.err(`warning: ${warning}\n`);
    if (values.secrets !== undefined) {
      io.err(
        "warning: '--secrets' values on the command line are visible to other users of this machine; " +
          "write them to files outside the context and give '--secret-files ID=PATH' instead.\n",
      );
    }
    const context = values.context;
    const workspace = context && path.isAbsolute(context) ? context : io.cwd;
    const env = { ...io.env };
    // A terminal has no log masker: nothing to register secrets with.
    const { inputs } = readInputs(mapInputSource(values), env, () => undefined);
    const rt = { ...consoleRuntime(workspace, env), progress: progressFor(io.stderrIsTTY, env) };
    if (line.command === 'doctor') return await doctor(rt, inputs, line.json, io);
    const result = line.command === 'plan' ? await plan(rt, inputs) : await build(rt, inputs);
    io.out(`${line.json ? JSON.stringify(result, null, 2) : humanReadable(result)}\n`);
    return result.exitCode ?? 0;
  } catch (error) {
    const code =
      error instanceof UsageError || error instanceof InputError ? EXIT_USAGE : EXIT_FAILED;
    return fail(io, line.json, error, code);
  }
}

/**
 * Secrets the CLI reads from its environment, so they stay out of the process list: the variable
 * fills its input when no flag gave one (a flag, visible in `ps`, wins and is warned about).
 */
export const SECRET_VARIABLES: Readonly<Record<string, string>> = {
  password: 'LAUNCH_ACTION_PASSWORD',
  username: 'LAUNCH_ACTION_USERNAME',
  'pip-index-url': 'LAUNCH_ACTION_PIP_INDEX_URL',
  'pip-extra-index-url': 'LAUNCH_ACTION_PIP_EXTRA_INDEX_URL',
};

/** Fills `values` from SECRET_VARIABLES; returns warnings for credentials given on the command line. */
export function secretsFromEnvironment(
  values: Record<string, string>,
  env: NodeJS.ProcessEnv,
): string[] {
  const warnings: string[] = [];
  for (const [input, variable] of Object.entries(SECRET_VARIABLES)) {
    const fromEnv = env[variable];
    if (values[input] === undefined) {
      if (fromEnv !== undefined && fromEnv !== '') values[input] = fromEnv;
    } else if (input.includes('index-url') && /\/\/[^/@\s]+@/.test(values[input])) {
      warnings.push(
        `'--${input}' carries credentials on the command line, visible to other users of this machine; set ${variable} instead.`,
      );
    }
  }
  return warnings;
}

async function doctor(rt: Runtime, inputs: Inputs, json: boolean, io: CliIo): Promise<number> {
  const { formatFindings, hasErrors, runDoctor } = await import('../doctor/index.js');
  const findings = await runDoctor(rt, {
    destination: inputs.core.destination,
    dockerImage: inputs.core.dockerImage,
    auth: inputs.auth,
    minFreeDiskGb: inputs.run.minFreeDiskGb,
  });
  io.out(`${json ? JSON.stringify(findings, null, 2) : formatFindings(findings)}\n`);
  return hasErrors(findings) ? EXIT_FAILED : 0;
}

function fail(io: CliIo, json: boolean, error: unknown, exitCode: number): number {
  const message = errorMessage(error);
  io.err(`error: ${message}\n`);
  if (error instanceof UsageError) {
    io.err(
      `Run 'launch-action ${error.command ? `${error.command} ` : ''}--help' for the flags.\n`,
    );
  }
  if (json) {
    const body: JsonError = {
      error: {
        kind:
          error instanceof UsageError ? 'usage' : error instanceof InputError ? 'input' : 'failed',
        message,
        ...(error instanceof InputError && { input: error.input }),
        ...(error instanceof FileError && {
          file: error.file,
          ...(error.line !== undefined && { line: error.line }),
        }),
        exitCode,
      },
    };
    io.out(`${JSON.stringify(body, null, 2)}\n`);
  }
  return exitCode;
}

/**
 * An input the user gave that cannot be used. The message always names the input, the value,
 * what is allowed and how to fix it, so the user can act on the first read.
 */
export class InputError extends Error {
  constructor(
    readonly input: string,
    readonly value: string,
    readonly allowed: string,
    readonly fix?: string,
  ) {
    const shown = value.length > 200 ? `${value.slice(0, 200)}…` : value;
    super(
      `Input '${input}' has an invalid value ${JSON.stringify(shown)}: ${allowed}.` +
        (fix ? ` ${fix}` : ''),
    );
    this.name = 'InputError';
  }
}

/** A problem in a file of the user's repository, reported with the file and line. */
export class FileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    /** The message without the location. */
    readonly detail: string,
  ) {
    super(`${file}${line !== undefined ? `:${line}` : ''}: ${detail}`);
    this.name = 'FileError';
  }
}

/** Turns anything thrown into a message, so no throw is ever reported as success or '[object]'. */
export function errorMessage(error: unknown): string {
  const system = systemError(error);
  if (system?.path !== undefined) {
    const words = fileProblem(system.code, system.path, system.syscall);
    if (words) return words;
  }
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error);
  } catch {
    return String(error);
  }
}

/** The error code and file of a failed system call (`EACCES`, `/path`), when `error` is one. */
export function systemError(
  error: unknown,
): { code: string; path?: string; syscall?: string } | undefined {
  if (!(error instanceof Error)) return undefined;
  const { code, path, syscall } = error as NodeJS.ErrnoException;
  if (typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) return undefined;
  return { code, ...(path !== undefined && { path }), ...(syscall !== undefined && { syscall }) };
}

// System calls that only read; anything else that fails on a path was writing (or creating) it.
const READING = new Set([
  'open',
  'read',
  'scandir',
  'opendir',
  'lstat',
  'stat',
  'readlink',
  'realpath',
  'access',
]);

/**
 * One sentence, naming the file and the fix, for a file-system failure — never the bare errno
 * (`ELOOP: too many symbolic links encountered, realpath '…'`). Undefined for a code without words.
 */
export function fileProblem(code: string, file: string, syscall = 'open'): string | undefined {
  const reading = READING.has(syscall);
  switch (code) {
    case 'ELOOP':
      return `${file} is a symbolic link that leads back to itself (a loop of links), so it cannot be opened: point the link at a real file, or delete it.`;
    case 'EACCES':
    case 'EPERM':
      return reading
        ? `${file} cannot be read: permission denied for the user this step runs as. Make it readable (chmod a+r), or list it in .dockerignore if the image does not need it.`
        : `${file} cannot be written: permission denied for the user this step runs as. Give that user write access, or point RUNNER_TEMP (or TMPDIR) and HOME at directories it may write.`;
    case 'EROFS':
      return `${file} is on a read-only file system, and this step must write there: point RUNNER_TEMP (or TMPDIR) and HOME (or XDG_CACHE_HOME) at writable directories.`;
    case 'ENOSPC':
    case 'EDQUOT':
      return `The disk holding ${file} is full (no space left to write it): free space on it (docker system prune, old files), or point RUNNER_TEMP (or TMPDIR) at a larger disk.`;
    case 'ENOTDIR':
      return `${file} cannot be ${reading ? 'read' : 'written'}: a part of that path is a file, not a folder. Check the path.`;
    case 'ENAMETOOLONG':
      return `${file} is too long a path for this file system: shorten the folder names or move the repository higher up.`;
    default:
      return undefined;
  }
}

/** Why the Docker daemon does not answer, in words, from the error of a connection to it. */
export function daemonDown(
  host: string,
  cause: 'refused' | 'missing' | 'denied' | 'silent' | string,
): string {
  const why =
    cause === 'refused'
      ? 'connection refused: nothing listens on it'
      : cause === 'missing'
        ? 'no such socket'
        : cause === 'denied'
          ? 'permission denied: this user may not use it (add it to the docker group)'
          : cause === 'silent'
            ? 'it accepts the connection but never answers'
            : cause;
  return `the Docker daemon at ${host} does not answer (${why}): start it (e.g. sudo systemctl start docker), or point DOCKER_HOST at a running daemon`;
}

/**
 * `outputs-path` of a Job brought back to the runner. The pod gets an emptyDir mounted at
 * `outputs-path` in the main container and, read-only, in a native sidecar (an init container with
 * `restartPolicy: Always`) running the same image: the kubelet stops that sidecar once the main
 * container has ended, and on that SIGTERM it writes the directory as a gzip'd tar, base64 lines
 * between markers, to its own log. The step reads that log with the `pods/log` permission it already
 * has for the main log: no `pods/exec` (a shell in every pod of the namespace), no extra image.
 * The kubelet rotates container logs at 10 MiB by default, hence a bound on the archive's size.
 * Pure apart from the extraction at the end.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { extractTarGz, type ExtractResult } from './tar.js';

/** The sidecar's container name (its log carries the archive). */
export const OUTPUTS_CONTAINER = 'outputs';
export const OUTPUTS_VOLUME = 'launch-outputs';
/** Where the sidecar sees the volume. */
export const COLLECTOR_MOUNT = '/launch-outputs';
/**
 * At most this many bytes of gzip'd tar: base64 in 76-character lines costs about 2 bytes of
 * kubelet log file per byte, which keeps the log under the default 10 MiB rotation.
 */
export const OUTPUTS_MAX_COMPRESSED = 4 * 1024 * 1024;
/** At most this many bytes of files (unpacked), checked in the pod and again on the runner. */
export const OUTPUTS_MAX_UNPACKED = 256 * 1024 * 1024;
const MARK = 'launch-outputs';

/**
 * The sidecar's shell program (sh, tar, gzip, head, wc, du, sha256sum, base64: any Debian, Ubuntu
 * or Alpine based image has them). It waits; on SIGTERM it reports the archive or why there is none.
 */
export function collectorScript(
  maxCompressed = OUTPUTS_MAX_COMPRESSED,
  maxUnpacked = OUTPUTS_MAX_UNPACKED,
  mount = COLLECTOR_MOUNT,
): string {
  return [
    'collect() {',
    '  trap - TERM',
    '  kill "$!" 2>/dev/null',
    `  cd ${mount} || { echo "${MARK} error: the outputs volume is not mounted"; exit 0; }`,
    '  kb=$(du -sk . | cut -f1)',
    `  if [ "$kb" -gt ${Math.floor(maxUnpacked / 1024)} ]; then echo "${MARK} too-large unpacked $((kb * 1024))"; exit 0; fi`,
    '  archive=$(mktemp)',
    `  tar -czf - . 2>"$archive.err" | head -c ${maxCompressed + 1} >"$archive"`,
    '  size=$(wc -c <"$archive" | tr -d " ")',
    `  if [ "$size" -gt ${maxCompressed} ]; then echo "${MARK} too-large compressed $((kb * 1024))"; exit 0; fi`,
    `  if [ -s "$archive.err" ]; then echo "${MARK} warning: $(head -c 300 "$archive.err" | tr "\\n" " ")"; fi`,
    `  echo "${MARK} begin $size $(sha256sum "$archive" | cut -d " " -f 1)"`,
    '  base64 "$archive"',
    `  echo "${MARK} end"`,
    '  exit 0',
    '}',
    'trap collect TERM',
    `echo "${MARK} ready"`,
    'while :; do sleep 3600 & wait $!; done',
    '',
  ].join('\n');
}

/** The pod spec's share of the outputs: the volume, the main container's mount, the sidecar. */
export function outputsPodParts(imageRef: string, containerPath: string) {
  return {
    volume: { name: OUTPUTS_VOLUME, emptyDir: {} },
    mainMount: { name: OUTPUTS_VOLUME, mountPath: containerPath },
    sidecar: {
      name: OUTPUTS_CONTAINER,
      image: imageRef,
      restartPolicy: 'Always',
      command: ['sh', '-c', collectorScript()],
      volumeMounts: [{ name: OUTPUTS_VOLUME, mountPath: COLLECTOR_MOUNT, readOnly: true }],
      // Kueue and the scheduler count it: it only waits, then packs a few MiB.
      resources: { requests: { cpu: '10m', memory: '32Mi' } },
    },
  };
}

/** Where a relative `outputs-path` lands in the pod: under the image's WorkingDir (or `/`). */
export function podOutputsPath(outputsPath: string, imageWorkdir: string): string {
  const workdir = imageWorkdir || '/';
  return path.posix.resolve(path.posix.isAbsolute(workdir) ? workdir : `/${workdir}`, outputsPath);
}

export type CollectorReport =
  | { kind: 'archive'; archive: Buffer; warnings: string[] }
  | { kind: 'too-large'; what: 'compressed' | 'unpacked'; unpackedBytes: number }
  | { kind: 'error'; message: string };

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/**
 * The archive from the sidecar's log, checked against the size and SHA-256 it announced (a log
 * cut by rotation or by `limitBytes` shows up here, not as a broken extraction).
 */
export function parseCollectorLog(log: string): CollectorReport {
  const lines = log.split('\n').map((line) => line.replace(/\r$/, ''));
  const warnings: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const tooLarge = new RegExp(`^${MARK} too-large (compressed|unpacked) (\\d+)$`).exec(line);
    if (tooLarge) {
      return {
        kind: 'too-large',
        what: tooLarge[1] as 'compressed' | 'unpacked',
        unpackedBytes: Number(tooLarge[2]),
      };
    }
    if (line.startsWith(`${MARK} error: `)) {
      return { kind: 'error', message: line.slice(`${MARK} error: `.length) };
    }
    if (line.startsWith(`${MARK} warning: `)) warnings.push(line.slice(`${MARK} warning: `.length));
    const begin = new RegExp(`^${MARK} begin (\\d+) ([0-9a-f]{64})$`).exec(line);
    if (!begin) continue;
    const end = lines.indexOf(`${MARK} end`, i + 1);
    if (end === -1) {
      return {
        kind: 'error',
        message:
          'the archive in the outputs container log is cut short (the log was rotated or the container was killed)',
      };
    }
    const archive = Buffer.from(lines.slice(i + 1, end).join(''), 'base64');
    const size = Number(begin[1]);
    if (archive.length !== size) {
      return {
        kind: 'error',
        message: `the archive in the outputs container log has ${archive.length} bytes, not the ${size} announced`,
      };
    }
    if (createHash('sha256').update(archive).digest('hex') !== begin[2]) {
      return {
        kind: 'error',
        message: 'the archive in the outputs container log does not match the SHA-256 it announced',
      };
    }
    return { kind: 'archive', archive, warnings };
  }
  return {
    kind: 'error',
    message:
      'the outputs container wrote no archive (it was not stopped by the kubelet, or the image lacks sh, tar, gzip or base64)',
  };
}

/** The message for outputs over the bound: what happened, the limit, what to do. */
export function tooLargeMessage(
  report: Extract<CollectorReport, { kind: 'too-large' }>,
  outputsPath: string,
): string {
  const limit =
    report.what === 'compressed'
      ? `${mib(OUTPUTS_MAX_COMPRESSED)} compressed`
      : `${mib(OUTPUTS_MAX_UNPACKED)} of files`;
  return (
    `The outputs in ${outputsPath} (${mib(report.unpackedBytes)} of files) are more than mode kubernetes brings back ` +
    `through the pod log (at most ${limit}); nothing was copied. Keep outputs-path for metrics.json and small ` +
    'results and write checkpoints to object storage or a persistent volume.'
  );
}

/** Unpacks a checked archive into the outputs directory. */
export async function unpackOutputs(archive: Buffer, hostDir: string): Promise<ExtractResult> {
  return extractTarGz(archive, hostDir, OUTPUTS_MAX_UNPACKED);
}

import { rmSync } from 'node:fs';
import { stopChildren } from './exec.js';

/** Directories of ours that hold credentials (docker config, secret files) while they exist. */
const secretPaths = new Set<string>();

/** Work that must finish before an interrupted process exits (e.g. stopping a container). */
const exitBlockers = new Set<Promise<unknown>>();

/** An interrupted process waits for `work` (it never rejects the exit) before it exits. */
export function holdExitUntil(work: Promise<unknown>): void {
  const held = work.catch(() => undefined);
  exitBlockers.add(held);
  void held.finally(() => exitBlockers.delete(held));
}

/** Registers a directory to remove if the process is interrupted; returns its unregistration. */
export function removeOnInterrupt(dir: string): () => void {
  secretPaths.add(dir);
  return () => secretPaths.delete(dir);
}

/**
 * Stops the builds and pushes we started, then removes every registered directory: what an
 * interrupted CLI or main step does before it exits, so no credential file stays behind.
 */
export async function stopAndRemove(graceMs = 5_000): Promise<void> {
  await stopChildren(graceMs);
  for (const dir of secretPaths) rmSync(dir, { recursive: true, force: true });
  secretPaths.clear();
}

/**
 * On SIGINT or SIGTERM (Ctrl-C; a cancelled job): stopAndRemove, then exit with 128 + the signal
 * number, as a shell reports it.
 */
export function installInterruptCleanup(log: (message: string) => void): void {
  let stopping = false;
  const onSignal = (signal: 'SIGINT' | 'SIGTERM') => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping the build and removing credentials.`);
    void stopAndRemove()
      .then(() => Promise.allSettled([...exitBlockers]))
      .finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

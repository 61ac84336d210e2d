import { readFileSync } from 'node:fs';

/**
 * `<pid> <start time>` of a process: the start time (clock ticks since boot, /proc/<pid>/stat
 * field 22) tells a later step that the pid was not reused by another program.
 */
export function processIdentity(pid: number): string {
  return `${pid} ${startTime(pid) ?? ''}`.trim();
}

function startTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces), in parentheses.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** Whether the process `identity` names is still running (the same process, not a reused pid). */
export function isRunning(identity: string): boolean {
  const [pidText, started] = identity.split(' ');
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 1) return false;
  const now = startTime(pid);
  if (now === undefined) return false;
  return started === undefined || started === now;
}

/**
 * Stops the process group `identity` leads (SIGTERM, SIGKILL after `graceMs`) and waits until it
 * is gone. Returns whether it was running.
 */
export async function stopProcessGroup(
  identity: string,
  graceMs: number,
  sleep: (ms: number) => Promise<void>,
): Promise<boolean> {
  if (!isRunning(identity)) return false;
  const pid = Number(identity.split(' ')[0]);
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-pid, name);
    } catch {
      try {
        process.kill(pid, name);
      } catch {
        // already gone
      }
    }
  };
  signal('SIGTERM');
  for (let waited = 0; isRunning(identity); waited += 100) {
    if (waited >= graceMs) signal('SIGKILL');
    await sleep(100);
  }
  return true;
}

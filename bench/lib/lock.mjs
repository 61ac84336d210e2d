// One bench run at a time: they share the bench engine's socket and the registry port.
import { open, readFile, rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

export const LOCK_FILE = '/var/run/docker-bench.lock';

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Takes the lock (a file holding our pid), waiting while another live bench run holds it.
 * A lock whose process is gone is stale and taken over. Returns the release function.
 */
export async function acquireBenchLock(log, timeoutMs = 90 * 60_000) {
  const deadline = Date.now() + timeoutMs;
  let announced = false;
  for (;;) {
    try {
      const handle = await open(LOCK_FILE, 'wx');
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      return () => rm(LOCK_FILE, { force: true });
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    const holder = Number.parseInt((await readFile(LOCK_FILE, 'utf8').catch(() => '')).trim(), 10);
    if (!Number.isInteger(holder) || !alive(holder)) {
      await rm(LOCK_FILE, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(`another bench run (pid ${holder}) still holds ${LOCK_FILE}`);
    }
    if (!announced) log(`another bench run (pid ${holder}) is using the bench engine; waiting`);
    announced = true;
    await sleep(5_000);
  }
}

/**
 * Pod logs into the step log, one pod after the other (a retried Job has one pod per attempt).
 * A follow stream that ends while the container still runs (API server or kubelet restart, a
 * dropped connection) is reopened from the last timestamp seen, without repeating lines.
 */
import type { Cluster, KubeObject } from './cluster.js';
import { MAIN_CONTAINER } from './manifest.js';

function finished(pod: KubeObject | undefined): boolean {
  if (!pod || pod.deleted) return true;
  const statuses = (pod.status?.containerStatuses ?? []) as KubeObject[];
  const main = statuses.find((s) => s.name === MAIN_CONTAINER);
  return Boolean(main?.state?.terminated) || ['Succeeded', 'Failed'].includes(pod.status?.phase);
}

/** Splits `TIMESTAMP text` lines and drops those already written before a reconnect. */
export class TimestampedLines {
  private partial = '';
  private lastTimestamp = '';
  private seenAtLast = 0;
  private replaySkip = 0;

  constructor(private readonly write: (text: string) => void) {}

  /** Called before a reconnect: lines at the last timestamp will come again. */
  reconnecting(): string | undefined {
    this.partial = '';
    this.replaySkip = this.seenAtLast;
    return this.lastTimestamp || undefined;
  }

  push(chunk: string): void {
    const text = this.partial + chunk;
    const lines = text.split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) this.line(line);
  }

  flush(): void {
    if (this.partial !== '') this.line(this.partial);
    this.partial = '';
  }

  private line(raw: string): void {
    const space = raw.indexOf(' ');
    const stamp = space > 0 ? raw.slice(0, space) : '';
    if (!/^\d{4}-\d\d-\d\dT[\d:.]+Z$/.test(stamp)) {
      this.write(`${raw}\n`);
      return;
    }
    if (this.lastTimestamp !== '' && stamp < this.lastTimestamp) return;
    if (stamp === this.lastTimestamp) {
      if (this.replaySkip > 0) {
        this.replaySkip--;
        return;
      }
      this.seenAtLast++;
    } else {
      this.lastTimestamp = stamp;
      this.seenAtLast = 1;
      this.replaySkip = 0;
    }
    this.write(`${raw.slice(space + 1)}\n`);
  }
}

export class LogFollower {
  private readonly queue: string[] = [];
  private readonly started = new Set<string>();
  private worker: Promise<void> | undefined;
  private readonly abort = new AbortController();

  constructor(
    private readonly cluster: Cluster,
    private readonly namespace: string,
    private readonly write: (text: string) => void,
    private readonly pods: () => Map<string, KubeObject>,
  ) {}

  /** Queues a pod's log; false when it was already queued. */
  start(pod: string): boolean {
    if (this.started.has(pod)) return false;
    this.started.add(pod);
    this.queue.push(pod);
    this.worker ??= this.run();
    return true;
  }

  private async run(): Promise<void> {
    while (this.queue.length > 0 && !this.abort.signal.aborted) {
      const pod = this.queue.shift()!;
      await this.stream(pod).catch((error: unknown) =>
        this.write(
          `(log of pod ${pod} unavailable: ${error instanceof Error ? error.message : String(error)})\n`,
        ),
      );
    }
    this.worker = undefined;
  }

  private async stream(pod: string): Promise<void> {
    const lines = new TimestampedLines(this.write);
    for (let attempt = 0; !this.abort.signal.aborted; attempt++) {
      const wasFinished = finished(this.pods().get(pod));
      const sinceTime = attempt === 0 ? undefined : lines.reconnecting();
      try {
        await this.cluster.followLog(
          this.namespace,
          pod,
          MAIN_CONTAINER,
          { follow: !wasFinished, ...(sinceTime && { sinceTime }) },
          (chunk) => lines.push(chunk),
          this.abort.signal,
        );
      } catch (error) {
        // The pod went away (deleted, evicted) while we read: nothing more to read.
        if (this.pods().get(pod)?.deleted) break;
        if (attempt >= 20) throw error;
      }
      lines.flush();
      if (wasFinished) return;
      // Let the pod watch catch up with a container that just ended before deciding to reconnect.
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }

  /** Waits until every queued log has been read to its end, at most `ms`. */
  async drain(ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    while (this.worker && Date.now() < deadline) {
      await Promise.race([this.worker, new Promise((resolve) => setTimeout(resolve, 200))]);
    }
  }

  stop(): void {
    this.abort.abort();
  }
}

import { formatBytes } from '../registry/image-size.js';

interface Layer {
  sent: number;
  total?: number;
  done: boolean;
}

const UNIT: Record<string, number> = { B: 1, kB: 1e3, KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12 };
/** `#7 pushing 127.0.0.1:5000/a/b:tag with docker` (the docker driver) or `#12 pushing …` */
const PUSH_START = /^#(\d+) pushing (?!layer )(\S+)(?: with docker)?\s*$/;
/** `#7 pushing layer 40afc6687950 8.52MB / 30.00MB 0.4s`, `#7 pushing layer 40afc6687950 3.0s done` */
const LAYER =
  /^#(\d+) pushing layer (\S+)(?: ([\d.]+)([kKMGT]?B) \/ ([\d.]+)([kKMGT]?B))?(?: [\d.]+s)?( done)?\s*$/;
const STEP_END = /^#(\d+) (?:DONE|ERROR|CANCELED)\b/;

/**
 * Follows a BuildKit plain-progress log and, while an image is being pushed, gives a line at
 * least every `intervalMs` with the bytes sent so far: a big layer otherwise leaves the log
 * silent for a long time. Pure: the caller feeds output and asks with its clock.
 */
export class PushProgress {
  private push: { step: string; ref: string; since: number } | undefined;
  private readonly layers = new Map<string, Layer>();
  private lastSaid = 0;
  private partial = '';

  constructor(private readonly intervalMs = 10_000) {}

  feed(chunk: string, now: number): void {
    const lines = (this.partial + chunk).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) this.line(line.replace(/\r$/, ''), now);
  }

  /** The line to print now, if one is due. */
  tick(now: number): string | undefined {
    if (!this.push || now - this.lastSaid < this.intervalMs) return undefined;
    this.lastSaid = now;
    const layers = [...this.layers.values()];
    const sent = layers.reduce((sum, layer) => sum + layer.sent, 0);
    const known = layers.filter((layer) => layer.total !== undefined);
    const total = known.reduce((sum, layer) => sum + (layer.total ?? 0), 0);
    const done = layers.filter((layer) => layer.done).length;
    const seconds = Math.round((now - this.push.since) / 1000);
    return (
      `Pushing ${this.push.ref}: ${formatBytes(sent)}` +
      (total > 0 ? ` of ${formatBytes(total)}` : '') +
      ` sent, ${done} of ${layers.length} layers done (${seconds} s)`
    );
  }

  private line(line: string, now: number) {
    const start = PUSH_START.exec(line);
    if (start) {
      this.push = { step: start[1]!, ref: start[2]!, since: now };
      this.layers.clear();
      this.lastSaid = now;
      return;
    }
    if (!this.push) return;
    const layer = LAYER.exec(line);
    if (layer && layer[1] === this.push.step) {
      const entry = this.layers.get(layer[2]!) ?? { sent: 0, done: false };
      if (layer[3] !== undefined) {
        entry.sent = Number(layer[3]) * (UNIT[layer[4]!] ?? 1);
        entry.total = Number(layer[5]) * (UNIT[layer[6]!] ?? 1);
      }
      if (layer[7]) {
        entry.done = true;
        if (entry.total !== undefined) entry.sent = entry.total;
      }
      this.layers.set(layer[2]!, entry);
      return;
    }
    if (STEP_END.exec(line)?.[1] === this.push.step) this.push = undefined;
  }
}

import { describe, expect, it } from 'vitest';
import { TimestampedLines } from '../../../src/kubernetes/logs.js';

describe('log lines across reconnects', () => {
  it('strips timestamps, joins split chunks, and drops lines a reconnect repeats', () => {
    const out: string[] = [];
    const lines = new TimestampedLines((text) => out.push(text));
    lines.push('2026-01-01T00:00:01.000000001Z a\n2026-01-01T00:00:01.0000');
    lines.push('00002Z b\n2026-01-01T00:00:01.000000002Z b2\n');
    expect(lines.reconnecting()).toBe('2026-01-01T00:00:01.000000002Z');
    // The server resends from the start of the second, then goes on.
    lines.push('2026-01-01T00:00:01.000000001Z a\n2026-01-01T00:00:01.000000002Z b\n');
    lines.push('2026-01-01T00:00:01.000000002Z b2\n2026-01-01T00:00:02.000000000Z c\n');
    lines.push('2026-01-01T00:00:02.000000000Z c2\n');
    lines.push('tail without newline');
    lines.flush();
    expect(out.join('')).toBe('a\nb\nb2\nc\nc2\ntail without newline\n');
  });
});

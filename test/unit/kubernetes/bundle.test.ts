import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** A string only the Kubernetes client contains. */
const CLIENT_MARKER = 'loadFromCluster';

describe('the Kubernetes client is loaded only in mode kubernetes', () => {
  it('is absent from the action entry and present in one lazily loaded chunk', () => {
    expect(readFileSync('dist/index.js', 'utf8')).not.toContain(CLIENT_MARKER);
    const chunks = readdirSync('dist').filter((name) => /^\d+\.index\.js$/.test(name));
    const withClient = chunks.filter((name) =>
      readFileSync(`dist/${name}`, 'utf8').includes(CLIENT_MARKER),
    );
    expect(withClient.length).toBeGreaterThan(0);
  });
});

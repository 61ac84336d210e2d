import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const goldenDir = path.join(import.meta.dirname, 'golden');
const goldens = readdirSync(goldenDir).filter((name) => name.endsWith('.Dockerfile'));

/** `target=` of every cache mount, with its `id=`. */
function cacheMounts(dockerfile: string) {
  return [...dockerfile.matchAll(/--mount=type=cache,([^\s]+)/g)].map((match) => {
    const fields = new Map(
      (match[1] ?? '').split(',').map((field) => field.split('=') as [string, string]),
    );
    return { id: fields.get('id'), target: fields.get('target') ?? '' };
  });
}

describe('cache mounts of the generated Dockerfiles', () => {
  it('has golden files with cache mounts to check', () => {
    expect(
      goldens.flatMap((name) => cacheMounts(readFileSync(path.join(goldenDir, name), 'utf8'))),
    ).not.toHaveLength(0);
  });

  it.each(goldens)('%s: every cache id has the action prefix; no program runs from one', (name) => {
    const dockerfile = readFileSync(path.join(goldenDir, name), 'utf8');
    for (const mount of cacheMounts(dockerfile)) {
      expect(mount.id).toMatch(/^launch-action-[a-z-]+$/);
      // Caches hold downloads only: a program under a cache target could be planted by any build.
      expect(mount.target).toMatch(
        /^\/(root\/\.cache\/(pip|uv)|var\/cache\/apt|var\/lib\/apt\/lists|opt\/conda\/pkgs)$/,
      );
    }
    expect(dockerfile).not.toMatch(/--mount=type=cache,[^\s]*target=\/opt\/launch-uv/);
  });
});

/**
 * Build-context cases for comparing the hash's file list with what Docker sends: a few fixed
 * cases that once went wrong, and property-based ones from a seeded generator (same seed, same
 * cases, so a failure reproduces).
 */
export interface ContextCase {
  name: string;
  /** Context-relative file paths (each with distinct content); `->target` makes a symlink. */
  files: string[];
  /** The .dockerignore text ('' writes none). */
  dockerignore: string;
  /** A user Dockerfile path and its `<Dockerfile>.dockerignore` text, when the case has them. */
  userDockerfile?: { path: string; dockerignore: string };
}

export const FIXED_CASES: ContextCase[] = [
  {
    name: 'excluded directory with a re-included file',
    files: ['data/keep.txt', 'data/big.bin', 'data/sub/x.txt', 'train.py'],
    dockerignore: 'data\n!data/keep.txt\n',
  },
  {
    name: 'allow-list with **',
    files: ['src/a.py', 'src/pkg/b.py', 'train.py', 'notes.md', 'data/d.csv', 'src2/c.py'],
    dockerignore: '**\n!src/**\n!train.py\n',
  },
  {
    name: 'allow-list with * and a nested file',
    files: ['configs/base.yaml', 'configs/other.yaml', 'train.py', 'README.md'],
    dockerignore: '*\n!configs/base.yaml\n',
  },
  {
    name: 'excluded docs with one page kept',
    files: ['docs/keep.md', 'docs/drop.md', 'docs/api/x.md', 'src/docs/y.md', 'main.py'],
    dockerignore: 'docs\n!docs/keep.md\n',
  },
  {
    name: 'leading slash, ./, trailing slash and trailing spaces',
    files: ['logs/a.log', 'out/b', 'cache/c', 'keep/d', 'sub/logs/e.log'],
    dockerignore: '/logs\n./out/\ncache   \n  # not a comment\n# a comment\n',
  },
  {
    name: 'exception that does not re-enter a pruned directory',
    files: ['a/b/c.txt', 'a/x.txt', 'a/b/d.txt'],
    dockerignore: 'a/b\n!a\n',
  },
  {
    name: 'globbed exception under an excluded directory',
    files: ['models/m1/w.bin', 'models/m1/config.json', 'models/m2/config.json', 'x.py'],
    dockerignore: 'models\n!models/*/config.json\n',
  },
  {
    name: 'attempts to re-include .git',
    files: ['.git/config', '.git/HEAD', 'train.py'],
    dockerignore: '!.git\n!.git/config\n',
  },
  {
    name: '<Dockerfile>.dockerignore takes precedence over .dockerignore',
    files: ['docker/train.Dockerfile', 'secrets.env', 'train.py', 'data/x.csv'],
    dockerignore: 'data\n',
    userDockerfile: { path: 'docker/train.Dockerfile', dockerignore: 'secrets.env\n' },
  },
  {
    name: 'symlinks and character classes',
    files: ['link->train.py', 'train.py', 'a1.txt', 'b2.txt', 'c3.txt', 'dir/link2->../a1.txt'],
    dockerignore: '[ab]?.txt\n!b2.txt\ndir/*\n',
  },
];

/** mulberry32: a small, well-mixed 32-bit PRNG. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DIRS = ['src', 'data', 'docs', 'configs', 'a', 'b', 'sub', '.hidden', 'src/sub'];
const NAMES = [
  'train.py',
  'x.py',
  'keep.txt',
  'base.yaml',
  'README.md',
  '.env',
  'a',
  'b1',
  'c.txt',
];

export function generateCases(seed: number, count: number): ContextCase[] {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const cases: ContextCase[] = [];
  for (let n = 0; n < count; n++) {
    const files = new Set<string>();
    const fileCount = 3 + Math.floor(next() * 10);
    for (let i = 0; i < fileCount; i++) {
      const depth = Math.floor(next() * 4);
      const parts: string[] = [];
      for (let d = 0; d < depth; d++) parts.push(pick(DIRS));
      parts.push(pick(NAMES));
      files.add(parts.join('/'));
    }
    // A path cannot be both a file and a directory.
    const all = [...files].filter(
      (file) => ![...files].some((other) => other.startsWith(`${file}/`)),
    );
    const names = all.flatMap((file) => {
      const parts = file.split('/');
      return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
    });
    const lines: string[] = [];
    const patternCount = 1 + Math.floor(next() * 5);
    for (let i = 0; i < patternCount; i++) lines.push(pattern(pick, next, names));
    cases.push({ name: `generated #${n}`, files: all, dockerignore: `${lines.join('\n')}\n` });
  }
  return cases;
}

function pattern(pick: <T>(items: readonly T[]) => T, next: () => number, names: string[]): string {
  const name = pick(names);
  const last = name.split('/').at(-1)!;
  const dir = name.includes('/') ? name.slice(0, name.lastIndexOf('/')) : pick(DIRS);
  const ext = last.includes('.') ? last.slice(last.lastIndexOf('.')) : '.py';
  const body = pick([
    name,
    name,
    `${dir}/*`,
    `${dir}/**`,
    `**/${last}`,
    `**/*${ext}`,
    `*${ext}`,
    `${dir}/*${ext}`,
    `${dir}/**/${last}`,
    '*',
    '**',
    `${last[0] ?? 'a'}*`,
    `${name.slice(0, -1)}?`,
    `[ab]*`,
    `*/${last}`,
    `${dir}`,
  ]);
  const decorated = pick([
    body,
    body,
    body,
    `/${body}`,
    `./${body}`,
    `${body}/`,
    `${body}  `,
    `  ${body}`,
  ]);
  return next() < 0.4 ? `!${decorated}` : decorated;
}

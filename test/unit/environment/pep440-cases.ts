/**
 * Versions and specifier clauses for the differential table against pip's `packaging`: hand-picked
 * edge cases plus a seeded random set (same seed, same cases), drawn from a small space so bounds
 * and versions meet often (same release, a pre/post/dev/local of it, another epoch).
 */
import type { VersionClause } from '../../../src/environment/pep440.js';

const SEED = 440;
const RANDOM_VERSIONS = 110;
const RANDOM_CLAUSES = 70;

const EDGE_VERSIONS = [
  '1.0',
  '1.0.0',
  '1.0a1',
  '1.0b2',
  '1.0rc1',
  '1.0.dev0',
  '1.0a1.dev1',
  '1.0.post1',
  '1.0.post1.dev0',
  '1.0+local',
  '1.0.post1+local.7',
  '1.1',
  '1.1.1',
  '2.0',
  '1!1.0',
  '0!1.0',
  '1.0-1',
  '1.0.0-alpha.1',
  'v1.0',
  '1.0C1',
  '1.0.preview2',
  '1.0rev3',
  '3.11',
  '3.11.0rc1',
  '3.11.4',
  '3.12.0',
];

const EDGE_CLAUSES: VersionClause[] = [
  { op: '==', version: '1.0' },
  { op: '==', version: '1.0+local' },
  { op: '==', version: '1.*' },
  { op: '==', version: '1.0.*' },
  { op: '==', version: '1!1.*' },
  { op: '!=', version: '1.0.*' },
  { op: '!=', version: '1.0' },
  { op: '<', version: '1.0' },
  { op: '<', version: '1.0rc1' },
  { op: '<', version: '1.0.post1' },
  { op: '>', version: '1.0' },
  { op: '>', version: '1.0a1' },
  { op: '>', version: '1.0.post1' },
  { op: '<=', version: '1.0' },
  { op: '>=', version: '1.0.dev0' },
  { op: '~=', version: '1.0' },
  { op: '~=', version: '1.0.0' },
  { op: '~=', version: '1.0a1' },
  { op: '~=', version: '1!1.0' },
  { op: '===', version: '1.0' },
  { op: '===', version: 'V1.0' },
  { op: '>=', version: '3.11' },
  { op: '<', version: '3.12' },
  { op: '!=', version: '3.11.*' },
  { op: '>', version: '3.11.0rc1' },
];

/** A small, fast, seedable generator (mulberry32). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Pick = <T>(items: readonly T[]) => T;

function picker(next: () => number): Pick {
  return (items) => items[Math.floor(next() * items.length)] as (typeof items)[number];
}

interface Shape {
  /** Any spelling PEP 440 allows; false = only the canonical one. */
  spellings: boolean;
  /** A pre/post/dev suffix may follow the release. */
  suffixes: boolean;
  local: boolean;
  /** Release parts at least (~= needs two). */
  minParts: number;
}

function version(pick: Pick, chance: (p: number) => boolean, shape: Shape): string {
  const parts = pick([1, 2, 2, 3, 3, 4].filter((count) => count >= shape.minParts));
  const release = Array.from({ length: parts }, () => pick([0, 0, 1, 1, 2, 3]));
  let text = (chance(0.08) ? `${pick([1, 2])}!` : '') + release.join('.');
  const spelled = (canonical: string, others: string[]) =>
    shape.spellings && chance(0.3) ? pick(others) : canonical;
  if (shape.suffixes && chance(0.3)) {
    const label = pick(['a', 'b', 'rc']);
    const spellings: Record<string, string[]> = {
      a: ['alpha', '-a', '.alpha'],
      b: ['beta', '_b', '.beta'],
      rc: ['c', 'pre', 'preview', '-rc', 'RC'],
    };
    text += spelled(label, spellings[label] ?? []) + pick(['0', '1', '2']);
  }
  if (shape.suffixes && chance(0.25)) {
    const number = pick(['0', '1', '2']);
    text += spelled(`.post${number}`, [
      `-${number}`,
      `.rev${number}`,
      `r${number}`,
      `_post${number}`,
    ]);
  }
  if (shape.suffixes && chance(0.2)) {
    const number = pick(['0', '1']);
    text += spelled(`.dev${number}`, [`dev${number}`, `-dev${number}`, `.DEV${number}`]);
  }
  if (shape.local && chance(0.15))
    text += `+${pick(['local', 'cu121', '1', '1.a', 'a-2', 'ubuntu_1'])}`;
  return text;
}

function clause(pick: Pick, chance: (p: number) => boolean): VersionClause {
  const op = pick(['==', '==', '!=', '<', '<=', '>', '>=', '~=', '===']);
  const full = { spellings: true, suffixes: true, local: false, minParts: 1 };
  if ((op === '==' || op === '!=') && chance(0.35)) {
    return { op, version: `${version(pick, chance, { ...full, suffixes: false })}.*` };
  }
  if (op === '==' || op === '!=' || op === '===') {
    return { op, version: version(pick, chance, { ...full, local: true }) };
  }
  // ~= bounds in canonical spelling: `packaging` splits the bound's raw text, so a spelling such
  // as `1.4.5.c1` or `1.4.5.pre1` keeps the suffix in the prefix it matches (PEP 440 drops it).
  if (op === '~=')
    return { op, version: version(pick, chance, { ...full, spellings: false, minParts: 2 }) };
  return { op, version: version(pick, chance, full) };
}

/** Every version and clause of the table, in a fixed order. */
export function pep440Cases(): { versions: string[]; clauses: VersionClause[] } {
  const next = random(SEED);
  const pick = picker(next);
  const chance = (p: number) => next() < p;
  const shape = { spellings: true, suffixes: true, local: true, minParts: 1 };
  const versions = [...EDGE_VERSIONS];
  while (versions.length < EDGE_VERSIONS.length + RANDOM_VERSIONS) {
    const text = version(pick, chance, shape);
    if (!versions.includes(text)) versions.push(text);
  }
  const clauses = [...EDGE_CLAUSES];
  const seen = new Set(clauses.map((c) => c.op + c.version));
  while (clauses.length < EDGE_CLAUSES.length + RANDOM_CLAUSES) {
    const drawn = clause(pick, chance);
    if (seen.has(drawn.op + drawn.version)) continue;
    seen.add(drawn.op + drawn.version);
    clauses.push(drawn);
  }
  return { versions, clauses };
}

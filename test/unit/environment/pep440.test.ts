/**
 * The PEP 440 evaluator against pip's `packaging`: a seeded table of versions × clauses whose
 * verdicts `packaging` wrote to golden/pep440-packaging.json. Regenerate with
 * `UPDATE_GOLDEN=1 npx vitest run --project unit test/unit/environment/pep440.test.ts` (needs a
 * python3 that imports `packaging`; PYTHONPATH may name a packaging wheel).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { format } from 'prettier';
import { describe, expect, it } from 'vitest';
import {
  compareVersions,
  parseVersion,
  satisfiesClause,
  type VersionClause,
} from '../../../src/environment/pep440.js';
import { parseSpecifierList } from '../../../src/environment/pep508.js';
import { pep440Cases } from './pep440-cases.js';

interface Golden {
  packaging: string;
  versions: string[];
  clauses: (VersionClause & { satisfied_by: string })[];
  order: string[];
}

const goldenFile = fileURLToPath(new URL('golden/pep440-packaging.json', import.meta.url));
const oracle = fileURLToPath(new URL('pep440-oracle.py', import.meta.url));
const cases = pep440Cases();

if (process.env.UPDATE_GOLDEN === '1') {
  const answer = execFileSync('python3', [oracle], {
    input: JSON.stringify(cases),
    encoding: 'utf8',
  });
  writeFileSync(goldenFile, await format(answer, { parser: 'json' }));
}
const golden = JSON.parse(readFileSync(goldenFile, 'utf8')) as Golden;

describe('PEP 440 table against packaging', () => {
  it('covers the generated cases (else regenerate the golden file)', () => {
    expect(golden.versions).toEqual(cases.versions);
    expect(golden.clauses.map(({ op, version }) => ({ op, version }))).toEqual(cases.clauses);
    expect(golden.versions.length * golden.clauses.length).toBeGreaterThan(5000);
  });

  it('parses every version of the table', () => {
    expect(golden.versions.filter((version) => parseVersion(version) === undefined)).toEqual([]);
  });

  it('orders every pair of versions as packaging does', () => {
    const sign = { '<': -1, '=': 0, '>': 1 } as const;
    const differences = golden.versions.flatMap((left, row) =>
      golden.versions.flatMap((right, column) => {
        const expected = sign[(golden.order[row] ?? '')[column] as keyof typeof sign];
        const actual = compareVersions(left, right);
        return actual === expected
          ? []
          : [`${left} vs ${right}: ${actual} (packaging ${expected})`];
      }),
    );
    expect(differences).toEqual([]);
  });

  it.each(golden.clauses.map((clause) => [`${clause.op}${clause.version}`, clause] as const))(
    '%s',
    (text, clause) => {
      expect(parseSpecifierList(text)).toEqual({
        ok: true,
        value: [{ op: clause.op, version: clause.version }],
      });
      const differences = golden.versions.flatMap((version, index) => {
        const expected = clause.satisfied_by[index] === '1';
        const actual = satisfiesClause(version, clause);
        return actual === expected ? [] : [`${version}: ${actual} (packaging ${expected})`];
      });
      expect(differences).toEqual([]);
    },
  );
});

describe('satisfiesClause', () => {
  it('answers undefined when the version or the bound is not PEP 440', () => {
    expect(satisfiesClause('latest', { op: '>=', version: '1.0' })).toBeUndefined();
    expect(satisfiesClause('1.0', { op: '>=', version: 'x' })).toBeUndefined();
  });

  it('compares === as text, case-insensitively, whatever it holds', () => {
    expect(satisfiesClause('Latest', { op: '===', version: 'latest' })).toBe(true);
    expect(satisfiesClause('1.0.0', { op: '===', version: '1.0' })).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { parseImageList, selectPrunable } from '../../../src/run/disk.js';

const line = (id: string, repo: string, tag: string, created: string) =>
  JSON.stringify({ ID: id, Repository: repo, Tag: tag, CreatedAt: created, Size: '1MB' });

describe('parseImageList', () => {
  it('reads ids, references and creation times', () => {
    const out = [
      line('sha256:aaa', 'reg/train', 'abc123', '2026-11-20 10:00:00 +0000 UTC'),
      line('sha256:bbb', 'reg/eval', 'def456', '2026-11-26 09:30:00 +0100 CET'),
    ].join('\n');
    expect(parseImageList(`${out}\n`)).toEqual([
      {
        id: 'sha256:aaa',
        reference: 'reg/train:abc123',
        createdAt: Date.parse('2026-11-20T10:00:00Z'),
      },
      {
        id: 'sha256:bbb',
        reference: 'reg/eval:def456',
        createdAt: Date.parse('2026-11-26T08:30:00Z'),
      },
    ]);
  });

  it('reads nothing from empty output', () => {
    expect(parseImageList('')).toEqual([]);
  });
});

describe('selectPrunable', () => {
  const now = Date.parse('2026-11-26T12:00:00Z');
  const day = 24 * 3600 * 1000;
  const image = (id: string, ageHours: number, reference = `r:${id}`) => ({
    id,
    reference,
    createdAt: now - ageHours * 3600 * 1000,
  });

  it.each([
    ['older than a day', [image('a', 25)], undefined, ['a']],
    ['younger than a day', [image('a', 23)], undefined, []],
    ['keeps the image about to run', [image('a', 48), image('b', 48)], 'a', ['b']],
    ['each id once', [image('a', 48, 'r:1'), image('a', 48, 'r:2')], undefined, ['a']],
    ['unknown age is kept', [{ id: 'x', reference: 'r:x', createdAt: NaN }], undefined, []],
  ])('%s', (_name, images, keep, ids) => {
    expect(selectPrunable(images, now, day, keep).map((i) => i.id)).toEqual(ids);
  });
});

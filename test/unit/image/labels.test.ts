import { describe, expect, it } from 'vitest';
import { IMAGE_LABEL, imageLabels } from '../../../src/image/labels.js';

describe('imageLabels', () => {
  const head = 'a'.repeat(40);
  const env = { GITHUB_REPOSITORY: 'acme/train', GITHUB_SHA: 'b'.repeat(40) };
  it.each<[string, NodeJS.ProcessEnv, string | undefined, [string, string][]]>([
    [
      'the revision is the context HEAD, not GITHUB_SHA',
      env,
      head,
      [
        [IMAGE_LABEL, 'hash'],
        ['org.opencontainers.image.source', 'https://github.com/acme/train'],
        ['org.opencontainers.image.revision', head],
      ],
    ],
    [
      'no revision label when HEAD is unknown (never GITHUB_SHA)',
      env,
      undefined,
      [
        [IMAGE_LABEL, 'hash'],
        ['org.opencontainers.image.source', 'https://github.com/acme/train'],
      ],
    ],
    [
      'outside a workflow',
      {},
      head,
      [
        [IMAGE_LABEL, 'hash'],
        ['org.opencontainers.image.revision', head],
      ],
    ],
  ])('%s', (_name, environment, revision, labels) => {
    expect(imageLabels(environment, 'hash', revision)).toEqual(labels);
  });
});

import { describe, expect, it } from 'vitest';
import {
  CUDA_LABEL,
  CUDA_SOURCE_LABEL,
  IMAGE_LABEL,
  TORCH_LABEL,
  cudaLabels,
  imageLabels,
} from '../../../src/image/labels.js';

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

describe('cudaLabels', () => {
  it.each<[string, Parameters<typeof cudaLabels>[0], [string, string][]]>([
    ['none without an implied CUDA', undefined, []],
    [
      'version and source',
      { version: '12', source: 'nvidia-cudnn-cu12' },
      [
        [CUDA_LABEL, '12'],
        [CUDA_SOURCE_LABEL, 'nvidia-cudnn-cu12'],
      ],
    ],
    [
      'with the torch pin',
      { version: '12.1', source: 'torch==2.3.1+cu121', torch: '2.3.1+cu121' },
      [
        [CUDA_LABEL, '12.1'],
        [CUDA_SOURCE_LABEL, 'torch==2.3.1+cu121'],
        [TORCH_LABEL, '2.3.1+cu121'],
      ],
    ],
  ])('%s', (_name, cuda, expected) => {
    expect(cudaLabels(cuda)).toEqual(expected);
  });
});

import { describe, expect, it } from 'vitest';
import { impliedCudaVersion, type ImpliedCuda } from '../../../src/environment/cuda-implied.js';

describe('impliedCudaVersion', () => {
  it.each<[string, string[], string[], ImpliedCuda | undefined]>([
    [
      'torch local build tag',
      ['numpy==1.26.4', 'torch==2.3.1+cu121'],
      [],
      { version: '12.1', source: 'torch==2.3.1+cu121', torch: '2.3.1+cu121' },
    ],
    [
      'CUDA 11.8 wheel index on an option line',
      ['--extra-index-url https://download.pytorch.org/whl/cu118', 'torch==2.1.2'],
      [],
      { version: '11.8', source: 'index /whl/cu118', torch: '2.1.2' },
    ],
    [
      'index given as a separate extra index URL',
      ['torch'],
      ['https://download.pytorch.org/whl/cu124'],
      { version: '12.4', source: 'index /whl/cu124' },
    ],
    [
      'index-url with = and a trailing comment',
      ['--index-url=https://download.pytorch.org/whl/cu126/  # CUDA build'],
      [],
      { version: '12.6', source: 'index /whl/cu126' },
    ],
    [
      'exact CUDA runtime wheel pin beats the torch tag',
      ['torch==2.4.0+cu121', 'nvidia-cuda-runtime-cu12==12.4.127'],
      [],
      { version: '12.4', source: 'nvidia-cuda-runtime-cu12==12.4.127', torch: '2.4.0+cu121' },
    ],
    [
      'unpinned nvidia wheels give only the major',
      ['nvidia-cudnn-cu12>=9', 'nvidia_cublas_cu12'],
      [],
      { version: '12', source: 'nvidia-cudnn-cu12>=9' },
    ],
    [
      'jax cuda12 extra',
      ['jax[cuda12]==0.4.30'],
      [],
      { version: '12', source: 'jax[cuda12]==0.4.30' },
    ],
    [
      'jax cuda plugin wheel',
      ['jax-cuda12-plugin==0.4.30'],
      [],
      { version: '12', source: 'jax-cuda12-plugin==0.4.30' },
    ],
    [
      'credentials in a direct URL never reach the source',
      ['torch @ https://user:s3cret@wheels.example/torch-2.3.1+cu121-cp311-linux_x86_64.whl'],
      [],
      {
        version: '12.1',
        source: 'torch @ https://***@wheels.example/torch-2.3.1+cu121-cp311-linux_x86_64.whl',
      },
    ],
    ['commented-out CUDA lines imply nothing', ['# torch==2.3.1+cu121', 'numpy'], [], undefined],
    [
      'CPU wheel index implies nothing',
      ['--extra-index-url https://download.pytorch.org/whl/cpu', 'torch==2.3.1+cpu'],
      [],
      undefined,
    ],
    ['no CUDA wheels', ['requests==2.32.3', 'torch==2.3.1'], [], undefined],
  ])('%s', (_name, lines, indexes, expected) => {
    expect(impliedCudaVersion(lines, indexes)).toEqual(expected);
  });
});

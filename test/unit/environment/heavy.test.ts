import { describe, expect, it } from 'vitest';
import { heavyPins, isHeavyPackage } from '../../../src/environment/heavy.js';

describe('isHeavyPackage', () => {
  it.each([
    ['torch', true],
    ['Torch', true],
    ['torchvision', true],
    ['nvidia-cudnn-cu12', true],
    ['nvidia_cublas_cu12', true],
    ['flash_attn', true],
    ['jaxlib', true],
    ['torch-geometric', false],
    ['numpy', false],
    ['nvidia', false],
    ['tqdm', false],
  ])('%s → %s', (name, heavy) => {
    expect(isHeavyPackage(name)).toBe(heavy);
  });
});

describe('heavyPins', () => {
  it.each([
    ['no heavy package', 'numpy==1.26.4\ntqdm\n', undefined],
    ['a heavy package that is not pinned exactly', 'torch>=2.1\ntorchvision~=0.18\n', undefined],
    ['a wildcard pin', 'torch==2.*\n', undefined],
    ['a direct URL', 'torch @ https://example.com/torch-2.3.1-py3-none-any.whl\n', undefined],
    [
      'an index with credentials in it (would land in the image history)',
      '--extra-index-url https://user:token@example.com/simple\ntorch==2.3.1\n',
      undefined,
    ],
    [
      'exact pins with markers, index options kept, other lines left out',
      '-i https://pypi.example/simple\n--extra-index-url https://download.pytorch.org/whl/cu121\n' +
        '-r other.txt\n--require-hashes\nnumpy==1.26.4\ntorch==2.3.1+cu121  # pinned\n' +
        "nvidia-nccl-cu12==2.20.5 ; sys_platform == 'linux'\ntorchaudio[sox]===2.3.1\n",
      {
        lines: [
          '-i https://pypi.example/simple',
          '--extra-index-url https://download.pytorch.org/whl/cu121',
          'torch==2.3.1+cu121',
          "nvidia-nccl-cu12==2.20.5 ; sys_platform == 'linux'",
          'torchaudio[sox]===2.3.1',
        ],
        constraints: [
          'torch==2.3.1+cu121',
          "nvidia-nccl-cu12==2.20.5 ; sys_platform == 'linux'",
          'torchaudio===2.3.1',
        ],
        hashed: false,
      },
    ],
    [
      'hashes across continuation lines',
      'torch==2.3.1 \\\n    --hash=sha256:aa \\\n    --hash=sha256:bb\nfilelock==3.15.4 --hash=sha256:cc\n',
      {
        lines: ['torch==2.3.1 --hash=sha256:aa --hash=sha256:bb'],
        constraints: ['torch==2.3.1'],
        hashed: true,
      },
    ],
  ])('%s', (_name, text, expected) => {
    expect(heavyPins(text)).toEqual(expected);
  });
});

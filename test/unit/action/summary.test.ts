import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { failureSummary, successSummary, type SummaryInput } from '../../../src/action/summary.js';
import { FileError, InputError } from '../../../src/platform/errors.js';

const GOLDEN = path.join(import.meta.dirname, 'golden');

/** Compares with the golden file; `UPDATE_GOLDEN=1` rewrites it (then review the diff). */
function expectGolden(name: string, actual: string) {
  const file = path.join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN) writeFileSync(file, actual);
  expect(existsSync(file), `${name} is missing: run with UPDATE_GOLDEN=1`).toBe(true);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

const built: SummaryInput = {
  plan: {
    environment: {
      kind: 'requirements',
      reason: 'requirements.txt',
      python: { version: '3.11', source: '.python-version' },
      dropped: [
        {
          line: '-e .',
          file: 'requirements.txt',
          lineNumber: 3,
          reason: 'editable <local> install',
        },
      ],
    },
    dockerfile: { origin: 'generated', dockerfile: 'FROM python:3.11-slim\nCMD ["python"]\n' },
    sourceHash: '0123456789abcdef'.repeat(4),
    context: { files: ['train.py', 'requirements.txt'] },
    timings: { hashMs: 12.4 },
  },
  image: {
    image: 'ghcr.io/me/train:0123456789abcdef',
    tag: '0123456789abcdef',
    digest: `sha256:${'ab'.repeat(32)}`,
    imageRef: `ghcr.io/me/train@sha256:${'ab'.repeat(32)}`,
    built: true,
    pushed: true,
    buildMs: 65_300,
    size: { bytes: 1_234_567_890, kind: 'compressed' },
  },
  dispatch: {
    runUrl: 'https://github.com/me/train/actions/runs/42',
    conclusion: 'success',
  },
  durationMs: 80_000,
};

describe('job summary', () => {
  it('success: code in <code>, the dispatched run as a link (golden)', () => {
    const html = successSummary(built);
    expect(html).not.toContain('`0123');
    expect(html).toContain('<a href="https://github.com/me/train/actions/runs/42">');
    expect(html).toContain('<code>-e .</code>');
    expect(html).toContain('editable &lt;local&gt; install');
    expectGolden('summary-success.html', html);
  });

  it('a local build says image ID, not digest, and not pushed', () => {
    const html = successSummary({
      ...built,
      image: { ...built.image, pushed: false, digest: 'sha256:' + 'cd'.repeat(32) },
    });
    expect(html).toContain('<td>Image ID</td>');
    expect(html).toContain('not pushed');
  });

  it('the image size: compressed in the registry, or the local engine size', () => {
    expect(successSummary(built)).toContain(
      '<tr><td>Size</td><td>1.23 GB (compressed layers in the registry)</td></tr>',
    );
    const local = successSummary({
      ...built,
      image: { ...built.image, pushed: false, size: { bytes: 212_345_678, kind: 'uncompressed' } },
    });
    expect(local).toContain('<td>Size</td><td>212.3 MB (uncompressed, in the local engine)</td>');
    const unknown = successSummary({ ...built, image: { ...built.image, size: undefined } });
    expect(unknown).not.toContain('<td>Size</td>');
  });

  it('failure on an input: the input, the value, what is allowed and the fix (golden)', () => {
    const error = new InputError(
      'installer',
      'conda',
      'expected one of pip, uv',
      'Use pip or uv; conda environments are read from environment.yml.',
    );
    expectGolden('summary-failure-input.html', failureSummary(error));
  });

  it('failure in a file: the file and line, and the problem (golden)', () => {
    const error = new FileError('requirements.txt', 2, "'numpy>=<2' is not a valid requirement");
    const html = failureSummary(error);
    expect(html).toContain('<code>requirements.txt:2</code>');
    expectGolden('summary-failure-file.html', html);
  });
});

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DroppedPinScanner, droppedRows } from '../../../src/builder/dropped.js';
import { successSummary, type SummaryInput } from '../../../src/action/summary.js';
import type { PythonEnvironment } from '../../../src/environment/types.js';

/** BuildKit plain progress as the pin-by-pin fallback writes it (step prefix and timestamps). */
const LOG = [
  '#12 [6/9] RUN --mount=type=cache,id=launch-action-pip,target=/root/.cache/pip /opt/venv/bin/python -m pip install --no-deps -r /tmp/launch/requirements.txt',
  '#12 4.210 ERROR: Could not find a version that satisfies the requirement internal-cuda-ext==0.3.1',
  '#12 4.215 launch-action: the frozen list did not install as a whole; installing it pin by pin',
  "#12 9.880 launch-action: warning: dropped 'internal-cuda-ext==0.3.1': it could not be installed (see above)",
  "#12 11.02 launch-action: warning: dropped 'corp-tool @ https://packages.example.invalid/corp_tool-1.0-py3-none-any.whl': it could not be installed (see above)",
  '#12 DONE 11.4s',
  '',
].join('\n');

describe('pins the build skipped', () => {
  it('are read from the build log, whatever the chunking', () => {
    for (const size of [1, 7, 64, LOG.length]) {
      const scanner = new DroppedPinScanner();
      for (let at = 0; at < LOG.length; at += size) scanner.push(LOG.slice(at, at + size));
      expect(scanner.pins()).toEqual([
        'internal-cuda-ext==0.3.1',
        'corp-tool @ https://packages.example.invalid/corp_tool-1.0-py3-none-any.whl',
      ]);
    }
  });

  it('a log without the fallback has none; the echo of the Dockerfile line is not a pin', () => {
    const scanner = new DroppedPinScanner();
    scanner.push(
      `#9 [5/8] RUN ... || { echo "launch-action: warning: dropped '$pin': it could not be installed (see above)" >&2; }\n#9 CACHED\n`,
    );
    expect(scanner.pins()).toEqual([]);
  });

  it('become rows of the summary dropped table, with the line of the frozen file', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'dropped-'));
    try {
      await writeFile(
        path.join(dir, 'requirements.frozen.txt'),
        'numpy==1.26.4\ntqdm==4.66.4\ninternal-cuda-ext==0.3.1\n',
      );
      const environment = {
        files: ['requirements.frozen.txt'],
        install: { kind: 'requirement-lines', lines: [], noDeps: true },
      } as unknown as PythonEnvironment;
      const rows = await droppedRows(['internal-cuda-ext==0.3.1'], environment, dir);
      expect(rows).toEqual([
        {
          line: 'internal-cuda-ext==0.3.1',
          file: 'requirements.frozen.txt',
          lineNumber: 3,
          reason:
            'it could not be installed when the image was built, so it was skipped (listed in /tmp/launch/dropped.txt in the image)',
        },
      ]);
      const summary: SummaryInput = {
        image: {
          image: 'local/train:1',
          tag: '1',
          digest: '',
          imageRef: 'local/train:1',
          built: true,
          pushed: false,
          buildMs: 1,
          droppedAtBuild: rows,
        },
        durationMs: 1,
      };
      const html = successSummary(summary);
      expect(html).toContain('Dropped from the package list');
      expect(html).toContain('<code>internal-cuda-ext==0.3.1</code>');
      expect(html).toContain('<code>requirements.frozen.txt:3</code>');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

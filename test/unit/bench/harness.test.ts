import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderChart } from '../../../bench/lib/chart.mjs';
import { ensureWheel, fillerChunks, wheelFilename } from '../../../bench/lib/wheels.mjs';
import {
  projectOfWheel,
  startPackageIndex,
  type PackageIndex,
} from '../../../bench/lib/package-index.mjs';
import { median, parseHashLine } from '../../../bench/lib/probes.mjs';
import { actionCliArgs, baselineBuildxArgs, lastJsonObject } from '../../../bench/lib/tools.mjs';

describe('command lines', () => {
  it('runs the action CLI against the bench registry with credentials as flags, no shell', () => {
    const args = actionCliArgs({
      cli: '/d/cli/index.js',
      repo: '/r',
      baseImage: 'local/python:3.11-bookworm',
      repository: 'bench/action',
      indexUrl: 'http://127.0.0.1:4000/simple/',
    });
    expect(args.slice(0, 2)).toEqual(['/d/cli/index.js', 'build']);
    const flag = (name: string) => args[args.indexOf(name) + 1];
    expect(flag('--destination')).toBe('127.0.0.1:5001/bench/action');
    expect(flag('--network')).toBe('host');
    expect(flag('--pip-index-url')).toBe('http://127.0.0.1:4000/simple/');
    expect(args).toContain('--no-infer-system-packages');
    expect(args).toContain('--json');
  });

  it('builds a baseline with plain buildx: push, plain progress, the index as a build argument', () => {
    const args = baselineBuildxArgs({
      dockerfile: '/b/naive.Dockerfile',
      repo: '/r',
      baseImage: 'base:1',
      image: '127.0.0.1:5001/bench/naive:cold',
      indexUrl: 'http://127.0.0.1:4000/simple/',
      metadataFile: '/t/m.json',
    });
    expect(args.slice(0, 2)).toEqual(['buildx', 'build']);
    expect(args).toEqual(
      expect.arrayContaining(['--push', '--progress=plain', '--provenance=false']),
    );
    expect(args).toEqual(
      expect.arrayContaining(['--build-arg', 'PIP_INDEX_URL=http://127.0.0.1:4000/simple/']),
    );
    expect(args).not.toContain('--cache-from');
    expect(args.at(-1)).toBe('/r');
  });

  it.each([
    { name: 'only the JSON', stdout: '{\n  "built": true\n}\n', built: true },
    {
      name: 'log lines before the JSON',
      stdout: 'Logged in\n{ not json\n{\n  "built": false,\n  "tag": "a"\n}\n',
      built: false,
    },
  ])('reads the CLI --json output: $name', ({ stdout, built }) => {
    expect(lastJsonObject(stdout).built).toBe(built);
  });
});

describe('probes', () => {
  it.each([
    { line: 'Source hash abc123 over 2001 files (1256 ms)', expected: { files: 2001, ms: 1256 } },
    { line: 'no hash line here', expected: undefined },
  ])('parses "$line"', ({ line, expected }) => {
    expect(parseHashLine(`Builder: noop\n${line}\n`)).toEqual(expected);
  });

  it.each([
    { values: [3, 1, 2], expected: 2 },
    { values: [4, 1, 3, 2], expected: 2.5 },
    { values: [7], expected: 7 },
  ])('median of $values is $expected', ({ values, expected }) => {
    expect(median(values)).toBe(expected);
  });
});

describe('wheels and the package index', () => {
  let dir: string;
  let index: PackageIndex;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bench-wheels-'));
    await ensureWheel(dir, { name: 'torch-sim', version: '2.4.0', sizeBytes: 3_000_000 });
    await ensureWheel(dir, { name: 'tqdm_sim', version: '4.66.4', sizeBytes: 0 });
    index = await startPackageIndex(dir);
  });

  afterAll(async () => {
    await index.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes a zip that Python opens, with a RECORD that matches every file', () => {
    const path = join(dir, wheelFilename('torch-sim', '2.4.0'));
    const check = spawnSync('python3', ['-c', VERIFY_WHEEL, path], { encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.stdout.trim()).toBe('ok 5 files, payload 3000000');
  });

  it('fills payloads with incompressible, reproducible bytes', () => {
    const [first] = [...fillerChunks('seed', 1 << 20)];
    const [again] = [...fillerChunks('seed', 1 << 20)];
    expect(first?.equals(again!)).toBe(true);
    expect(gzipSync(first!).length).toBeGreaterThan(first!.length * 0.99);
  });

  it('serves a PEP 503 index and records each file it serves', async () => {
    const root = await fetch(index.url);
    expect(await root.text()).toContain('href="/simple/torch-sim/"');
    const page = await (await fetch(`${index.url}Torch_Sim/`)).text();
    const link = /href="([^"#]+)#sha256=([0-9a-f]{64})"/.exec(page);
    expect(link?.[1]).toBe('/files/torch_sim-2.4.0-py3-none-any.whl');

    const mark = index.mark();
    const file = await fetch(new URL(link![1]!, index.url));
    expect(file.headers.get('cache-control')).toContain('max-age');
    const body = Buffer.from(await file.arrayBuffer());
    const { createHash } = await import('node:crypto');
    expect(createHash('sha256').update(body).digest('hex')).toBe(link?.[2]);
    expect(index.servedSince(mark).map((f) => f.filename)).toEqual([
      'torch_sim-2.4.0-py3-none-any.whl',
    ]);

    expect((await fetch(`${index.url}no-such-project/`)).status).toBe(404);
    expect((await fetch(index.url, { method: 'POST' })).status).toBe(405);
  });

  it.each([
    { filename: 'torch_sim-2.4.0-py3-none-any.whl', project: 'torch-sim' },
    { filename: 'Foo.Bar-1.0-py3-none-any.whl', project: 'foo-bar' },
    { filename: 'README.md', project: undefined },
  ])('$filename belongs to $project', ({ filename, project }) => {
    expect(projectOfWheel(filename)).toBe(project);
  });
});

describe('chart', () => {
  it('draws one bar per figure with its value, and escapes text', () => {
    const svg = renderChart(
      {
        'action/warm/cold': { ms: 100_000 },
        'naive/warm/code': { ms: 90_000 },
        'action/fresh/relaunch': { ms: 1_500 },
      },
      'A & B',
    );
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('A &amp; B');
    // Bars carry a tooltip; the legend swatches do not.
    expect(svg.match(/<\/title><\/rect>/g)).toHaveLength(3);
    expect(svg).toContain('launch-action, relaunch, same commit: 1.50 s');
    expect(svg).toContain('>1.5</text>');
  });
});

const VERIFY_WHEEL = `
import base64, hashlib, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None
record = [l.split(',') for l in z.read('torch_sim-2.4.0.dist-info/RECORD').decode().splitlines()]
for name, digest, size in record:
    if name.endswith('RECORD'):
        continue
    data = z.read(name)
    expected = 'sha256=' + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b'=').decode()
    assert digest == expected, name
    assert int(size) == len(data), name
meta = z.read('torch_sim-2.4.0.dist-info/METADATA').decode()
assert 'Name: torch-sim' in meta and 'Version: 2.4.0' in meta
print('ok', len(record), 'files, payload', len(z.read('torch_sim/_payload.bin')))
`;

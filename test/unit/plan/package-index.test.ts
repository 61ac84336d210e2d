import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  httpPackageIndex,
  IndexUnreachable,
  parseSimpleHtml,
  parseSimpleJson,
} from '../../../src/plan/package-index.js';
import { pythonFromIndex } from '../../../src/plan/python-from-index.js';
import { readCoreInputs } from '../../../src/inputs/core.js';
import { InputReader, mapInputSource } from '../../../src/inputs/reader.js';
import type { PythonEnvironment } from '../../../src/environment/types.js';

const wheel = (name: string, version: string, minor: number) =>
  `${name}-${version}-cp3${minor}-cp3${minor}-manylinux_2_17_x86_64.manylinux2014_x86_64.whl`;

/** Project name → file names; a project page is served as JSON or HTML as the client asks. */
const PROJECTS: Record<string, { filename: string; requiresPython?: string }[]> = {
  numpy: [
    { filename: wheel('numpy', '1.21.6', 9), requiresPython: '>=3.7,<3.11' },
    { filename: wheel('numpy', '1.21.6', 10), requiresPython: '>=3.7,<3.11' },
    { filename: 'numpy-1.21.6.zip', requiresPython: '>=3.7,<3.11' },
  ],
  tqdm: [{ filename: 'tqdm-4.66.1-py3-none-any.whl' }],
};
const USER = 'reader';
const PASSWORD = 'p@ss:word/1';

interface Seen {
  path: string;
  accept: string;
  authorization: string | undefined;
}

function startIndex(mode: 'json' | 'html', requireAuth: boolean) {
  const seen: Seen[] = [];
  const server = createServer((request: IncomingMessage, response) => {
    seen.push({
      path: request.url ?? '',
      accept: request.headers.accept ?? '',
      authorization: request.headers.authorization,
    });
    const expected = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
    if (requireAuth && request.headers.authorization !== expected) {
      response.writeHead(401, { 'www-authenticate': 'Basic' }).end();
      return;
    }
    if (request.url === '/simple/broken/') {
      response.writeHead(500).end('fault');
      return;
    }
    const project = /^\/simple\/([a-z0-9-]+)\/$/.exec(request.url ?? '')?.[1];
    const files = project ? PROJECTS[project] : undefined;
    if (!files) {
      response.writeHead(404).end('not found');
      return;
    }
    const wantsJson = (request.headers.accept ?? '').includes(
      'application/vnd.pypi.simple.v1+json',
    );
    if (mode === 'json' && wantsJson) {
      response.writeHead(200, { 'content-type': 'application/vnd.pypi.simple.v1+json' });
      response.end(
        JSON.stringify({
          meta: { 'api-version': '1.1' },
          name: project,
          files: files.map((file) => ({
            filename: file.filename,
            url: `/files/${file.filename}`,
            hashes: {},
            ...(file.requiresPython && { 'requires-python': file.requiresPython }),
          })),
        }),
      );
      return;
    }
    const links = files.map((file) => {
      const attribute = file.requiresPython
        ? ` data-requires-python="${file.requiresPython.replace(/</g, '&lt;').replace(/>/g, '&gt;')}"`
        : '';
      return `<a href="/files/${file.filename}#sha256=00"${attribute}>${file.filename}</a><br/>`;
    });
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(
      `<!DOCTYPE html><html><body><h1>Links for ${project}</h1>${links.join('\n')}</body></html>`,
    );
  });
  return { server, seen };
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

const deps = { fetch, sleep: async () => {}, log: { debug: () => {} } };

describe('package index reader (local PEP 691 / PEP 503 servers)', () => {
  const json = startIndex('json', false);
  const html = startIndex('html', true);
  let jsonUrl = '';
  let htmlUrl = '';
  let htmlPort = 0;
  beforeAll(async () => {
    jsonUrl = `http://127.0.0.1:${await listen(json.server)}/simple/`;
    htmlPort = await listen(html.server);
    htmlUrl = `http://${encodeURIComponent(USER)}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${htmlPort}/simple`;
  });
  afterAll(() => {
    json.server.close();
    html.server.close();
  });

  it('reads the JSON form, asking for it first', async () => {
    const files = await httpPackageIndex(deps).projectFiles(jsonUrl, 'numpy');
    expect(files).toEqual({ kind: 'found', files: PROJECTS.numpy });
    expect(json.seen.at(-1)?.accept).toMatch(/^application\/vnd\.pypi\.simple\.v1\+json/);
  });

  it('reads the HTML form of a private index, credentials as a Basic header', async () => {
    const files = await httpPackageIndex(deps).projectFiles(htmlUrl, 'numpy');
    expect(files).toEqual({ kind: 'found', files: PROJECTS.numpy });
    const request = html.seen.at(-1)!;
    expect(request.path).toBe('/simple/numpy/');
    expect(request.authorization).toMatch(/^Basic /);
  });

  it('a missing project is missing; a refusal or a fault is unreachable, naming only the host', async () => {
    const reader = httpPackageIndex(deps);
    expect(await reader.projectFiles(jsonUrl, 'nothing-here')).toEqual({ kind: 'missing' });
    const noCredentials = `http://127.0.0.1:${htmlPort}/simple/`;
    await expect(reader.projectFiles(noCredentials, 'numpy')).rejects.toThrow(
      new IndexUnreachable(`127.0.0.1:${htmlPort}`, 'HTTP 401'),
    );
    const fault = await reader.projectFiles(htmlUrl, 'broken').catch((error: Error) => error);
    expect(fault).toBeInstanceOf(IndexUnreachable);
    expect(String(fault)).not.toContain(PASSWORD);
    expect(String(fault)).not.toContain(encodeURIComponent(PASSWORD));
    const closed = await reader
      .projectFiles('http://user:secret@127.0.0.1:9/simple/', 'numpy')
      .catch((error: Error) => error);
    expect(closed).toBeInstanceOf(IndexUnreachable);
    expect((closed as Error).message).toMatch(/^127\.0\.0\.1:9: /);
    expect((closed as Error).message).not.toContain('secret');
  });

  it('parses both page forms the same way', () => {
    expect(
      parseSimpleJson('{"files": [{"filename": "a-1.0.tar.gz", "requires-python": ""}]}'),
    ).toEqual([{ filename: 'a-1.0.tar.gz' }]);
    expect(parseSimpleJson('<html>')).toBeUndefined();
    expect(
      parseSimpleHtml(
        `<a href="x" data-requires-python='&gt;=3.8'>a-1.0-py3-none-any.whl</a><a href="y">a-1.0.tar.gz</a>`,
      ),
    ).toEqual([
      { filename: 'a-1.0-py3-none-any.whl', requiresPython: '>=3.8' },
      { filename: 'a-1.0.tar.gz' },
    ]);
  });

  describe('pythonFromIndex', () => {
    let context = '';
    beforeAll(async () => {
      context = await mkdtemp(path.join(tmpdir(), 'python-from-index-'));
      await writeFile(path.join(context, 'requirements.txt'), '-r base.txt\ntqdm==4.66.1\n');
      await writeFile(path.join(context, 'base.txt'), 'numpy==1.21.6\n');
    });
    afterAll(() => rm(context, { recursive: true, force: true }));

    const environment: PythonEnvironment = {
      kind: 'requirements',
      reason: 'requirements.txt found',
      files: ['requirements.txt'],
      python: { version: '3.11', source: 'default' },
      install: { kind: 'requirements-file', file: 'requirements.txt', alsoCopy: ['base.txt'] },
      extraIndexUrls: [],
      dropped: [],
    };
    const inputs = (values: Record<string, string>) =>
      readCoreInputs(new InputReader(mapInputSource({ platforms: 'linux/amd64', ...values })));

    it.each([
      ['JSON', () => jsonUrl],
      ['HTML with credentials', () => htmlUrl],
    ])('chooses 3.10 for numpy==1.21.6 from the %s index the build uses', async (_form, url) => {
      const result = await pythonFromIndex(
        context,
        inputs({ 'pip-index-url': url() }),
        environment,
        httpPackageIndex(deps),
      );
      expect(result.warnings).toEqual([]);
      expect(result.environment.python).toEqual({
        version: '3.10',
        source: 'wheels of the exact pins',
      });
      expect(result.check).toMatch(
        /^Python 3\.10: numpy==1\.21\.6 has no cp311 wheel for manylinux x86_64 \(index 127\.0\.0\.1:\d+\)$/,
      );
      expect(result.check).not.toContain(PASSWORD);
    });

    it('confirms the default without touching the environment (the Dockerfile stays the same)', async () => {
      const pureOnly = {
        ...environment,
        install: { kind: 'requirement-lines' as const, lines: ['tqdm==4.66.1'], noDeps: false },
      };
      const result = await pythonFromIndex(
        context,
        inputs({ 'pip-index-url': jsonUrl }),
        pureOnly,
        httpPackageIndex(deps),
      );
      expect(result.environment).toBe(pureOnly);
      expect(result.check).toMatch(
        /^Python 3\.11: the wheels of 1 exact pin on 127\.0\.0\.1:\d+ fit it$/,
      );
    });

    it('keeps the default with a warning naming the host when the index cannot be reached', async () => {
      const result = await pythonFromIndex(
        context,
        inputs({ 'pip-index-url': 'http://user:secret@127.0.0.1:9/simple/' }),
        environment,
        httpPackageIndex(deps),
      );
      expect(result.environment).toBe(environment);
      expect(result.warnings).toHaveLength(1);
      expect(result.warnings[0]).toMatch(
        /^Python 3\.11 \(default\) was not checked against the wheels of the exact pins: the package index 127\.0\.0\.1:9: /,
      );
      expect(result.warnings[0]).not.toContain('secret');
    });

    it('looks a pin up on the extra indexes when the first lacks its release', async () => {
      const asked: string[] = [];
      const reader = {
        projectFiles: async (url: string, project: string) => {
          asked.push(`${url} ${project}`);
          const version = url.includes('extra') ? '1.21.6' : '1.26.4';
          return {
            kind: 'found' as const,
            files: [{ filename: `numpy-${version}-cp310-cp310-manylinux_2_17_x86_64.whl` }],
          };
        },
      };
      const numpyOnly = {
        ...environment,
        install: { kind: 'requirement-lines' as const, lines: ['numpy==1.21.6'], noDeps: false },
      };
      const result = await pythonFromIndex(
        context,
        inputs({
          'pip-index-url': 'https://main.example/simple',
          'pip-extra-index-url': 'https://extra.example/simple',
        }),
        numpyOnly,
        reader,
      );
      expect(asked).toEqual([
        'https://main.example/simple numpy',
        'https://extra.example/simple numpy',
      ]);
      expect(result.environment.python.version).toBe('3.10');
    });

    it('asks nothing when something decided the version or the base brings Python', async () => {
      const asked: string[] = [];
      const reader = {
        projectFiles: async (_url: string, project: string) => {
          asked.push(project);
          return { kind: 'missing' as const };
        },
      };
      const decided = { ...environment, python: { version: '3.9', source: 'runtime.txt' } };
      expect((await pythonFromIndex(context, inputs({}), decided, reader)).environment).toBe(
        decided,
      );
      const own = inputs({ 'base-image': 'registry.example/ml:1' });
      expect((await pythonFromIndex(context, own, environment, reader)).environment).toBe(
        environment,
      );
      expect(asked).toEqual([]);
      // Nothing on the index: the default stays as it was.
      expect((await pythonFromIndex(context, inputs({}), environment, reader)).environment).toBe(
        environment,
      );
      expect(asked.sort()).toEqual(['numpy', 'tqdm']);
    });
  });
});

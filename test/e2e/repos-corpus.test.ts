import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction, type ActionRun } from './harness/action-runner.js';
import {
  PYTHON_BASE_IMAGE,
  REPO_ROOT,
  tempDockerConfig,
  type DockerConfig,
} from './harness/infra.js';
import { startPackageIndex, type PackageIndex } from './harness/package-index.js';
import { startGitServer, type GitServer } from './harness/git-server.js';
import { addBackendWheels } from './harness/backend-wheels.js';
import { commitAll, git, writeFiles } from './harness/repo.js';
import { makeWheel } from './harness/wheels.js';
import { runChecked } from './harness/process.js';
import { GIT_URL_PLACEHOLDER, SHAPES, type Shape } from '../corpus/shapes.js';

/**
 * Every runnable shape of the repository corpus, built by the shipped bundle on the real engine
 * against a local package index (generated wheels, an sdist that needs a C compiler, real build
 * backends) and a local git server, then run: the project imports, its console scripts work, the
 * inferred system packages do their job (git clones, gcc compiles against Python.h, libGL loads).
 */
const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'repos');
const UID_1000_BASE = 'launch-test/uid1000-base:1';
const RUN_ID = String(Date.now());

let work: string;
let index: PackageIndex;
let gitServer: GitServer;
let docker: DockerConfig;
const timings: Record<string, number> = {};

// torch.compile stand-in: like Triton, the first call writes a C launcher that includes Python.h
// and builds it with the system compiler (`cc`), then loads it.
const TORCH_INIT = String.raw`
__version__ = "2.3.1"
import ctypes, os, shutil, subprocess, sysconfig, tempfile

_SOURCE = """
#include <Python.h>
int add_one(int x) { return x + 1; }
"""


def compile(fn):
    def compiled(x):
        work = tempfile.mkdtemp()
        source, library = os.path.join(work, "k.c"), os.path.join(work, "k.so")
        with open(source, "w") as handle:
            handle.write(_SOURCE)
        cc = shutil.which("cc") or shutil.which("gcc")
        if cc is None:
            raise RuntimeError("Failed to find C compiler. Please specify via CC environment variable.")
        include = sysconfig.get_paths()["include"]
        subprocess.run([cc, "-shared", "-fPIC", "-I", include, source, "-o", library], check=True)
        return ctypes.CDLL(library).add_one(x)
    return compiled
`;

// opencv-python stand-in: cv2 links libGL and GLib, so its import fails on a slim base without them.
const CV2_INIT = String.raw`
import ctypes
ctypes.CDLL("libGL.so.1")
ctypes.CDLL("libglib-2.0.so.0")
__version__ = "4.9.0.80"
GL = "libGL and GLib loaded"
`;

const MASK_C = String.raw`
#include <Python.h>
static PyObject *area(PyObject *self, PyObject *args) { return PyLong_FromLong(42); }
static PyMethodDef methods[] = {{"area", area, METH_NOARGS, "area"}, {NULL, NULL, 0, NULL}};
static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_mask", NULL, -1, methods};
PyMODINIT_FUNC PyInit__mask(void) { return PyModule_Create(&module); }
`;

/** An sdist with a C extension (no wheel on the index), as pycocotools long was. */
async function makeCompiledSdist(dir: string): Promise<void> {
  const root = path.join(work, 'sdist', 'pycocotools-2.0.7');
  await writeFiles(root, {
    'PKG-INFO': 'Metadata-Version: 2.1\nName: pycocotools\nVersion: 2.0.7\n',
    'setup.py': [
      'from setuptools import Extension, setup',
      '',
      'setup(',
      '    name="pycocotools",',
      '    version="2.0.7",',
      '    packages=["pycocotools"],',
      '    ext_modules=[Extension("pycocotools._mask", ["pycocotools/_mask.c"])],',
      ')',
      '',
    ].join('\n'),
    'pycocotools/__init__.py': '',
    'pycocotools/_mask.c': MASK_C,
  });
  await runChecked('tar', [
    '-czf',
    path.join(dir, 'pycocotools-2.0.7.tar.gz'),
    '-C',
    path.dirname(root),
    'pycocotools-2.0.7',
  ]);
}

/** A package repository published on the git server. */
async function publishGitPackage(name: string, files: Record<string, string>): Promise<void> {
  const dir = path.join(work, 'git-src', name);
  await mkdir(dir, { recursive: true });
  await writeFiles(dir, files);
  await git(dir, ['init', '--quiet']);
  await commitAll(dir, `${name} sources`);
  await gitServer.publish(name, dir);
}

async function copyFixture(shape: Shape): Promise<string> {
  const dir = path.join(work, 'repos', shape.name);
  await cp(path.join(FIXTURES, shape.name), dir, { recursive: true });
  const substitute = async (folder: string): Promise<void> => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const file = path.join(folder, entry.name);
      if (entry.isDirectory()) await substitute(file);
      else {
        const text = await readFile(file, 'utf8');
        if (text.includes(GIT_URL_PLACEHOLDER)) {
          await writeFile(file, text.split(GIT_URL_PLACEHOLDER).join(gitServer.url));
        }
      }
    }
  };
  await substitute(dir);
  await git(dir, ['init', '--quiet']);
  await commitAll(dir, 'Training code');
  return dir;
}

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'launch-corpus-'));
  docker = await tempDockerConfig();
  const wheels = path.join(work, 'wheels');
  await addBackendWheels(wheels, docker.env);
  await makeWheel(wheels, { name: 'numpy', version: '1.26.4' });
  await makeWheel(wheels, {
    name: 'tqdm',
    version: '4.66.4',
    consoleScripts: { tqdm: 'tqdm:hello' },
  });
  await makeWheel(wheels, { name: 'PyYAML', version: '6.0.1', module: 'yaml' });
  await makeWheel(wheels, { name: 'rich', version: '13.7.1' });
  await makeWheel(wheels, { name: 'pytest', version: '8.2.0' });
  await makeWheel(wheels, {
    name: 'torch',
    version: '2.3.1',
    files: { 'torch/__init__.py': TORCH_INIT },
  });
  await makeWheel(wheels, {
    name: 'opencv-python',
    version: '4.9.0.80',
    module: 'cv2',
    files: { 'cv2/__init__.py': CV2_INIT },
  });
  await makeCompiledSdist(wheels);
  index = await startPackageIndex(wheels);

  gitServer = await startGitServer(path.join(work, 'git'));
  await publishGitPackage('vcs-utils', {
    'setup.py':
      'from setuptools import setup\n\nsetup(name="vcs-utils", version="0.5.0", py_modules=["vcs_utils"])\n',
    'vcs_utils.py': 'VERSION = "0.5.0"\n',
  });
  await publishGitPackage('vcs-extra', {
    'pyproject.toml':
      '[build-system]\nrequires = ["setuptools>=61", "wheel"]\nbuild-backend = "setuptools.build_meta"\n\n' +
      '[project]\nname = "vcs-extra"\nversion = "1.1.0"\n\n[tool.setuptools]\npy-modules = ["vcs_extra"]\n',
    'vcs_extra.py': 'VERSION = "1.1.0"\n',
  });

  // A base whose uid 1000 is taken, like Ubuntu 24.04's `ubuntu` user.
  await runChecked('docker', ['build', '--network', 'host', '--tag', UID_1000_BASE, '-'], {
    env: docker.env,
    input: `FROM ${PYTHON_BASE_IMAGE}\nRUN useradd --create-home --uid 1000 --shell /bin/bash ubuntu\n`,
    timeoutMs: 120_000,
  });
});

afterAll(async () => {
  await index?.close();
  await gitServer?.close();
  await docker?.cleanup();
  if (Object.keys(timings).length > 0) {
    const lines = Object.entries(timings).map(
      ([name, ms]) => `${name}\t${(ms / 1000).toFixed(1)} s`,
    );
    console.log(`corpus build+run times:\n${lines.join('\n')}`);
  }
  await rm(work, { recursive: true, force: true });
});

function expectSuccess(run: ActionRun): void {
  if (run.code !== 0) throw new Error(`step failed (${run.code}):\n${run.stdout}\n${run.stderr}`);
}

describe('repository corpus: built on the real engine and run', () => {
  it.each(SHAPES.filter((shape) => shape.run).map((shape) => [shape.name, shape] as const))(
    '%s',
    async (_name, shape) => {
      const started = performance.now();
      const repo = await copyFixture(shape);
      const workspace = shape.context ? path.join(repo, shape.context) : repo;
      const run = await runAction({
        workspace,
        inputs: {
          'base-image': PYTHON_BASE_IMAGE,
          network: 'host',
          'pip-index-url': index.url,
          // Unique per run: every layer is built from this run's index and git server, never
          // taken from an earlier run's cache.
          'build-args': `CORPUS_RUN=${RUN_ID}`,
          ...shape.inputs,
        },
      });
      expectSuccess(run);
      expect(run.outputs.environment).toBe(shape.kind);
      for (const line of shape.logs ?? []) expect(run.stdout).toContain(line);
      const image = run.outputs.image!;
      const output = await runChecked(
        'docker',
        ['run', '--rm', '--network', 'none', '--entrypoint', 'sh', image, '-c', shape.run!.script],
        { env: docker.env, timeoutMs: 120_000 },
      );
      for (const line of shape.run!.expect) expect(output.stdout).toContain(line);
      const user = await runChecked('docker', ['run', '--rm', '--entrypoint', 'id', image, '-u'], {
        env: docker.env,
      });
      expect(user.stdout.trim()).toBe('1000');
      await runChecked('docker', ['image', 'rm', '--force', image], { env: docker.env });
      timings[shape.name] = performance.now() - started;
    },
  );
});

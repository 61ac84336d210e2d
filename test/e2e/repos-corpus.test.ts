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
import { addMachineWheels, HATCHLING_WHEELS } from './harness/machine-wheels.js';
import { commitAll, git, writeFiles } from './harness/repo.js';
import { makeWheel } from './harness/wheels.js';
import { runChecked, runCommand } from './harness/process.js';
import { evaluateMarker, markerTarget } from '../../src/environment/markers.js';
import {
  EXTRA_INDEX_PLACEHOLDER,
  GIT_URL_PLACEHOLDER,
  SHAPES,
  type Shape,
} from '../corpus/shapes.js';

/**
 * Every runnable shape of the repository corpus, built by the shipped bundle on the real engine
 * against a local package index (generated wheels, an sdist that needs a C compiler, real build
 * backends) and a local git server, then run: the project imports, its console scripts work, the
 * inferred system packages do their job (git clones, gcc compiles against Python.h, libGL loads).
 */
const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'repos');
const UID_1000_BASE = 'launch-test/uid1000-base:1';
/** The conda build stage's image; no conda channel is reachable here (see MICROMAMBA_STANDIN). */
const MICROMAMBA_IMAGE = 'mambaorg/micromamba:2.3.0-debian12-slim';
const STANDIN_LABEL = 'launch-test.micromamba-standin';
const PRIVATE_AUTH = { username: 'corpus-reader', password: 'p4ss-corpus-7f3a' };
const RUN_ID = String(Date.now());

let work: string;
let index: PackageIndex;
/** A second, public index that fixtures name with `--extra-index-url`. */
let extraIndex: PackageIndex;
/** A private index that requires credentials (the `pip-index-url` of `privateIndex` shapes). */
let privateIndex: PackageIndex;
let standinTagged = false;
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

// opencv-python-headless stand-in: the headless build links GLib only.
const CV2_HEADLESS_INIT = String.raw`
import ctypes
ctypes.CDLL("libglib-2.0.so.0")
__version__ = "4.9.0.80"
GLIB = "GLib loaded"
`;

// soundfile stand-in: like the real one, it loads libsndfile at import and reports its version.
const SOUNDFILE_INIT = String.raw`
import ctypes
_lib = ctypes.CDLL("libsndfile.so.1")
_lib.sf_version_string.restype = ctypes.c_char_p
__libsndfile_version__ = _lib.sf_version_string().decode()
__version__ = "0.12.1"
`;

// pydub stand-in: pydub decodes by running the ffmpeg program it finds on PATH.
const PYDUB_INIT = String.raw`
import shutil, subprocess
__version__ = "0.25.1"


def ffmpeg_found():
    ffmpeg = shutil.which("ffmpeg")
    return ffmpeg is not None and subprocess.run([ffmpeg, "-version"], capture_output=True).returncode == 0
`;

const MASK_C = String.raw`
#include <Python.h>
static PyObject *area(PyObject *self, PyObject *args) { return PyLong_FromLong(42); }
static PyMethodDef methods[] = {{"area", area, METH_NOARGS, "area"}, {NULL, NULL, 0, NULL}};
static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_mask", NULL, -1, methods};
PyMODINIT_FUNC PyInit__mask(void) { return PyModule_Create(&module); }
`;

/**
 * Offline there is neither micromamba nor a conda channel, so the conda build stage runs on a
 * stand-in tagged as the micromamba image: `create --prefix P --file F` makes an environment at P
 * and installs the file's `pip:` section with that environment's pip (`python -m pip install -U
 * -r …`, as micromamba does); conda packages are not solved. What it proves is the generated
 * stage: the secret mount, pip reading the private index from it, the environment copied into
 * the image.
 */
const MICROMAMBA_STANDIN = String.raw`#!/usr/bin/python3
import os, subprocess, sys

args = sys.argv[1:]
if args[:1] == ["clean"]:
    sys.exit(0)
prefix, spec = args[args.index("--prefix") + 1], args[args.index("--file") + 1]
cli_channels = [args[i + 1] for i, arg in enumerate(args) if arg in ("--channel", "-c")]
section, channels, conda_specs, pip_lines, pip_indent = None, [], [], [], None
for raw in open(spec):
    text = raw.strip()
    if not text:
        continue
    indent = len(raw) - len(raw.lstrip())
    if indent == 0:
        section, pip_indent = (text[:-1] if text.endswith(":") else None), None
    elif pip_indent is not None and indent > pip_indent and text.startswith("- "):
        pip_lines.append(text[2:].strip())
    elif text == "- pip:":
        pip_indent = indent
    elif text.startswith("- "):
        pip_indent = None
        (channels if section == "channels" else conda_specs if section == "dependencies" else []).append(text[2:].strip())
print("micromamba stand-in: pip section", pip_lines, flush=True)
subprocess.run([sys.executable, "-m", "venv", prefix], check=True)
# What micromamba was asked to solve, for the test to read from the image.
os.makedirs(prefix + "/conda-meta", exist_ok=True)
with open(prefix + "/conda-meta/standin-request.txt", "w") as handle:
    handle.write("channels: " + " ".join(channels + cli_channels) + "\n")
    handle.write("conda packages: " + " ".join(s for s in conda_specs if s != "pip") + "\n")
with open("/tmp/pip-section.txt", "w") as handle:
    handle.write("\n".join(pip_lines) + "\n")
subprocess.run([prefix + "/bin/python", "-m", "pip", "install", "-U", "-r", "/tmp/pip-section.txt"], check=True)
`;

async function buildMicromambaStandin(): Promise<void> {
  const existing = await runCommand(
    'docker',
    [
      'image',
      'inspect',
      '--format',
      `{{index .Config.Labels "${STANDIN_LABEL}"}}`,
      MICROMAMBA_IMAGE,
    ],
    { env: docker.env },
  );
  if (existing.code === 0 && existing.stdout.trim() !== 'yes') {
    throw new Error(`${MICROMAMBA_IMAGE} is a real image in this engine: not replacing it`);
  }
  const dir = path.join(work, 'micromamba-standin');
  await writeFiles(dir, {
    Dockerfile: `FROM ${PYTHON_BASE_IMAGE}\nLABEL ${STANDIN_LABEL}=yes\nCOPY micromamba /usr/local/bin/micromamba\nRUN chmod 755 /usr/local/bin/micromamba\n`,
    micromamba: MICROMAMBA_STANDIN,
  });
  await runChecked('docker', ['build', '--network', 'host', '--tag', MICROMAMBA_IMAGE, dir], {
    env: docker.env,
    timeoutMs: 120_000,
  });
  standinTagged = true;
}

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
async function publishGitPackage(
  name: string,
  files: Record<string, string>,
  tag?: string,
): Promise<void> {
  const dir = path.join(work, 'git-src', name);
  await mkdir(dir, { recursive: true });
  await writeFiles(dir, files);
  await git(dir, ['init', '--quiet']);
  await commitAll(dir, `${name} sources`);
  if (tag) await git(dir, ['tag', tag]);
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
        if (text.includes(GIT_URL_PLACEHOLDER) || text.includes(EXTRA_INDEX_PLACEHOLDER)) {
          const substituted = text
            .split(GIT_URL_PLACEHOLDER)
            .join(gitServer.url)
            .split(EXTRA_INDEX_PLACEHOLDER)
            .join(extraIndex.url);
          await writeFile(file, substituted);
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
  await makeWheel(wheels, { name: 'nvidia-nccl-cu12', version: '2.18.1' });
  // hatch-extras: the real hatchling from the machine's wheel store, the train extra's packages.
  await addMachineWheels(wheels, HATCHLING_WHEELS);
  await makeWheel(wheels, {
    name: 'opencv-python-headless',
    version: '4.9.0.80',
    module: 'cv2',
    files: { 'cv2/__init__.py': CV2_HEADLESS_INIT },
  });
  await makeWheel(wheels, { name: 'wandb', version: '0.17.0' });
  await makeWheel(wheels, { name: 'accelerate', version: '0.30.1' });
  // audio-ffmpeg
  await makeWheel(wheels, {
    name: 'soundfile',
    version: '0.12.1',
    files: { 'soundfile/__init__.py': SOUNDFILE_INIT },
  });
  await makeWheel(wheels, {
    name: 'pydub',
    version: '0.25.1',
    files: { 'pydub/__init__.py': PYDUB_INIT },
  });
  // conda-pip-channels: its pip section
  await makeWheel(wheels, {
    name: 'opencv-python',
    version: '4.1.2.30',
    module: 'cv2',
    files: { 'cv2/__init__.py': CV2_INIT.replace('4.9.0.80', '4.1.2.30') },
  });
  await makeWheel(wheels, { name: 'omegaconf', version: '2.1.1' });
  await makeWheel(wheels, { name: 'einops', version: '0.3.0' });
  await makeCompiledSdist(wheels);
  index = await startPackageIndex(wheels);
  const extraWheels = path.join(work, 'extra-wheels');
  await makeWheel(extraWheels, { name: 'lab-kernels', version: '0.7.2' });
  extraIndex = await startPackageIndex(extraWheels);
  const privateWheels = path.join(work, 'private-wheels');
  await makeWheel(privateWheels, { name: 'lab-metrics', version: '0.4.0' });
  privateIndex = await startPackageIndex(privateWheels, { auth: PRIVATE_AUTH });
  await buildMicromambaStandin();

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
  await publishGitPackage(
    'tts-utils',
    {
      'setup.py':
        'from setuptools import setup\n\nsetup(name="tts-utils", version="1.2.0", py_modules=["tts_utils"])\n',
      'tts_utils.py': 'VERSION = "1.2.0"\n',
    },
    'v1.2',
  );

  // A base whose uid 1000 is taken, like Ubuntu 24.04's `ubuntu` user.
  await runChecked('docker', ['build', '--network', 'host', '--tag', UID_1000_BASE, '-'], {
    env: docker.env,
    input: `FROM ${PYTHON_BASE_IMAGE}\nRUN useradd --create-home --uid 1000 --shell /bin/bash ubuntu\n`,
    timeoutMs: 120_000,
  });
});

afterAll(async () => {
  if (standinTagged) {
    await runCommand('docker', ['image', 'rm', MICROMAMBA_IMAGE], { env: docker.env });
  }
  await index?.close();
  await extraIndex?.close();
  await privateIndex?.close();
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

/** Builds a shape with the shipped bundle, runs the image and checks what the user would. */
async function buildAndRun(shape: Shape): Promise<void> {
  const started = performance.now();
  const repo = await copyFixture(shape);
  const workspace = shape.context ? path.join(repo, shape.context) : repo;
  const inputs = {
    'base-image': PYTHON_BASE_IMAGE,
    network: 'host',
    'pip-index-url': shape.privateIndex ? privateIndex.authenticatedUrl : index.url,
    // Unique per run: every layer is built from this run's index and git server, never
    // taken from an earlier run's cache.
    'build-args': `CORPUS_RUN=${RUN_ID}`,
    ...shape.inputs,
  };
  const run = await runAction({ workspace, inputs });
  expectSuccess(run);
  expect(run.outputs.environment).toBe(shape.kind);
  for (const line of shape.logs ?? []) expect(run.stdout).toContain(line);
  for (const line of shape.summary ?? []) expect(run.summary).toContain(line);
  // The step header echoes the RUN command, `dropped '$pin'` included: that is not a pin.
  expect(run.summary).not.toContain('<code>$pin</code>');
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
  if (shape.privateIndex) {
    // pip fetched from the private index with credentials, and none of them is in the image.
    const fetched = privateIndex.requests().filter((r) => r.path.includes('lab-metrics'));
    expect(fetched.length).toBeGreaterThan(0);
    expect(fetched.every((r) => r.authorized && r.status === 200)).toBe(true);
    const history = await runChecked('docker', ['history', '--no-trunc', image], {
      env: docker.env,
    });
    const inspect = await runChecked('docker', ['image', 'inspect', image], { env: docker.env });
    const files = await runChecked(
      'docker',
      [
        'run',
        '--rm',
        // The password to look for travels in the client's environment, never in argv.
        '-e',
        'NEEDLE',
        '--entrypoint',
        'sh',
        image,
        '-c',
        'cat /etc/pip.conf 2>/dev/null; grep -rl "$NEEDLE" /opt/venv /home/launch /tmp 2>/dev/null || true',
      ],
      { env: { ...docker.env, NEEDLE: PRIVATE_AUTH.password } },
    );
    for (const text of [history.stdout, inspect.stdout, files.stdout, run.stdout, run.stderr]) {
      expect(text).not.toContain(PRIVATE_AUTH.password);
    }
  }
  if (shape.summary) {
    // The image is in the engine now: nothing is built, the install step leaves no log, and the
    // skipped pins are read from the image.
    const again = await runAction({ workspace, inputs });
    expectSuccess(again);
    expect(again.stdout).toContain('is already in the local engine: nothing to build');
    for (const line of shape.summary) expect(again.summary).toContain(line);
    expect(again.summary).not.toContain('<code>$pin</code>');
  }
  await runChecked('docker', ['image', 'rm', '--force', image], { env: docker.env });
  timings[shape.name] = performance.now() - started;
}

/** Markers as lock files write them; pip's own evaluator on the image's Python decides each. */
const MARKERS = [
  'sys_platform == "win32"',
  'sys_platform == "linux"',
  'platform_system == "Windows"',
  'platform_system == "Linux" and platform_machine == "x86_64"',
  'platform_machine == "aarch64"',
  'os_name == "nt"',
  'python_version < "3.9"',
  'python_version >= "3.9"',
  'python_version == "3.11"',
  '"3.10" <= python_version',
  'python_full_version >= "3.8.1"',
  'python_full_version < "3.11.0"',
  'python_version >= "3.8" and python_version < "3.12" or sys_platform == "win32"',
  '(python_version < "3.10" or platform_system == "Darwin") and implementation_name == "cpython"',
  'platform_python_implementation == "CPython"',
  'extra == "test"',
];

it('lock markers: decided as pip decides them in the image', async () => {
  const script = [
    'import json, platform, sys',
    'from pip._vendor.packaging.markers import Marker',
    'markers = json.loads(sys.argv[1])',
    'print(json.dumps({"python": platform.python_version(), "machine": platform.machine(),',
    '  "results": [Marker(m).evaluate({"extra": ""}) for m in markers]}))',
  ].join('\n');
  const output = await runChecked(
    'docker',
    [
      'run',
      '--rm',
      '--network',
      'none',
      '--entrypoint',
      'python3',
      PYTHON_BASE_IMAGE,
      '-c',
      script,
      JSON.stringify(MARKERS),
    ],
    { env: docker.env },
  );
  const pip = JSON.parse(output.stdout) as { python: string; machine: string; results: boolean[] };
  const architecture = { x86_64: 'amd64', aarch64: 'arm64' }[pip.machine] ?? pip.machine;
  const target = markerTarget(pip.python, [`linux/${architecture}`]);
  expect(MARKERS.map((marker) => evaluateMarker(marker, target))).toEqual(pip.results);
});

/**
 * At most this many shapes build at once: builds wait on pip and the registry as much as on the
 * CPU, so a few overlap well on a small machine; more would only queue in the engine.
 */
const PARALLEL_BUILDS = 3;
let buildsRunning = 0;
const buildQueue: (() => void)[] = [];

async function inTurn(task: () => Promise<void>): Promise<void> {
  if (buildsRunning >= PARALLEL_BUILDS) {
    await new Promise<void>((resolve) => buildQueue.push(resolve));
  }
  buildsRunning += 1;
  try {
    await task();
  } finally {
    buildsRunning -= 1;
    buildQueue.shift()?.();
  }
}

/**
 * The shapes that download the most from the Debian archive (ffmpeg pulls in about 140 MB of
 * packages) start first, so their downloads overlap the other builds instead of ending the run.
 */
function heavyFirst(shapes: readonly Shape[]): Shape[] {
  const heavy = (shape: Shape): number => (shape.systemPackages?.includes('ffmpeg') ? 0 : 1);
  return [...shapes].sort((a, b) => heavy(a) - heavy(b));
}

describe.concurrent('repository corpus: built on the real engine and run', () => {
  it.each(
    heavyFirst(SHAPES.filter((shape) => shape.run)).map((shape) => [shape.name, shape] as const),
  )('%s', async (_name, shape) => inTurn(() => buildAndRun(shape)));
});

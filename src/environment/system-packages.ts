/**
 * Debian packages that Python requirements need at install or run time, inferred from the
 * requirement names and URLs with a small table (docs/system-packages.md is the same table for
 * users), plus `apt.txt` (the repo2docker/Binder convention). Pure.
 */
import { normalizeName } from './pep508.js';
import type { SystemPackage } from './types.js';

interface Rule {
  /** Normalised project names that trigger the rule. */
  names: readonly string[];
  packages: readonly string[];
  reason: string;
}

/**
 * `gcc` alone is not a working compiler with --no-install-recommends: the C library headers and
 * crt files come with libc6-dev, which gcc only recommends.
 */
const COMPILER = ['gcc', 'libc6-dev', 'python3-dev'] as const;

/**
 * Stands for the headers of the image's own Python (Triton's launcher and C extensions include
 * Python.h). The Dockerfile installs `pythonX.Y-dev` for the Python it uses, and only when that
 * Python has no Python.h (python:*-slim images ship the headers; Debian's python3 does not).
 */
export const PYTHON_HEADERS = 'python3-dev';

export const SYSTEM_PACKAGE_RULES: readonly Rule[] = [
  {
    names: ['torch', 'triton', 'pytorch-triton'],
    packages: COMPILER,
    reason: 'torch.compile (Triton) compiles kernels with a C compiler at run time',
  },
  {
    names: ['deepspeed', 'flash-attn', 'apex', 'pycocotools', 'cython'],
    packages: COMPILER,
    reason: 'builds C/C++ extensions from source (sdist or JIT-compiled ops)',
  },
  {
    names: ['opencv-python', 'opencv-contrib-python'],
    packages: ['libgl1', 'libglib2.0-0'],
    reason: 'cv2 loads libGL and GLib when imported',
  },
  {
    names: ['opencv-python-headless', 'opencv-contrib-python-headless'],
    packages: ['libglib2.0-0'],
    reason: 'cv2 (headless) loads GLib when imported',
  },
  {
    names: ['soundfile', 'librosa', 'pysoundfile'],
    packages: ['libsndfile1'],
    reason: 'reads audio through libsndfile',
  },
  {
    names: ['pydub', 'openai-whisper', 'ffmpeg-python', 'torchaudio', 'audiocraft'],
    packages: ['ffmpeg'],
    reason: 'decodes audio/video by running ffmpeg',
  },
];

const GIT_REASON = 'a requirement is installed from a git repository (git+… URL)';
const SSH_REASON =
  "ssh is given: git fetches git+ssh:// requirements through the build's SSH agent";

/** The packages with git and an SSH client added (for `ssh`: private git dependencies). */
export function withSshClient(packages: readonly SystemPackage[]): SystemPackage[] {
  const have = new Set(packages.map((item) => item.name));
  return [
    ...packages,
    ...['git', 'openssh-client']
      .filter((name) => !have.has(name))
      .map((name) => ({ name, reason: SSH_REASON })),
  ];
}

/** What the requirement lines need; `names` are project names, `urls` the direct references. */
export function inferSystemPackages(
  requirements: { names: readonly string[]; urls: readonly string[] },
  aptTxt?: { file: string; content: string },
): SystemPackage[] {
  const found = new Map<string, string>();
  const add = (name: string, reason: string) => {
    if (!found.has(name)) found.set(name, reason);
  };
  if (requirements.urls.some((url) => /^git\+/i.test(url.trim()))) {
    add('git', GIT_REASON);
  }
  const names = new Set(requirements.names.map(normalizeName));
  for (const rule of SYSTEM_PACKAGE_RULES) {
    const hit = rule.names.find((name) => names.has(name));
    if (!hit) continue;
    for (const name of rule.packages) add(name, `${hit}: ${rule.reason}`);
  }
  for (const name of aptTxt ? parseAptTxt(aptTxt.content) : []) {
    add(name, `listed in ${aptTxt!.file}`);
  }
  return [...found.entries()].map(([name, reason]) => ({ name, reason }));
}

/** Debian package names of an apt.txt: one a line, `#` comments; anything else is skipped. */
export function parseAptTxt(content: string): string[] {
  return content
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter((line) => /^[a-z0-9][a-z0-9+.-]+(?:=[A-Za-z0-9.+:~-]+)?$/.test(line));
}

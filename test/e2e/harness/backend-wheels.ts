import { copyFile, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PYTHON_BASE_IMAGE } from './infra.js';
import { runChecked } from './process.js';

/**
 * Real PEP 517 build backends for the local package index: setuptools (the wheel Debian ships in
 * the base image), and wheel, poetry-core and flit-core repacked as wheels from Debian's packages
 * (the only package source the tests can reach). Built once into a cache folder and copied into
 * the index folder; a second call costs a directory listing.
 */
export const BACKEND_DEBIAN_PACKAGES: readonly { deb: string; dist: string }[] = [
  { deb: 'python3-wheel', dist: 'wheel' },
  { deb: 'python3-poetry-core', dist: 'poetry-core' },
  { deb: 'flit', dist: 'flit_core' },
];

const CACHE = path.join(os.tmpdir(), 'launch-backend-wheels-v2');

// Runs inside the base image: every file a Debian package put under dist-packages (minus
// metadata and byte code) becomes a py3-none-any wheel with the distribution's own metadata and
// entry points (wheel's `bdist_wheel` command is one: setuptools finds it there).
const REPACK = String.raw`
import base64, hashlib, importlib.metadata as md, os, subprocess, sys, zipfile
SITE = '/usr/lib/python3/dist-packages/'
for pair in sys.argv[1:]:
    deb, dist = pair.split('=')
    meta = md.distribution(dist)
    name, version = meta.metadata['Name'], meta.version.split('+')[0]
    files = [f for f in subprocess.check_output(['dpkg', '-L', deb], text=True).splitlines()
             if f.startswith(SITE) and os.path.isfile(f) and '__pycache__' not in f
             and '.dist-info/' not in f and '.egg-info/' not in f]
    top = sorted({f[len(SITE):].split('/')[0] for f in files})
    if dist == 'flit_core':
        files = [f for f in files if f[len(SITE):].startswith('flit_core/')]
    stem = name.replace('-', '_').lower() + '-' + version
    info = stem + '.dist-info/'
    record = []
    def add(zf, arc, data):
        zf.writestr(zipfile.ZipInfo(arc, (2020, 1, 1, 0, 0, 0)), data)
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b'=').decode()
        record.append(arc + ',sha256=' + digest + ',' + str(len(data)))
    with zipfile.ZipFile('/out/' + stem + '-py3-none-any.whl', 'w', zipfile.ZIP_DEFLATED) as zf:
        for f in sorted(files):
            add(zf, f[len(SITE):], open(f, 'rb').read())
        lines = ['Metadata-Version: 2.1', 'Name: ' + name, 'Version: ' + version]
        lines += ['Requires-Dist: ' + r for r in (meta.requires or [])]
        add(zf, info + 'METADATA', ('\n'.join(lines) + '\n').encode())
        entry_points = meta.read_text('entry_points.txt')
        if entry_points:
            add(zf, info + 'entry_points.txt', entry_points.encode())
        add(zf, info + 'WHEEL', b'Wheel-Version: 1.0\nGenerator: repack\nRoot-Is-Purelib: true\nTag: py3-none-any\n')
        zf.writestr(zipfile.ZipInfo(info + 'RECORD', (2020, 1, 1, 0, 0, 0)), '\n'.join(record + [info + 'RECORD,,']) + '\n')
`;

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

async function buildCache(env: NodeJS.ProcessEnv): Promise<void> {
  const staging = `${CACHE}.${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  const debs = BACKEND_DEBIAN_PACKAGES.map((item) => item.deb).join(' ');
  const pairs = BACKEND_DEBIAN_PACKAGES.map((item) => `${item.deb}=${item.dist}`).join(' ');
  const script = [
    'set -e',
    'apt-get update -qq',
    `DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${debs} >/dev/null`,
    `python3 -c "$REPACK" ${pairs}`,
    'cp /usr/share/python-wheels/setuptools-*.whl /out/',
    `chown -R ${process.getuid?.() ?? 0}:${process.getgid?.() ?? 0} /out`,
  ].join('\n');
  await runChecked(
    'docker',
    [
      'run',
      '--rm',
      '--network',
      'host',
      '--env',
      'REPACK',
      '--volume',
      `${staging}:/out`,
      PYTHON_BASE_IMAGE,
      'sh',
      '-c',
      script,
    ],
    { env: { ...env, REPACK }, timeoutMs: 300_000 },
  );
  await rm(CACHE, { recursive: true, force: true });
  await rename(staging, CACHE);
}

/** Copies the backend wheels into `dir` (an index folder); returns their file names. */
export async function addBackendWheels(dir: string, env: NodeJS.ProcessEnv): Promise<string[]> {
  const expected = BACKEND_DEBIAN_PACKAGES.length + 1;
  const cached = (await exists(CACHE)) ? await readdir(CACHE) : [];
  if (cached.filter((name) => name.endsWith('.whl')).length < expected) await buildCache(env);
  await mkdir(dir, { recursive: true });
  const names = (await readdir(CACHE)).filter((name) => name.endsWith('.whl'));
  for (const name of names) await copyFile(path.join(CACHE, name), path.join(dir, name));
  return names;
}

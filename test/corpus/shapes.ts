/**
 * The repository corpus: small synthetic repositories (test/fixtures/repos/<name>/) in the shapes
 * public ML repositories have. The plan of every shape is a golden file (unit tests); the shapes
 * with `run` are built on the real engine against the local package index and git server, and
 * the image is run (e2e tests).
 */
export interface Shape {
  /** Folder under test/fixtures/repos. */
  name: string;
  /** Sub-folder given as the `context` input (monorepos). */
  context?: string;
  /** Extra action inputs. */
  inputs?: Record<string, string>;
  /** The environment kind detection must report (`error` when planning must fail). */
  kind: string;
  /** For `kind: 'error'`: what the error must say. */
  error?: RegExp;
  /** Lines the action's log must contain (warnings). */
  logs?: string[];
  /** Console scripts detection must report for the project. */
  scripts?: string[];
  /** Debian packages detection must infer. */
  systemPackages?: string[];
  /**
   * Shell script run in the built image (as its user, in its working directory) and the lines
   * its output must contain. Undefined: checked at plan level only (`planOnly` says why).
   */
  run?: { script: string; expect: string[] };
  planOnly?: string;
  /** Lines the job summary must contain. */
  summary?: string[];
  /** Built with the authenticated private index (`pip-index-url` with credentials) instead. */
  privateIndex?: boolean;
}

/** Stands in for the git server's address in fixtures (`{{GIT_URL}}vcs-utils.git`). */
export const GIT_URL_PLACEHOLDER = '{{GIT_URL}}';
/** Stands in for a second, public package index (`--extra-index-url` lines of fixtures). */
export const EXTRA_INDEX_PLACEHOLDER = 'http://127.0.0.1:9/extra/simple/';

export const SHAPES: readonly Shape[] = [
  {
    name: 'src-layout-scripts',
    inputs: { entrypoint: 'tinygpt finetune' },
    kind: 'pyproject',
    scripts: ['tinygpt'],
    run: {
      script:
        'cd / && tinygpt finetune --config cfg.yaml && python -c "import tinygpt; print(tinygpt.__version__)"',
      expect: ['tinygpt cli: model with numpy 1.26.4 args: finetune --config cfg.yaml', '0.3.0'],
    },
  },
  {
    name: 'flat-subfolder-scripts',
    inputs: { entrypoint: 'python scripts/train.py' },
    kind: 'requirements',
    run: { script: 'python scripts/train.py', expect: ['training vqgan with yaml 6.0.1'] },
  },
  {
    name: 'setup-py-only',
    inputs: { entrypoint: 'detlite-train' },
    kind: 'project',
    scripts: ['detlite-train'],
    run: { script: 'cd /tmp && detlite-train', expect: ['detlite-train ok 1.26.4 4.66.4'] },
  },
  {
    name: 'setup-cfg-apt-txt',
    kind: 'project',
    scripts: ['speechkit'],
    systemPackages: ['jq'],
    run: { script: 'cd / && speechkit', expect: ['speechkit ok 6.0.1 jq-1.6'] },
  },
  {
    name: 'poetry-scripts',
    inputs: { entrypoint: 'rl-train' },
    kind: 'pyproject',
    scripts: ['rl-train'],
    run: { script: 'cd / && rl-train', expect: ['rl-train ok 1.26.4'] },
  },
  {
    name: 'flit-module',
    inputs: { entrypoint: 'python experiments/run.py' },
    kind: 'pyproject',
    scripts: ['tokmix'],
    run: { script: 'python experiments/run.py && tokmix', expect: ['tokmix ok 1.26.4'] },
  },
  {
    name: 'requirements-vcs',
    kind: 'requirements',
    systemPackages: ['git'],
    run: {
      script: 'cd / && python /home/launch/app/train.py',
      expect: ["vcs ok ('0.5.0', '1.1.0')"],
    },
  },
  {
    name: 'torch-compile',
    kind: 'requirements',
    systemPackages: ['gcc', 'libc6-dev', 'python3-dev'],
    run: { script: 'python train.py', expect: ['compiled: 42'] },
  },
  {
    name: 'opencv',
    kind: 'requirements',
    systemPackages: ['libgl1', 'libglib2.0-0'],
    run: { script: 'python main.py', expect: ['cv2 4.9.0.80 libGL and GLib loaded'] },
  },
  {
    name: 'sdist-compiler',
    kind: 'requirements',
    systemPackages: ['gcc', 'libc6-dev', 'python3-dev'],
    run: { script: 'python train.py', expect: ['mask 42'] },
  },
  {
    name: 'monorepo',
    context: 'services/trainer',
    kind: 'requirements',
    scripts: ['corpus-prep'],
    run: { script: 'python train.py && cd / && corpus-prep', expect: ['corpus-prep ok 6.0.1'] },
  },
  {
    name: 'base-uid-1000',
    inputs: { 'base-image': 'launch-test/uid1000-base:1' },
    kind: 'requirements',
    run: { script: 'python train.py && id -un', expect: ['uid 1000 numpy 1.26.4', 'ubuntu'] },
  },
  {
    name: 'frozen-bad-pin',
    kind: 'frozen',
    run: {
      script: 'python train.py && cat /tmp/launch/dropped.txt',
      expect: ['frozen ok 1.26.4 4.66.4', 'internal-cuda-ext==0.3.1'],
    },
    summary: [
      '<code>internal-cuda-ext==0.3.1</code>',
      '<code>requirements.frozen.txt:3</code>',
      'could not be installed when the image was built',
    ],
  },
  {
    name: 'parent-base',
    inputs: { dockerfile: 'Dockerfile', 'dockerfile-mode': 'parent' },
    kind: 'requirements',
    run: { script: 'python train.py', expect: ['parent ok 1.26.4 yaml from the parent'] },
  },
  {
    name: 'other-tools-files',
    kind: 'requirements',
    logs: [
      ".python-version: 'ml-env' is not a CPython version",
      'The context has a Dockerfile, which is not used',
      '2 files are Git LFS pointers (checkpoints/model.ckpt, checkpoints/tokenizer.bin)',
    ],
    run: { script: 'python train.py', expect: ['other tools ok 1.26.4 4.66.4'] },
  },
  {
    name: 'hatch-extras',
    inputs: { extras: 'train', entrypoint: 'vision-lab' },
    kind: 'pyproject',
    scripts: ['vision-lab'],
    systemPackages: ['libglib2.0-0'],
    run: {
      script:
        'cd / && vision-lab && python -c "import vision_lab, cv2; print(vision_lab.__version__, cv2.GLIB)"',
      expect: [
        "vision-lab ok numpy 1.26.4 train extra {'wandb': True, 'accelerate': True}",
        '0.5.0 GLib loaded',
      ],
    },
  },
  {
    name: 'pdm-project',
    kind: 'pyproject',
    scripts: ['asr-kit'],
    systemPackages: ['libsndfile1', 'ffmpeg'],
    planOnly:
      'pdm-backend is on no index the tests can reach: not in Debian bookworm, not in the machine wheel store',
  },
  {
    name: 'uv-lock-project',
    kind: 'pyproject',
    scripts: ['rlhf'],
    systemPackages: ['git'],
    planOnly:
      'uv is installed from the package index, and no uv wheel or Debian package is reachable offline',
  },
  {
    name: 'conda-pip-channels',
    // The conda stage takes no build argument: only no-cache makes it fetch from this run's index.
    inputs: { 'no-cache': 'true' },
    kind: 'conda',
    systemPackages: ['libgl1', 'libglib2.0-0'],
    run: {
      script: 'python main.py && cat /opt/venv/conda-meta/standin-request.txt',
      expect: [
        'ldm ok cv2 4.1.2.30 libGL and GLib loaded omegaconf 2.1.1 einops 0.3.0',
        'channels: pytorch nvidia conda-forge',
        'conda packages: python=3.8.5 pip=20.3 pytorch=1.11.0 torchvision=0.12.0',
      ],
    },
  },
  {
    name: 'requirements-dir',
    kind: 'error',
    error: /Requirement lists found elsewhere: requirements\/base\.txt, requirements\/gpu\.txt/,
    planOnly: 'planning fails with a message naming the lists (nothing to build)',
  },
  {
    name: 'audio-ffmpeg',
    kind: 'requirements',
    systemPackages: ['git', 'libsndfile1', 'ffmpeg'],
    run: {
      script: 'ffmpeg -version | head -n 1 && python train.py',
      expect: [
        'ffmpeg version 5.1',
        'audio ok libsndfile libsndfile-1.2',
        'ffmpeg True tts-utils 1.2.0',
      ],
    },
  },
  {
    name: 'poetry-marker-lock',
    inputs: { entrypoint: 'seg-train' },
    kind: 'pyproject',
    scripts: ['seg-train'],
    run: {
      script: 'cd / && seg-train && cd - >/dev/null && python train.py',
      expect: [
        'seg-train ok numpy 1.26.4, tqdm 4.66.4, nvidia-nccl-cu12 2.18.1 windows-only: none',
      ],
    },
  },
  {
    name: 'pyproject-extras-groups',
    inputs: { extras: 'train', 'dependency-groups': 'test', entrypoint: 'vlab' },
    kind: 'pyproject',
    scripts: ['vlab'],
    run: {
      script: 'cd / && vlab',
      expect: ['vlab ok numpy 1.26.4 rich True pytest True cv2 False ruff False'],
    },
  },
  {
    name: 'requirements-constraints-index',
    kind: 'requirements',
    run: { script: 'python train.py', expect: ['kernels lab_kernels 0.7.2 numpy 1.26.4'] },
  },
  {
    name: 'conda-pip-private-index',
    // The conda stage takes no build argument: only no-cache makes it fetch from this run's index.
    inputs: { 'no-cache': 'true' },
    kind: 'conda',
    privateIndex: true,
    run: { script: 'python train.py', expect: ['metrics lab_metrics 0.4.0'] },
  },
  {
    name: 'monorepo-two-packages',
    inputs: { entrypoint: 'mono-train' },
    kind: 'requirements',
    scripts: ['mono-train'],
    run: {
      script: 'python train.py && cd / && mono-train',
      expect: ['mono-train ok numpy 1.26.4 tqdm 4.66.4 rich 13.7.1'],
    },
  },
];

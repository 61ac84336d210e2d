/**
 * Mutation testing of the modules that carry the product's promises (`npm run test:mutation`):
 * the source hash and Docker's ignore rules, the registry lookup and its credentials (docker's
 * credential helpers, which cloud a registry is and where its token services are), the build
 * argv, secrets handling and Dockerfile rendering. Only the unit tests run; the kill score per
 * module is in README's testing section. Too slow for `npm run all`: run it by hand.
 */
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: [
    'src/context/hash.ts',
    'src/context/digests.ts',
    'src/context/files.ts',
    'src/context/dockerignore.ts',
    'src/registry/manifest.ts',
    'src/registry/existing.ts',
    'src/registry/docker-config.ts',
    'src/registry/credential-store.ts',
    'src/auth/registry.ts',
    'src/auth/endpoints.ts',
    'src/auth/eks.ts',
    'src/builder/args.ts',
    'src/run/run-env.ts',
    'src/dockerfile/render.ts',
  ],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  timeoutMS: 20_000,
  incremental: true,
  incrementalFile: '.stryker-tmp/incremental.json',
  tempDirName: '.stryker-tmp',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: '.stryker-tmp/reports/mutation.html' },
  jsonReporter: { fileName: '.stryker-tmp/reports/mutation.json' },
  thresholds: { high: 90, low: 85, break: 85 },
};

import { configDefaults, defineConfig } from 'vitest/config';

/**
 * The unit tests of the modules under mutation (`npm run test:mutation`). Stryker's vitest runner
 * runs every project of the config it is given, and the e2e project needs the engine; the other
 * unit folders exercise these modules only through the pipeline and would multiply the runtime.
 */
export default defineConfig({
  test: {
    include: [
      'test/unit/{context,registry,builder,run,auth,dockerfile,plan}/**/*.test.ts',
      // Renders the generated Dockerfile of every repository of the corpus (golden files).
      'test/unit/environment/repos-corpus.test.ts',
    ],
    exclude: [...configDefaults.exclude, '.stryker-tmp/**'],
  },
});

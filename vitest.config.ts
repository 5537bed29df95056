import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    pool: 'forks',
    // Generous: the suite must pass on a loaded 2-core machine; nothing here asserts speed.
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});

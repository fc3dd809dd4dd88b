import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Real processes and real ports: files run in parallel, tests inside a file in order.
    fileParallelism: true,
    maxWorkers: 2,
  },
});

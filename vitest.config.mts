import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
    // Bounds a hang only: tests wait for conditions, and a busy 2-core machine is slow to meet them.
    testTimeout: 90_000,
    expect: { poll: { timeout: 45_000 } },
    pool: 'forks',
  },
});

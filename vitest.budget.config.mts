// npm run test:budget: the chat panel's time and memory budgets in headless Chromium (production
// bundle and CSP). Kept out of `npm test`: a 50 ms budget is not a reliable assertion on a machine
// busy with other work, so these run on their own (the bench prints the same figures).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/budget/**/*.budget.test.ts'],
    environment: 'node',
    testTimeout: 600_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});

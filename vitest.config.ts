import { defineConfig } from 'vitest/config';

export const testTimeoutMs = 120_000;

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: testTimeoutMs,
    hookTimeout: testTimeoutMs,
    pool: 'forks',
    reporters: ['default'],
  },
});

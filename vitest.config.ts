import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // End-to-end tests run the built CLI; globalSetup rebuilds it from src/ first.
    globalSetup: ['test/helpers/global-setup.ts'],
    // A blocked commit in a test must never open the review screen on the developer's terminal.
    env: { LEAKGATE_NO_TUI: '1' },
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});

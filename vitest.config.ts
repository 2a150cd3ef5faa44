import { defineConfig } from 'vitest/config';

// The suites that run real compilers, the Go standard library and real code bases. scripts/test.sh runs
// them as a step of their own (`--project heavy`) after the others (`--project unit`), so each step's time
// and failures are reported apart; `npx vitest run` runs both. Each test file runs in its own forked process.
const HEAVY = [
  'test/realcode/**/*.test.ts',
  'test/oracle/**/*.test.ts',
  'test/layout/c/oracle.test.ts',
  'test/layout/c/cxxStdlib.test.ts',
  'test/layout/c/cxxBases.test.ts',
  'test/layout/c/closedWorld.test.ts',
  'test/layout/c/libcTypes.test.ts',
  'test/rules/c/simdeTable.test.ts',
  'test/layout/c/windowsTypes.test.ts',
  'test/fixes/fixPropertyCorpus.test.ts',
  'test/go/oracle.test.ts',
  'test/go/stdlib.test.ts',
  'test/go/stdTable.test.ts',
  'test/lang/go/skeleton.test.ts',
  'test/hostile/**/*.test.ts',
];
const EXCLUDE = ['test/e2e/**', 'node_modules/**'];

export default defineConfig({
  test: {
    // Timeouts for a loaded two-core machine; the long corpus hooks set their own.
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    setupFiles: ['test/setup/yieldBetweenTests.ts'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: [...EXCLUDE, ...HEAVY] } },
      { extends: true, test: { name: 'heavy', include: HEAVY, exclude: EXCLUDE } },
    ],
  },
});

// Lint run by `npm test` (scripts/test.sh) as `npx eslint .`.
//
// Ruleset: eslint's and typescript-eslint's `recommended` (syntax only, every JS/TS file), plus three
// type-aware rules on the TypeScript sources that catch real bugs in a language server that is mostly
// async handlers: a promise nobody awaits or catches (no-floating-promises: its rejection is lost or
// crashes the process), a promise where a void callback is expected (no-misused-promises), and awaiting
// a non-promise (await-thenable). The whole `recommendedTypeChecked` set was measured and not taken: 553
// findings, four in five of them no-unsafe-* on `any` values read from JSON in tests and
// no-unnecessary-type-assertion, style rather than bugs. The type information costs about 40 s of CPU,
// as much as `tsc`. Unused variables and parameters are also errors for tsc (noUnusedLocals,
// noUnusedParameters); a parameter kept for a signature is written with a leading `_`.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**', 'node_modules/**', 'grammars/**', 'samples/**', 'test/fixtures/**', '**/testdata/**',
      'test/e2e/artifacts/**', 'bench/.out/**', '.scratch/**', '.vscode-test/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', {
        argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true,
      }],
      // Style, not bugs: escapes that are redundant in a regex character class make it no less correct,
      // and walking a linked chain from `this` (for (let s = this; s; s = s.outer)) is not the `self = this`
      // idiom the rule is about.
      'no-useless-escape': 'off',
      '@typescript-eslint/no-this-alias': 'off',
    },
  },
  {
    files: ['server/**/*.ts', 'client/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    // Tests read JSON of the CLI and of servers as `any`, and match terminal output with ANSI escapes.
    files: ['test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', 'no-control-regex': 'off', 'no-regex-spaces': 'off' },
  },
  {
    // CommonJS entry points.
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Code that runs in the browser page of the end-to-end test (page.evaluate).
    files: ['test/e2e/**/*.mjs'],
    languageOptions: { globals: { ...globals.browser } },
  },
);

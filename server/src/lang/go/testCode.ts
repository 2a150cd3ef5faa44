// Code that only tests run: what it sizes or allocates is the test's business, not a deployed program's.
import * as path from 'node:path';

/** Folder names of packages that only tests use (Go's own `testing`, `internal/testenv`, `cmd/cgo/internal/test`). */
export const TEST_PACKAGE_DIR = /^(?:test|tests|testing|testenv|testutils?|testhelpers?|testlib|testsupport|testdata)$/;

/** The test-package folder in a file's path below the workspace root, if any (only whole folder names count). */
export function testPackageFolder(file: string, root: string): string | undefined {
  const rel = path.relative(root, path.dirname(file)).split(path.sep);
  if (rel.includes('..')) return undefined;
  return rel.find((d) => TEST_PACKAGE_DIR.test(d));
}

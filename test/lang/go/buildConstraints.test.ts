import { describe, expect, it } from 'vitest';
import { evalBuildExpr, fileNameMatches, matchesTarget } from '../../../server/src/lang/go/buildConstraints';

const arm64 = { goos: 'linux', goarch: 'arm64' };
const amd64 = { goos: 'linux', goarch: 'amd64' };

describe('Go build constraints', () => {
  it.each([
    ['x_amd64.go', false, true], ['x_arm64.go', true, false], ['x_linux_arm64.go', true, false], ['x_darwin_arm64.go', false, false],
    ['x_linux.go', true, true], ['x_windows.go', false, false], ['x_test.go', true, true], ['x_arm64_test.go', true, false],
    ['amd64.go', true, true], ['race_linux_amd64.syso', false, true], ['x_arm64.syso', true, false], ['_x_arm64.go', false, false], ['x_foo.go', true, true],
  ])('file name %s: arm64 %s, amd64 %s', (name, onArm, onAmd) => {
    expect(fileNameMatches(name, arm64)).toBe(onArm);
    expect(fileNameMatches(name, amd64)).toBe(onAmd);
  });

  it.each([
    ['amd64', false], ['!amd64', true], ['arm64 && linux', true], ['(amd64 || arm64) && !purego', 'unknown'],
    ['linux && (arm64 || riscv64)', true], ['unix', true], ['go1.21', true], ['go1.99', false], ['arm64.v8.0', true], ['arm64.v9.0', false],
    ['cgo', 'unknown'], ['!cgo || amd64', 'unknown'], ['ignore', false], ['gc', true], ['(', 'unknown'],
  ])('//go:build %s on linux/arm64 is %s', (expr, want) => {
    expect(evalBuildExpr(expr, arm64)).toBe(want);
  });

  it('treats unknown tags as false in the default build and follows GOEXPERIMENT', () => {
    const env = { ...arm64, defaultBuild: true, experiments: new Set(['greenteagc']) };
    expect(evalBuildExpr('!purego', env)).toBe(true);
    expect(evalBuildExpr('cgo', env)).toBe(false);
    expect(evalBuildExpr('goexperiment.greenteagc', env)).toBe(true);
    expect(evalBuildExpr('goexperiment.jsonv2', env)).toBe(false);
  });

  it('reads //go:build before the package clause only, and legacy // +build lines', () => {
    expect(matchesTarget('a.go', '//go:build amd64\n\npackage a\n', arm64)).toBe(false);
    expect(matchesTarget('a.go', 'package a\n//go:build amd64\n', arm64)).toBe(true);
    expect(matchesTarget('a.go', '// +build amd64 arm64\n// +build linux\n\npackage a\n', arm64)).toBe(true);
    expect(matchesTarget('a.go', '// +build !arm64\n\npackage a\n', arm64)).toBe(false);
    expect(matchesTarget('a_amd64.go', '//go:build linux\npackage a\n', arm64)).toBe(false);
  });
});

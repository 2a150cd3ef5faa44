// Flags in cgo `#cgo [GOOS/GOARCH constraints] CFLAGS: ...` lines, scoped by the constraint and the file's
// own build constraints (`_amd64.go` suffix, `//go:build amd64`).
import { archOfCondition, innermostArch, type BuildArch } from './arch';
import { scanFlags } from './flags';
import type { FlagOccurrence } from './occurrence';

function fileArch(path: string, text: string): BuildArch | undefined {
  const suffix = path.match(/_(amd64|386|arm64|arm)(?:_test)?\.go$/)?.[1];
  if (suffix) return suffix === 'arm64' ? 'arm64' : suffix === 'arm' ? 'arm32' : 'x86';
  const tag = text.match(/^\/\/go:build\s+(.+)$/m)?.[1];
  if (tag && /^[\w\s|()!]+$/.test(tag) && !/&&/.test(tag)) {
    const neg = /!/.test(tag);
    return archOfCondition(tag.replace(/\b(linux|darwin|windows|freebsd|cgo|gc|purego|ignore)\b/g, ''), neg);
  }
  return undefined;
}

export function flagsInCgo(path: string, text: string): FlagOccurrence[] {
  const out: FlagOccurrence[] = [];
  const base = fileArch(path, text);
  for (const m of text.matchAll(/^[ \t]*(?:\/\/[ \t]*)?#cgo[ \t]+([^:\n]*?)\b(CFLAGS|CPPFLAGS|CXXFLAGS|FFLAGS|LDFLAGS):([^\n]*)$/gm)) {
    const constraint = m[1].trim();
    const valueStart = m.index! + m[0].length - m[3].length;
    const guard = constraint ? archOfCondition(constraint.replace(/\b(linux|darwin|windows|freebsd)\b/g, ''), /^!/.test(constraint)) : undefined;
    for (const tok of scanFlags(m[3], valueStart)) {
      out.push({ ...tok, arch: innermostArch([guard, base], 'any'), owner: `#cgo ${constraint} ${m[2]}`.replace(/\s+/g, ' '), statement: { start: m.index!, end: m.index! + m[0].length, text: m[0] } });
    }
  }
  return out;
}

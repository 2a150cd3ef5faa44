// The toolchain's default GOEXPERIMENT set per GOARCH, read from GOROOT's internal/buildcfg/exp.go
// (the `baseline := goexperiment.Flags{...}` literal), so goexperiment.* build tags evaluate as the
// go command would with GOEXPERIMENT unset.
import * as path from 'node:path';
import type { FileSystem } from '../../core/workspace';

export function defaultExperiments(fs: FileSystem, goroot: string | undefined, goarch: string): Set<string> | undefined {
  if (!goroot) return undefined;
  const text = fs.readText(path.join(goroot, 'src', 'internal', 'buildcfg', 'exp.go'));
  const block = text && /baseline := goexperiment\.Flags\{([\s\S]*?)\n\t\}/.exec(text)?.[1];
  if (!block) return undefined;
  const regabiArches = /case ([^:]+):\s*\n\s*regabiAlwaysOn = true\s*\n\s*regabiSupported = true/.exec(text!)?.[1] ?? '';
  const regabi = regabiArches.includes(`"${goarch}"`) || new RegExp(`case "${goarch}":\\s*\\n\\s*regabiSupported = true`).test(text!);
  const on = new Set<string>();
  for (const m of block.matchAll(/(\w+):\s*([\w.]+),/g)) {
    const value = m[2] === 'true' || (m[2] === 'regabiSupported' && regabi);
    if (value) on.add(m[1].toLowerCase());
  }
  return on;
}

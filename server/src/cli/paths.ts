// Paths printed the way the user named them on the command line: a file under a path given as absolute
// is printed absolute, any other relative to the current folder (as the user's own relative path was).
import * as path from 'node:path';

/** How to print the absolute path `abs`, given the command line's paths (the first one decides for a path under none). */
export function namedPath(abs: string, given: readonly string[], cwd = process.cwd()): string {
  const under = given.find((g) => { const r = path.relative(path.resolve(cwd, g), abs); return r !== '..' && !r.startsWith('..' + path.sep) && !path.isAbsolute(r); }) ?? given[0];
  const p = under !== undefined && path.isAbsolute(under) ? abs : path.relative(cwd, abs) || '.';
  return p.split(path.sep).join('/');
}

/** The same for a report path (relative to the workspace root, with `/`). */
export function reportPathNamer(root: string, given: readonly string[], cwd = process.cwd()): (file: string) => string {
  return (file) => namedPath(path.resolve(root, file), given, cwd);
}

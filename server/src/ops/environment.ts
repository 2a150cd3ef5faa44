// What the CLI knows about its surroundings: the workspace root of a path and the Go environment.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { discoverGoEnv, type GoEnv } from '../engine/engine';

/** Nearest folder upwards with .arm64port.json or .git; else the folder itself (or the file's). */
export function workspaceRootFor(p: string): string {
  const start = fs.existsSync(p) && fs.statSync(p).isDirectory() ? path.resolve(p) : path.dirname(path.resolve(p));
  for (let d = start; ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, '.arm64port.json')) || fs.existsSync(path.join(d, '.git'))) return d;
    if (path.dirname(d) === d) return start;
  }
}

let cached: GoEnv | undefined;
/** The CLI is run by the user on purpose, so it may ask `go env` when the environment says nothing. */
export function cliGoEnv(): GoEnv {
  if (cached) return cached;
  return (cached = discoverGoEnv(!process.env.ARM64PORT_NO_GO_ENV));
}

// Where the Go toolchain's sources and the module cache are. The front ends decide how to find them
// (environment variables; `go env` only in trusted workspaces or from the CLI).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface GoEnv {
  goroot?: string;
  gomodcache?: string;
}

/** From the environment and well-known install locations only: runs nothing. */
export function goEnvFromEnvironment(env: NodeJS.ProcessEnv = process.env): GoEnv {
  const candidates = [env.GOROOT, '/usr/local/go', '/usr/lib/go', 'C:\\Program Files\\Go'].filter((x): x is string => !!x);
  const goroot = candidates.find((d) => fs.existsSync(path.join(d, 'src', 'sync', 'mutex.go')));
  const gopath = (env.GOPATH ?? path.join(os.homedir(), 'go')).split(path.delimiter)[0];
  const modcache = env.GOMODCACHE || path.join(gopath, 'pkg', 'mod');
  return { goroot, gomodcache: fs.existsSync(modcache) ? modcache : undefined };
}

/** Asks the go command (allowed from the CLI and in trusted workspaces only). */
export function goEnvFromGoCommand(): GoEnv | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { execFileSync } = require('node:child_process') as typeof import('node:child_process');
    const out = execFileSync('go', ['env', 'GOROOT', 'GOMODCACHE'], { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] });
    const [goroot, gomodcache] = out.trim().split('\n').map((s) => s.trim());
    return { goroot: goroot || undefined, gomodcache: gomodcache || undefined };
  } catch {
    return undefined;
  }
}

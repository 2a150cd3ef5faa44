// Workspace scan for the CLI: the same result as scanWorkspace, computed in worker threads with an
// optional on-disk cache keyed by content hash. (First version: delegates to the serial scan; the
// parallel implementation replaces the body, keeping this signature.)
import { scanWorkspace, type ScanOptions, type ScanResult } from './scan';

export interface ParallelScanOptions extends Omit<ScanOptions, 'fs' | 'sharedCache'> {
  fs: ScanOptions['fs'];
  /** Worker threads (default: number of CPUs, at most 8). 1 = in this thread. */
  jobs?: number;
  /** Folder for the per-file result cache (content hash + rule set + config); none when undefined. */
  cacheDir?: string;
  /** Seeds each worker's shared cache (e.g. the Go environment). */
  sharedSeed?: Record<string, unknown>;
}

export async function scanWorkspaceParallel(opts: ParallelScanOptions): Promise<ScanResult & { cancelled: boolean }> {
  return scanWorkspace({ ...opts, sharedCache: new Map(Object.entries(opts.sharedSeed ?? {})) });
}

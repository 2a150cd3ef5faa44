// Worker thread entry for workspace scans (bundled to dist/worker.js). Each worker loads tree-sitter
// once, keeps its own workspace-wide memo (so a Go package index is built once per worker: the main
// thread hands all files of a directory to the same worker) and answers batches of files.
import { parentPort, workerData } from 'node:worker_threads';
import type { DiscoveredFile } from './discover';
import type { EngineConfig } from './config';
import { createFileScanner, type FileResult } from './cache';
import { nodeFileSystem, textCachingFileSystem } from './workspace';
import { initTreeSitter } from '../parsing/treeSitter';
import { ALL_RULES } from '../rules/index';

export interface WorkerSetup {
  root: string;
  config: EngineConfig;
  ruleIds: string[];
  sharedSeed?: Record<string, unknown>;
  cacheDir?: string;
  workspace?: string;
}
export interface BatchMessage { type: 'batch'; id: number; files: { index: number; file: DiscoveredFile }[] }
export type WorkerReply =
  | { type: 'result'; id: number; results: FileResult[]; cacheHits: number; cacheMisses: number }
  | { type: 'failed'; id: number; message: string };

if (parentPort) {
  const port = parentPort;
  const setup = workerData as WorkerSetup;
  const ids = new Set(setup.ruleIds);
  const ready = initTreeSitter();
  const scanner = createFileScanner({
    root: setup.root, config: setup.config, fs: textCachingFileSystem(nodeFileSystem), rules: ALL_RULES.filter((r) => ids.has(r.meta.id)),
    sharedSeed: setup.sharedSeed, cacheDir: setup.cacheDir, workspace: setup.workspace,
  });
  // Batches are handled one at a time, in arrival order.
  let queue: Promise<void> = Promise.resolve();
  port.on('message', (m: BatchMessage) => {
    queue = queue.then(async () => {
      try {
        await ready;
        const h0 = scanner.cache?.hits ?? 0, m0 = scanner.cache?.misses ?? 0;
        const results: FileResult[] = [];
        for (const { index, file } of m.files) {
          try {
            results.push(scanner.scan(file, index));
          } catch (e) {
            results.push({ index, findings: [], bytes: 0, incomplete: `analysis failed: ${(e as Error)?.message ?? String(e)}`, notes: [] });
          }
        }
        port.postMessage({ type: 'result', id: m.id, results, cacheHits: (scanner.cache?.hits ?? 0) - h0, cacheMisses: (scanner.cache?.misses ?? 0) - m0 } satisfies WorkerReply);
      } catch (e) {
        port.postMessage({ type: 'failed', id: m.id, message: (e as Error)?.message ?? String(e) } satisfies WorkerReply);
      }
    });
  });
}

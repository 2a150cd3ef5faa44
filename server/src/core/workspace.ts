// The engine reads files only through this interface, so the language server can overlay open editor
// buffers and tests can use an in-memory tree.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface FileSystem {
  /** Text of a file, or undefined when it does not exist or cannot be read. */
  readText(file: string): string | undefined;
  /** Raw bytes (for binary checks), or undefined. */
  readBytes(file: string, maxBytes?: number): Uint8Array | undefined;
  /** Names (not paths) of the entries of a directory, or [] when it cannot be read. */
  readDir(dir: string): { name: string; isDir: boolean; isFile: boolean; isSymlink: boolean }[];
  exists(file: string): boolean;
  isDirectory(file: string): boolean;
  size(file: string): number | undefined;
}

export const nodeFileSystem: FileSystem = {
  readText(file) {
    // Opened non-blocking and checked to be a regular file: a FIFO or a device named like source
    // (or a symlink to one) would otherwise block the scan forever.
    let fd: number | undefined;
    try {
      fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
      if (!fs.fstatSync(fd).isFile()) return undefined;
      return fs.readFileSync(fd, 'utf8');
    } catch { return undefined; } finally { if (fd !== undefined) try { fs.closeSync(fd); } catch { /* closed */ } }
  },
  readBytes(file, maxBytes) {
    try {
      const fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
      try {
        if (!fs.fstatSync(fd).isFile()) return undefined;
        if (maxBytes === undefined) return fs.readFileSync(fd);
        const buf = Buffer.alloc(maxBytes);
        const n = fs.readSync(fd, buf, 0, maxBytes, 0);
        return buf.subarray(0, n);
      } finally { fs.closeSync(fd); }
    } catch { return undefined; }
  },
  readDir(dir) {
    try {
      return fs.readdirSync(dir, { withFileTypes: true }).map((d) => ({
        name: d.name, isDir: d.isDirectory(), isFile: d.isFile(), isSymlink: d.isSymbolicLink(),
      }));
    } catch { return []; }
  },
  exists(file) { return fs.existsSync(file); },
  isDirectory(file) {
    try { return fs.statSync(file).isDirectory(); } catch { return false; }
  },
  size(file) {
    try { return fs.statSync(file).size; } catch { return undefined; }
  },
};

/** A file system whose given files (open editor buffers) shadow the underlying one. */
export class OverlayFileSystem implements FileSystem {
  private readonly overlay = new Map<string, string>();
  constructor(private readonly base: FileSystem = nodeFileSystem) {}

  set(file: string, text: string): void { this.overlay.set(path.resolve(file), text); }
  delete(file: string): void { this.overlay.delete(path.resolve(file)); }
  has(file: string): boolean { return this.overlay.has(path.resolve(file)); }
  /** The shadowing texts by absolute path (a copy: what a scan in worker threads lays over the disk). */
  entries(): Map<string, string> { return new Map(this.overlay); }

  readText(file: string) { return this.overlay.get(path.resolve(file)) ?? this.base.readText(file); }
  /** The text under the overlay (on disk). */
  baseText(file: string) { return this.base.readText(file); }
  readBytes(file: string, maxBytes?: number) {
    const t = this.overlay.get(path.resolve(file));
    if (t !== undefined) { const b = Buffer.from(t, 'utf8'); return maxBytes ? b.subarray(0, maxBytes) : b; }
    return this.base.readBytes(file, maxBytes);
  }
  readDir(dir: string) {
    const entries = this.base.readDir(dir);
    const names = new Set(entries.map((e) => e.name));
    const abs = path.resolve(dir);
    for (const f of this.overlay.keys()) {
      if (path.dirname(f) === abs && !names.has(path.basename(f))) {
        entries.push({ name: path.basename(f), isDir: false, isFile: true, isSymlink: false });
      }
    }
    return entries;
  }
  exists(file: string) { return this.overlay.has(path.resolve(file)) || this.base.exists(file); }
  isDirectory(file: string) { return this.base.isDirectory(file); }
  size(file: string) {
    const t = this.overlay.get(path.resolve(file));
    return t !== undefined ? Buffer.byteLength(t) : this.base.size(file);
  }
}

/** An in-memory file system for tests: { '/abs/path': 'text' }. */
export function memoryFileSystem(files: Record<string, string | Uint8Array>): FileSystem {
  const norm = new Map(Object.entries(files).map(([k, v]) => [path.resolve(k), v]));
  const dirs = new Set<string>();
  for (const f of norm.keys()) for (let d = path.dirname(f); ; d = path.dirname(d)) { dirs.add(d); if (d === path.dirname(d)) break; }
  return {
    readText(f) { const v = norm.get(path.resolve(f)); return v === undefined ? undefined : typeof v === 'string' ? v : Buffer.from(v).toString('utf8'); },
    readBytes(f, max) { const v = norm.get(path.resolve(f)); if (v === undefined) return undefined; const b = typeof v === 'string' ? Buffer.from(v) : v; return max ? b.subarray(0, max) : b; },
    readDir(d) {
      const abs = path.resolve(d); const out = new Map<string, boolean>();
      for (const f of norm.keys()) if (path.dirname(f) === abs) out.set(path.basename(f), false);
      for (const s of dirs) if (path.dirname(s) === abs && s !== abs) out.set(path.basename(s), true);
      return [...out].map(([name, isDir]) => ({ name, isDir, isFile: !isDir, isSymlink: false }));
    },
    exists(f) { const a = path.resolve(f); return norm.has(a) || dirs.has(a); },
    isDirectory(f) { return dirs.has(path.resolve(f)); },
    size(f) { const v = norm.get(path.resolve(f)); return v === undefined ? undefined : typeof v === 'string' ? Buffer.byteLength(v) : v.length; },
  };
}

/**
 * Remembers the texts most recently read (up to `maxChars` in all), for a scan of files that do not
 * change while it runs: the scan, the Go package loader and the positional-literal search each read
 * a file, and with whole directories handled together the second and third reads are hits.
 */
export function textCachingFileSystem(base: FileSystem, maxChars = 4_000_000): FileSystem {
  const texts = new Map<string, string | undefined>(); // least recently used first
  let chars = 0;
  return {
    ...base,
    readText(file) {
      const abs = path.resolve(file);
      if (texts.has(abs)) {
        const t = texts.get(abs);
        texts.delete(abs);
        texts.set(abs, t);
        return t;
      }
      const t = base.readText(abs);
      texts.set(abs, t);
      chars += t?.length ?? 0;
      for (const [k, v] of texts) {
        if (chars <= maxChars) break;
        texts.delete(k);
        chars -= v?.length ?? 0;
      }
      return t;
    },
  };
}

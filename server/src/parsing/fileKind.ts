import * as path from 'node:path';
import type { FileKind } from '../engine/types';

const BINARY_EXT = new Set(['.so', '.a', '.o', '.syso', '.dylib', '.bin', '.exe', '.dll', '.lib', '.obj']);

/**
 * Decides what a file is from its path. Returns undefined for files no rule reads.
 * Extension-less files (possible executables) are classified by content via kindFromContent.
 */
export function fileKindOf(file: string): FileKind | undefined {
  const base = path.basename(file);
  const lower = base.toLowerCase();
  const ext = path.extname(lower);
  if (lower === 'go.mod') return 'gomod';
  if (lower === 'go.work') return 'gowork';
  if (ext === '.go') return 'go';
  if (ext === '.s' && /_[a-z0-9]+\.s$|\.s$/.test(lower)) return 'goasm';
  if (ext === '.c' || ext === '.h') return 'c';
  if (['.cc', '.cpp', '.cxx', '.hpp', '.hh', '.hxx', '.inl', '.ipp'].includes(ext)) return 'cpp';
  if (lower === 'dockerfile' || lower.startsWith('dockerfile.') || lower.endsWith('.dockerfile') || lower === 'containerfile' || lower.startsWith('containerfile.')) return 'dockerfile';
  if (ext === '.yaml' || ext === '.yml') return 'yaml';
  if (lower === 'makefile' || lower === 'gnumakefile' || ext === '.mk' || ext === '.mak' || lower.startsWith('makefile.')) return 'makefile';
  if (lower === 'cmakelists.txt' || ext === '.cmake') return 'cmake';
  if (lower === 'meson.build' || lower === 'meson_options.txt') return 'meson';
  if (ext === '.sh' || ext === '.bash') return 'shell';
  if (['.service', '.socket', '.timer', '.target'].includes(ext) || (ext === '.conf' && /\.d$/.test(path.basename(path.dirname(file))))) return 'systemd';
  if (ext === '.env' || lower === 'kubelet' && ['default', 'sysconfig'].includes(path.basename(path.dirname(file))) || lower === 'kubeadm-flags.env') return 'envfile';
  if (ext === '.toml') return 'toml';
  if (lower === 'config.guess' || lower === 'config.sub') return 'config-guess';
  if (BINARY_EXT.has(ext)) return 'binary';
  return undefined;
}

/** For files with no telling name: ELF executables are 'binary', shell scripts by their #! line. */
export function kindFromContent(head: Uint8Array): FileKind | undefined {
  if (head.length >= 4 && head[0] === 0x7f && head[1] === 0x45 && head[2] === 0x4c && head[3] === 0x46) return 'binary';
  if (head.length >= 2 && head[0] === 0x23 && head[1] === 0x21) {
    const line = Buffer.from(head.subarray(0, Math.min(head.length, 80))).toString('latin1').split('\n')[0];
    if (/\b(ba|da|k|z)?sh\b/.test(line)) return 'shell';
  }
  return undefined;
}

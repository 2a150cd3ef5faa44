import * as path from 'node:path';
import type { FileKind } from './types';

const BINARY_EXT = new Set(['.so', '.a', '.o', '.syso', '.dylib', '.bin', '.exe', '.dll', '.lib', '.obj']);

/** Folders of systemd drop-ins: `<unit>.<type>.d/` (kubelet.service.d/, docker.socket.d/, ...). */
const SYSTEMD_DROPIN_DIR = /\.(service|socket|timer|target|mount|automount|swap|path|slice|scope)\.d$/;

/**
 * Decides what a file is from its path. Returns undefined for files no rule reads.
 * Files the path leaves open (extension-less possible executables, `.json` and `.conf`) are classified by
 * their first bytes via kindFromContent; sniffBytes says how many to read.
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
  if (['.service', '.socket', '.timer', '.target'].includes(ext) || (ext === '.conf' && SYSTEMD_DROPIN_DIR.test(path.basename(path.dirname(file))))) return 'systemd';
  if (ext === '.env' || lower === 'kubelet' && ['default', 'sysconfig'].includes(path.basename(path.dirname(file))) || lower === 'kubeadm-flags.env') return 'envfile';
  if (ext === '.toml') return 'toml';
  if (lower === 'config.guess' || lower === 'config.sub') return 'config-guess';
  if (BINARY_EXT.has(ext)) return 'binary';
  return undefined;
}

/** At most this much of a `.json` or `.conf` file is read to decide its kind by content. */
export const SNIFF_BYTES = 16 * 1024;

/**
 * How many leading bytes of a file that fileKindOf leaves undecided kindFromContent needs (0: the file is
 * not looked at): extension-less files of 64 bytes or more (ELF, `#!`), `.json` (a KubeletConfiguration) and
 * `.conf` files (a kubelet systemd unit outside a `*.service.d/` folder), each within SNIFF_BYTES.
 */
export function sniffBytes(file: string, size: number): number {
  const ext = path.extname(file).toLowerCase();
  if (ext === '') return size < 64 ? 0 : 128;
  if (ext === '.json' || ext === '.conf') return size < 16 ? 0 : Math.min(size, SNIFF_BYTES);
  return 0;
}

/** `"kind": "KubeletConfiguration"` as a JSON member (the settings reader checks apiVersion and the root). */
const JSON_KUBELET_CONFIG = /"kind"\s*:\s*"KubeletConfiguration"/;
/** A `[Service]` section header on its own line. */
const SERVICE_SECTION = /^[ \t]*\[Service\][ \t]*\r?$/m;
/**
 * In a unit: `ExecStart=` running a kubelet binary (systemd's `-@+!:` prefixes allowed), or `Environment=`
 * assigning a KUBELET variable (EKS and kubeadm drop-ins that only set the kubelet's arguments).
 */
const KUBELET_UNIT_LINE = /^[ \t]*(?:ExecStart[ \t]*=[ \t]*[-@+!:]*(?:\S*\/)?kubelet(?:[ \t\\]|\r?$)|Environment[ \t]*=[ \t]*["']?[A-Za-z0-9_]*KUBELET[A-Za-z0-9_]*=)/m;

/**
 * The kind of a file from its first bytes (see sniffBytes): ELF executables are 'binary' and shell scripts are
 * known by their #! line (files without an extension); a `.json` file holding a KubeletConfiguration is
 * 'json'; a `.conf` file with a [Service] section that runs the kubelet (or sets its arguments) is 'systemd'.
 * Ordinary `.json` and `.conf` files (nginx.conf, sysctl.d/*.conf, redis.conf, package.json) stay undefined.
 */
export function kindFromContent(head: Uint8Array, file = ''): FileKind | undefined {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.json' || ext === '.conf') {
    const text = Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString('utf8');
    if (ext === '.json') return JSON_KUBELET_CONFIG.test(text) ? 'json' : undefined;
    return SERVICE_SECTION.test(text) && KUBELET_UNIT_LINE.test(text) ? 'systemd' : undefined;
  }
  if (head.length >= 4 && head[0] === 0x7f && head[1] === 0x45 && head[2] === 0x4c && head[3] === 0x46) return 'binary';
  if (head.length >= 2 && head[0] === 0x23 && head[1] === 0x21) {
    const line = Buffer.from(head.subarray(0, Math.min(head.length, 80))).toString('latin1').split('\n')[0];
    if (/\b(ba|da|k|z)?sh\b/.test(line)) return 'shell';
  }
  return undefined;
}

/** The kind of a file whose text is at hand (the editor's open documents, tests): by path, else by content. */
export function fileKindOfText(file: string, text: string): FileKind | undefined {
  const byPath = fileKindOf(file);
  if (byPath) return byPath;
  const n = sniffBytes(file, text.length);
  return n ? kindFromContent(Buffer.from(text.slice(0, n), 'utf8'), file) : undefined;
}

// bin-foreign-elf: a committed ELF binary (.so, .a, .o, .syso, executable) built for x86 with no aarch64
// counterpart next to it. The arm64 linker skips or rejects it ("skipping incompatible", "file in wrong
// format") and the dynamic loader cannot load it. Reads ELF headers only (for ET_DYN the program headers and
// dynamic section too, to tell a PIE executable from a shared library); never executes anything.
import * as path from 'node:path';
import { matchesTarget } from '../../lang/go/buildConstraints';
import type { Rule, RuleContext } from '../rule';
import { EM_386, EM_NAMES, EM_X86_64, ET_DYN, ET_EXEC, dynKind, elfTypeName, readBinaryMachine } from './elfHeader';

const X86_TOKENS = /(x86[_-]64|amd64|x64|i[3-6]86|x86|ia32|win64|linux64)/gi;
const ARM_SPELLINGS = ['aarch64', 'arm64', 'arm64-v8a', 'aarch_64', 'arm64v8', 'armv8'];

/** Paths that would hold the aarch64 build of the same binary (arch word swapped in the path). */
export function counterpartCandidates(rel: string): string[] {
  const out = new Set<string>();
  for (const m of rel.matchAll(X86_TOKENS)) {
    for (const arm of ARM_SPELLINGS) out.add(rel.slice(0, m.index) + arm + rel.slice(m.index! + m[0].length));
  }
  return [...out];
}

/**
 * Go links a .syso into its package only when the file name's _GOOS/_GOARCH suffix matches and the package
 * itself is built for the target (some of its .go files are).
 */
function sysoLinkedOnArm64(ctx: RuleContext, base: string): boolean {
  const env = { goos: 'linux', goarch: 'arm64' };
  if (matchesTarget(base, '', env) === false) return false;
  const dir = path.dirname(ctx.path);
  const goFiles = ctx.fs.readDir(dir).filter((e) => e.isFile && e.name.endsWith('.go') && !e.name.endsWith('_test.go'));
  if (goFiles.length === 0) return true;
  return goFiles.some((e) => matchesTarget(e.name, ctx.fs.readText(path.join(dir, e.name)) ?? '', env) !== false);
}

// Reading more than this is only needed for archives with a large symbol table first.
const MAX_READ = 4 * 1024 * 1024;

export const rule: Rule = {
  meta: {
    readsOtherFiles: true,
    id: 'bin-foreign-elf',
    defaultSeverity: 'warning',
    category: 'arch-source',
    kinds: ['binary'],
    description: 'A committed ELF binary is built for x86 and has no aarch64 counterpart.',
  },
  check(ctx: RuleContext) {
    if (!ctx.config.targets.some((t) => t === 'linux/arm64' || t === 'linux/arm')) return;
    const head = ctx.fs.readBytes(ctx.path, 64) ?? Buffer.from(ctx.text.slice(0, 64), 'latin1');
    const isArchive = Buffer.from(head.subarray(0, 8)).toString('latin1') === '!<arch>\n';
    const bytes = isArchive ? (ctx.fs.readBytes(ctx.path, MAX_READ) ?? head) : head;
    const elf = readBinaryMachine(bytes);
    if (!elf || (elf.machine !== EM_X86_64 && elf.machine !== EM_386)) return;
    // ET_DYN is a shared library or a position-independent executable (most executables today): the
    // dynamic section and program headers tell which.
    const dyn = !elf.container && elf.type === ET_DYN ? dynKind(ctx.fs.readBytes(ctx.path, MAX_READ) ?? head, path.basename(ctx.path)) : undefined;
    const base = path.basename(ctx.path);
    // Go links a .syso only when its name's _GOOS/_GOARCH suffix matches the target.
    if (base.endsWith('.syso') && !sysoLinkedOnArm64(ctx, base)) return;
    const rel = path.relative(ctx.root, ctx.path).split(path.sep).join('/');
    const counterpart = counterpartCandidates(rel).find((c) => ctx.fs.exists(path.join(ctx.root, c)));
    if (counterpart) return;
    const kind = elf.container === 'archive' ? 'static library'
      : dyn === 'pie' ? 'executable (PIE)' : dyn === 'unknown' ? 'shared object or PIE executable' : elfTypeName(elf.type);
    const what = `${EM_NAMES[elf.machine]} ${kind}`;
    const runs = 'running it on arm64 fails with "exec format error"';
    const links = 'the arm64 linker skips it ("skipping incompatible") or stops ("file in wrong format"), and dlopen cannot load it';
    const effect = base.endsWith('.syso')
      ? 'the Go linker includes it in every linux/arm64 build and fails'
      : elf.type === ET_EXEC || dyn === 'pie' ? runs : dyn === 'unknown' ? `${runs}; as a library, ${links}` : links;
    ctx.report({
      start: 0,
      end: 0,
      message:
        `${base} is an ${what} (ELF e_machine ${elf.machine}) with no aarch64 build next to it: ${effect}. ` +
        `Build it from source for arm64, or commit the aarch64 build alongside (e.g. with aarch64 or arm64 in place of the x86 word in its path).`,
      data: { machine: elf.machine, elfType: elf.type },
    });
  },
};

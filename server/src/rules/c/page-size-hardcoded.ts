// 4096 used as the page size where the kernel works in whole pages: the address or length of mprotect, madvise,
// munmap, the address of msync, the file offset of mmap (and its address with MAP_FIXED), in C; the offset of
// syscall.Mmap/unix.Mmap and the slice given to unix.Mprotect/Madvise/Munmap/Msync in Go. arm64 kernels run with 4,
// 16 or 64 KiB pages: an address aligned to 4096 fails with EINVAL, a 4096 length covers a whole larger page.
// Only a literal (4096, 0x1000, 4095, 0xfff, 1 << 12) or a name the file defines as one, written in the argument:
// a variable that may hold sysconf(_SC_PAGESIZE) is not followed.
import type { Rule, RuleContext } from '../rule';
import { TARGETS } from '../../core/targets';
import { fleetOf, largerPagesNote } from '../../deploy/instances';
import type { SyntaxNode } from '../../parsing/treeSitter';
import { armGoTargets, includedOn } from '../go/support/goPackage';
import { cSource, matchParen, splitArgs } from './support/cSource';

/** A page-size literal: 4096, 0x1000, the mask 4095/0xfff, 1 << 12 (with integer suffixes). */
const PAGE_NUMBER = /(?<![\w.])(?:4096|0x0*1000|4095|0x0*fff|1[uUlL]*\s*<<\s*12)(?:[uUlL]{0,3})(?![\w.])/gi;
const WHOLE_PAGE_VALUE = /^[\s(]*(?:4096|0x0*1000|4095|0x0*fff|1[uUlL]*\s*<<\s*12|\(?\s*4096\s*-\s*1\s*\)?)[uUlL]{0,3}[\s)]*$/i;

/** Per C function: which arguments the kernel reads in whole pages. */
const C_CALLS: Record<string, { args: number[]; what: string }> = {
  mprotect: { args: [0, 1], what: 'protects' },
  madvise: { args: [0, 1], what: 'advises (MADV_DONTNEED discards)' },
  posix_madvise: { args: [0, 1], what: 'advises' },
  munmap: { args: [0, 1], what: 'unmaps' },
  msync: { args: [0], what: 'syncs' },
  mmap: { args: [5], what: 'maps' },
  mmap64: { args: [5], what: 'maps' },
};
const C_CALL_RE = new RegExp(`(?<![\\w.>])(${Object.keys(C_CALLS).join('|')})\\s*\\(`, 'g');

const GO_CALLS: Record<string, number> = { Mmap: 1, Mprotect: 0, Madvise: 0, Munmap: 0, Msync: 0 };
const GO_CALL_PRESENT = new RegExp(`\\b(?:syscall|unix)\\.(?:${Object.keys(GO_CALLS).join('|')})\\b`);
const C_CALL_PRESENT = new RegExp(`\\b(?:${Object.keys(C_CALLS).join('|')})\\s*\\(`);

const CONSEQUENCE = 'so an address or offset aligned to 4096 fails with EINVAL there and a 4096 length covers a whole larger page';
const ADVICE = `arm64 kernels run with 4, 16 or 64 KiB pages (16 KiB: Asahi Linux, Raspberry Pi 5; 64 KiB kernels on servers such as NVIDIA Grace), ${CONSEQUENCE}`;

/** The generic advice, or, with deployment presets, the larger pages of the fleet's kernels. */
function adviceFor(ctx: Pick<RuleContext, 'config'>): string {
  const fleet = fleetOf(ctx.config.instances);
  return fleet.length ? `${largerPagesNote(fleet, 4096)} have larger pages than 4 KiB, ${CONSEQUENCE}` : ADVICE;
}

export const rule: Rule = {
  meta: {
    readsOtherFiles: true,
    id: 'page-size-hardcoded', defaultSeverity: 'warning', category: 'arch-source', kinds: ['c', 'cpp', 'go'],
    description: '4096 used as the page size in the address, length or offset of mprotect/madvise/munmap/msync/mmap (C) or syscall/unix Mmap, Mprotect, Madvise (Go).',
  },
  prefilter: /4096|0x0*1000\b|4095|0x0*fff\b|<<\s*12\b/i,
  // Only a call the rule checks can give a finding: without one, a Go file's whole tree is not walked, nor a C
  // file's comments blanked (a 4096 alone is in many files: buffer sizes).
  prefilterByKind: { go: GO_CALL_PRESENT, c: C_CALL_PRESENT, cpp: C_CALL_PRESENT },
  check(ctx) {
    if (ctx.kind === 'go') checkGo(ctx); else checkC(ctx);
  },
};

function checkC(ctx: RuleContext): void {
  const src = cSource(ctx);
  if (!src) return;
  const linux = src.targets.filter((t) => TARGETS[t].goos === 'linux');
  const on = (offset: number) => linux.some((t) => src.activity(t).isActive(offset) === true);
  // Names the file defines as a page-size literal: `#define PAGE_SIZE 4096`, `const size_t page = 4096;`, and one
  // level of names defined from those (`#define PAGE_MASK (PAGE_SIZE - 1)`).
  const names = new Set<string>();
  for (const m of src.code.matchAll(/^[ \t]*#[ \t]*define[ \t]+(\w+)[ \t]+([^\n]*)$/gm)) if (WHOLE_PAGE_VALUE.test(m[2].trim())) names.add(m[1]);
  // One line at a time (a run without `;` or `=` must not be rescanned from every `const` in it).
  for (const m of src.bare.matchAll(/\bconst\b[^;={}()\n]*?\b(\w+)[ \t]*=[ \t]*([^;,\n]+)[;,]/g)) if (WHOLE_PAGE_VALUE.test(m[2].trim())) names.add(m[1]);
  if (names.size) {
    for (const m of src.code.matchAll(/^[ \t]*#[ \t]*define[ \t]+(\w+)[ \t]+([^\n]*)$/gm)) {
      if (!names.has(m[1]) && [...names].some((n) => new RegExp(`^[\\s(~]*${n}\\s*(?:-\\s*1)?[\\s)]*$`).test(m[2].trim()))) names.add(m[1]);
    }
  }
  const nameRe = names.size ? new RegExp(`(?<![\\w.])(?:${[...names].join('|')})(?!\\w)`, 'g') : undefined;
  for (const m of src.bare.matchAll(C_CALL_RE)) {
    const call = m[1];
    const open = m.index! + m[0].length - 1;
    if (/^[ \t]*#/.test(src.code.slice(src.code.lastIndexOf('\n', m.index!) + 1, m.index!))) continue;
    const close = matchParen(src.bare, open);
    if (close === undefined || !on(m.index!)) continue;
    const args = splitArgs(src.bare, open, close);
    const spec = C_CALLS[call];
    const checked = [...spec.args];
    // mmap's address counts only with MAP_FIXED (otherwise it is a hint the kernel rounds).
    if (call.startsWith('mmap') && args[3] && /MAP_FIXED/.test(src.bare.slice(args[3].start, args[3].end))) checked.push(0);
    for (const i of checked) {
      const a = args[i];
      if (!a) continue;
      const text = src.bare.slice(a.start, a.end);
      const hit = firstHit(text, nameRe);
      if (!hit) continue;
      const role = call.startsWith('mmap') ? (i === 5 ? 'file offset' : 'MAP_FIXED address') : i === 0 ? 'address' : 'length';
      ctx.report({
        start: a.start + hit.index, end: a.start + hit.index + hit.text.length,
        message: `\`${hit.text}\` is used as the page size in the ${role} of ${call}(): ${adviceFor(ctx)}${i === 1 ? ` (the call ${spec.what} the whole page, more than the 4 KiB meant)` : ''}. Use sysconf(_SC_PAGESIZE) (or getpagesize()) at run time.`,
      });
    }
  }
}

/** The first page-size literal or page-size name in an argument's text. */
function firstHit(text: string, nameRe: RegExp | undefined): { index: number; text: string } | undefined {
  const hits: { index: number; text: string }[] = [];
  for (const re of [PAGE_NUMBER, nameRe]) {
    if (!re) continue;
    re.lastIndex = 0;
    const m = re.exec(text);
    if (m) hits.push({ index: m.index, text: m[0] });
  }
  return hits.sort((a, b) => a.index - b.index)[0];
}

function checkGo(ctx: RuleContext): void {
  const targets = armGoTargets(ctx.config).filter((t) => TARGETS[t].goos === 'linux');
  if (!targets.some((t) => includedOn(ctx.path, ctx.text, t) !== false)) return;
  const tree = ctx.parsedTree?.('go') ?? ctx.tree('go');
  const names = new Set<string>();
  const calls: SyntaxNode[] = [];
  const stack: SyntaxNode[] = [tree.rootNode];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'const_spec' || n.type === 'var_spec') {
      const name = n.childForFieldName('name'), value = n.childForFieldName('value');
      if (name && value && value.namedChildCount === 1 && WHOLE_PAGE_VALUE.test(value.text)) names.add(name.text);
    } else if (n.type === 'call_expression') calls.push(n);
    for (let i = n.namedChildCount - 1; i >= 0; i--) stack.push(n.namedChild(i)!);
  }
  const nameRe = names.size ? new RegExp(`(?<![\\w.])(?:${[...names].join('|')})(?!\\w)`, 'g') : undefined;
  for (const c of calls) {
    const fn = c.childForFieldName('function');
    const m = fn?.type === 'selector_expression' ? /^(syscall|unix)\.(\w+)$/.exec(fn.text) : null;
    if (!m || GO_CALLS[m[2]] === undefined) continue;
    const arg = c.childForFieldName('arguments')?.namedChild(GO_CALLS[m[2]]);
    if (!arg) continue;
    // Mmap: the offset argument; the others: the slice they act on (`mem[off : off+4096]`).
    if (m[2] !== 'Mmap' && arg.type !== 'slice_expression') continue;
    const hit = firstHit(arg.text, nameRe);
    if (!hit) continue;
    ctx.report({
      start: arg.startIndex + hit.index, end: arg.startIndex + hit.index + hit.text.length,
      message: `\`${hit.text}\` is used as the page size in the ${m[2] === 'Mmap' ? 'offset' : 'slice'} given to ${fn!.text}: ${adviceFor(ctx)}. Use os.Getpagesize() (or unix.Getpagesize()).`,
    });
  }
}

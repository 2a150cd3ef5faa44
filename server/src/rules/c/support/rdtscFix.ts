// Quick fixes that read the AArch64 virtual counter (cntvct_el0) where x86 code reads the time-stamp counter:
// the rdtsc inline-asm idiom and the __rdtsc()/_rdtsc() intrinsics. The x86 text is kept as it was, behind #if,
// so x86 builds compile the same tokens; a shape not recognised exactly gets no fix.
import type { Fix } from '../../../core/types';
import { atDepthOf, continuesDirective, lineBounds, type CSource } from './cSource';

/** What the message and docs say about the counter's rate (Arm ARM CNTFRQ_EL0; from Armv8.6 it is 1 GHz). */
export const COUNTER_RATE =
  'cntvct_el0 ticks at the fixed frequency in cntfrq_el0, not at the CPU clock (1 GHz from Armv8.6, often tens of MHz ' +
  'before), so code that turns ticks into time with a calibrated TSC frequency must read cntfrq_el0 instead';

/** Templates handled, after dropping blanks: whether the AArch64 read needs an isb before it. */
const TEMPLATES: Record<string, { isb: boolean }> = {
  rdtsc: { isb: false },
  // rdtscp and lfence;rdtsc wait for the instructions before them: isb does that for the counter read.
  rdtscp: { isb: true },
  'lfence;rdtsc': { isb: true },
};

/** Clobbers that say nothing the AArch64 version must keep, other than "memory". */
const HARMLESS_CLOBBERS = new Set(['cc', 'memory']);
const RDTSCP_CLOBBERS = new Set(['ecx', 'rcx', '%ecx', '%rcx']);

/** The top-level parts of an asm statement's parentheses, split at ':' (template, outputs, inputs, clobbers, labels). */
function asmParts(bare: string, open: number, close: number): { start: number; end: number }[] {
  const parts: { start: number; end: number }[] = [];
  let from = open + 1;
  for (const c of atDepthOf(bare, ':', '([{', ')]}', open + 1, close - 1)) { parts.push({ start: from, end: c }); from = c + 1; }
  parts.push({ start: from, end: close - 1 });
  return parts;
}

function commaParts(bare: string, r: { start: number; end: number }): { start: number; end: number }[] {
  if (bare.slice(r.start, r.end).trim() === '') return [];
  const out: { start: number; end: number }[] = [];
  let from = r.start;
  for (const c of atDepthOf(bare, ',', '([{', ')]}', r.start, r.end)) { out.push({ start: from, end: c }); from = c + 1; }
  out.push({ start: from, end: r.end });
  return out;
}

/** A string-literal-only part ("a" "b"), its concatenated contents, or undefined. */
function literalsOf(code: string, r: { start: number; end: number }): string | undefined {
  const s = code.slice(r.start, r.end);
  if (s.replace(/"(?:[^"\\\n]|\\.)*"/g, '').trim() !== '') return undefined;
  return [...s.matchAll(/"((?:[^"\\\n]|\\.)*)"/g)].map((m) => m[1]).join('');
}

/**
 * `asm volatile("rdtsc" : "=a"(lo), "=d"(hi))` as a statement on lines of its own: the AArch64 branch reads
 * cntvct_el0 once and gives lo and hi the low and high 32 bits, as rdtsc gives eax and edx.
 */
export function rdtscAsmFix(src: CSource, start: number, open: number, close: number): Fix | undefined {
  const parts = asmParts(src.bare, open, close);
  if (parts.length < 2 || parts.length > 4) return undefined; // no outputs, or asm goto
  const tpl = literalsOf(src.code, parts[0]);
  if (tpl === undefined) return undefined;
  const key = tpl.replace(/\\[nt]/g, ';').split(';').map((s) => s.trim().toLowerCase()).filter((s) => s !== '').join(';');
  const shape = TEMPLATES[key];
  if (!shape) return undefined;
  // Outputs: exactly "=a"(lo) and "=d"(hi), in either order, each an expression without comments.
  const outs = new Map<string, string>();
  for (const o of commaParts(src.bare, parts[1])) {
    const m = /^\s*(?:\[\s*\w+\s*\]\s*)?"(=a|=d)"\s*\(([^]*)\)\s*$/.exec(src.code.slice(o.start, o.end));
    if (!m || outs.has(m[1]) || src.text.slice(o.start, o.end) !== src.code.slice(o.start, o.end)) return undefined;
    const expr = m[2].trim();
    if (expr === '' || /[\n\\]/.test(expr)) return undefined;
    outs.set(m[1], expr);
  }
  const lo = outs.get('=a'), hi = outs.get('=d');
  if (lo === undefined || hi === undefined || outs.size !== 2) return undefined;
  if (parts.length > 2 && src.bare.slice(parts[2].start, parts[2].end).trim() !== '') return undefined; // inputs
  let memory = false;
  for (const c of parts.length > 3 ? commaParts(src.bare, parts[3]) : []) {
    const name = literalsOf(src.code, c)?.trim().toLowerCase();
    if (name === undefined) return undefined;
    if (name === 'memory') memory = true;
    else if (!HARMLESS_CLOBBERS.has(name) && !(key === 'rdtscp' && RDTSCP_CLOBBERS.has(name))) return undefined;
  }
  // The statement must start its line and its ';' end one, with no line continuation (a macro body) between.
  const first = lineBounds(src.text, start);
  const last = lineBounds(src.text, close);
  const indent = src.text.slice(first.start, start);
  if (indent.trim() !== '' || !/^\s*;[ \t\r]*$/.test(src.code.slice(close, last.end))) return undefined;
  const original = src.text.slice(first.start, last.end);
  if (/\\\r?\n/.test(original) || continuesDirective(src.text, first.start)) return undefined;
  let tmp = 'cntvct';
  while (new RegExp(`\\b${tmp}\\b`).test(lo + ' ' + hi)) tmp += '_';
  const lhs = (e: string) => (/^[A-Za-z_]\w*$/.test(e) ? e : `(${e})`);
  const read = `__asm__ __volatile__("${shape.isb ? 'isb\\n\\t' : ''}mrs %0, cntvct_el0" : "=r"(${tmp})${memory ? ' : : "memory"' : ''});`;
  const arm = `${indent}{ unsigned long long ${tmp}; ${read} ${lhs(lo)} = (unsigned int)${tmp}; ${lhs(hi)} = (unsigned int)(${tmp} >> 32); }`;
  return {
    title: `Read cntvct_el0 on AArch64${shape.isb ? ' after an isb' : ''} (keep "${tpl.trim()}" on x86)`,
    kind: 'fix',
    edits: [{ start: first.start, end: last.end, newText: `#if defined(__aarch64__)\n${arm}\n#else\n${original}\n#endif` }],
  };
}

/** The rdtsc intrinsics the include fix can define on AArch64. */
export const RDTSC_INTRINSICS = new Set(['__rdtsc', '_rdtsc']);

export const X86_GUARD = '#if defined(__x86_64__) || defined(__i386__) || defined(_M_X64) || defined(_M_IX86)';

/**
 * A file whose only x86 names are __rdtsc()/_rdtsc(), from one x86 header included on a line of its own: the
 * include goes behind an x86 #if, and the AArch64 branch defines the names it uses as a cntvct_el0 read.
 */
export function rdtscIncludeFix(src: CSource, include: { start: number; end: number }, names: string[]): Fix | undefined {
  if (names.length === 0 || names.some((n) => !RDTSC_INTRINSICS.has(n))) return undefined;
  const line = lineBounds(src.text, include.start);
  const text = src.text.slice(line.start, line.end);
  if (!/^[ \t]*#[ \t]*include[ \t]*<[\w/.]+>[ \t\r]*$/.test(text)) return undefined;
  // Each definition has its own guard: two fixed files (a .c file and a header it includes) can meet in one unit.
  const defs = [
    `/* __rdtsc() on AArch64: ${COUNTER_RATE}. */`,
    '#ifndef ARM64PORT_CNTVCT_RDTSC',
    '#define ARM64PORT_CNTVCT_RDTSC',
    'static __inline__ unsigned long long __rdtsc(void)',
    '{',
    '    unsigned long long cntvct;',
    '    __asm__ __volatile__("mrs %0, cntvct_el0" : "=r"(cntvct));',
    '    return cntvct;',
    '}',
    '#endif',
  ];
  if (names.includes('_rdtsc')) {
    defs.push('#ifndef ARM64PORT_CNTVCT_RDTSC_ALIAS', '#define ARM64PORT_CNTVCT_RDTSC_ALIAS',
      'static __inline__ unsigned long long _rdtsc(void) { return __rdtsc(); }', '#endif');
  }
  return {
    title: 'Include it only on x86, and define __rdtsc() as a cntvct_el0 read on AArch64',
    kind: 'fix',
    edits: [{ start: line.start, end: line.end, newText: `${X86_GUARD}\n${text}\n#elif defined(__aarch64__)\n${defs.join('\n')}\n#endif` }],
  };
}

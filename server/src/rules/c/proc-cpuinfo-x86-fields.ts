// Code that reads /proc/cpuinfo and looks for a field only x86 kernels print (`model name`, `flags`, `cpu MHz`,
// the topology lines): arm64 kernels print `processor`, `BogoMIPS`, `Features`, `CPU implementer`, `CPU
// architecture`, `CPU variant`, `CPU part`, `CPU revision` (arch/arm64/kernel/cpuinfo.c), so the look-up finds
// nothing there. C/C++ (per-target #if), Go (build constraints), shell scripts and Dockerfile RUN lines.
import type { Rule, RuleContext } from '../rule';
import { TARGETS } from '../../core/targets';
import { archGuarded, summarizeShell, type ShellSummary } from '../../lang/build/shell';
import { LogicalLines, maskHashComments } from '../../lang/build/occurrence';
import { dockerfileModel } from '../../lang/dockerfile/model';
import { armGoTargets, includedOn } from '../go/support/goPackage';
import { cSource } from './support/cSource';

type Field = 'model name' | 'flags' | 'cpu MHz' | 'vendor_id' | 'cpu family' | 'physical id' | 'core id' | 'cpu cores' | 'siblings' | 'cache size' | 'bogomips';
const FIELDS = 'model name|flags|cpu MHz|vendor_id|cpu family|physical id|core id|cpu cores|siblings|cache size|bogomips';

/**
 * A string literal naming a field as a line of /proc/cpuinfo starts: the name alone, or followed by blanks, a tab
 * escape, a regex blank (`\s`, `\\s` in C source, `[ \t]`) or the colon (`"model name\t: "`, `"^flags\\s+:.*"`, `"cpu MHz : %lf"`).
 */
const FIELD_LITERAL = new RegExp(`^\\^?(${FIELDS})(?:$|[ \\t:]|\\\\{1,2}[ts]|\\[)`);
/** In a shell line: the field as a word of a grep/awk/sed pattern. */
const FIELD_WORD = new RegExp(`(?<![\\w-])(${FIELDS})(?![\\w-])`, 'g');
/** Signs that the code also reads the arm64 lines (or the hwcaps), so it has an arm64 path. */
const ARM_FIELD = /\b(Features|CPU implementer|CPU part|CPU architecture|CPU variant)\b|\bgetauxval\b|\bAT_HWCAP\b|\bcpu\.ARM64\b/;

const ADVICE: Record<Field, string> = {
  'model name': 'arm64 kernels print no `model name` line for 64-bit programs (only under a 32-bit personality); identify the CPU by `CPU implementer`/`CPU part`, or run lscpu',
  flags: 'arm64 kernels list CPU features on a `Features` line (asimd, atomics, sve, ...), not `flags`; test features with getauxval(AT_HWCAP) in C or golang.org/x/sys/cpu (cpu.ARM64) in Go',
  'cpu MHz': 'arm64 kernels print no `cpu MHz`; read /sys/devices/system/cpu/cpu*/cpufreq/ (absent on many VMs) or lscpu',
  vendor_id: 'arm64 kernels print no `vendor_id`; the vendor is the `CPU implementer` code (0x41 Arm, 0xc0 Ampere, ...)',
  'cpu family': 'arm64 kernels print no `cpu family`; use `CPU architecture`/`CPU part`',
  'physical id': 'arm64 kernels print no `physical id`; count sockets and cores from /sys/devices/system/cpu/cpu*/topology/ or lscpu',
  'core id': 'arm64 kernels print no `core id`; read /sys/devices/system/cpu/cpu*/topology/',
  'cpu cores': 'arm64 kernels print no `cpu cores`; count cores from /sys/devices/system/cpu/cpu*/topology/, sysconf(_SC_NPROCESSORS_ONLN) or lscpu',
  siblings: 'arm64 kernels print no `siblings`; read /sys/devices/system/cpu/cpu*/topology/thread_siblings_list',
  'cache size': 'arm64 kernels print no `cache size`; read /sys/devices/system/cpu/cpu0/cache/index*/size',
  bogomips: 'arm64 kernels spell it `BogoMIPS` (x86: `bogomips`), so a case-sensitive match finds nothing',
};

function report(ctx: RuleContext, start: number, field: Field, where: string): void {
  ctx.report({
    start, end: start + field.length,
    message: `${where} reads /proc/cpuinfo and looks for \`${field}\`, a line x86 kernels print: ${ADVICE[field]}.`,
    data: { field },
  });
}

export const rule: Rule = {
  meta: {
    id: 'proc-cpuinfo-x86-fields', defaultSeverity: 'info', category: 'arch-source', kinds: ['c', 'cpp', 'go', 'shell', 'dockerfile'],
    description: 'Code that reads /proc/cpuinfo and looks for a field only x86 kernels print (model name, flags, cpu MHz, topology lines).',
  },
  prefilter: /\/proc\/cpuinfo/,
  check(ctx) {
    if (ctx.kind === 'c' || ctx.kind === 'cpp') checkC(ctx);
    else if (ctx.kind === 'go') checkGo(ctx);
    else if (ctx.kind === 'shell') checkShellText(ctx, ctx.text, 0, () => summarizeShell(ctx.text), 'This script');
    else if (ctx.kind === 'dockerfile') {
      const m = dockerfileModel(ctx);
      if (m.isTemplate) return;
      for (const run of m.runs) {
        if (!run.shell || !run.text.includes('/proc/cpuinfo')) continue;
        checkShellText(ctx, run.text, run.start, () => run.shell!, 'This RUN (at build time, where an emulated arm64 build sees the x86 host\'s /proc/cpuinfo and a native one sees the arm64 lines)');
      }
    }
  },
};

/** Each string literal of C code (comments blanked), with its content's offset. */
function* cLiterals(code: string): Generator<{ start: number; text: string }> {
  for (const m of code.matchAll(/"((?:[^"\\\n]|\\.)*)"/g)) yield { start: m.index! + 1, text: m[1] };
}

function checkC(ctx: RuleContext): void {
  const src = cSource(ctx);
  if (!src) return;
  const linux = src.targets.filter((t) => TARGETS[t].goos === 'linux');
  if (linux.length === 0) return;
  const on = (offset: number) => linux.some((t) => src.activity(t).isActive(offset) === true);
  const literals = [...cLiterals(src.code)];
  if (!literals.some((l) => l.text.includes('/proc/cpuinfo') && on(l.start))) return;
  if (literals.some((l) => ARM_FIELD.test(l.text) && on(l.start)) || /\b(getauxval|AT_HWCAP)\b/.test(src.bare)) return;
  for (const l of literals) {
    const f = FIELD_LITERAL.exec(l.text);
    if (f && on(l.start)) report(ctx, l.start + f[0].indexOf(f[1]), f[1] as Field, 'This code');
  }
}

function checkGo(ctx: RuleContext): void {
  const targets = armGoTargets(ctx.config).filter((t) => TARGETS[t].goos === 'linux');
  if (!targets.some((t) => includedOn(ctx.path, ctx.text, t) !== false)) return;
  const tree = ctx.parsedTree?.('go') ?? ctx.tree('go');
  const literals: { start: number; text: string }[] = [];
  const stack = [tree.rootNode];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'interpreted_string_literal' || n.type === 'raw_string_literal') {
      literals.push({ start: n.startIndex + 1, text: ctx.text.slice(n.startIndex + 1, n.endIndex - 1) });
      continue;
    }
    for (let i = n.namedChildCount - 1; i >= 0; i--) stack.push(n.namedChild(i)!);
  }
  if (!literals.some((l) => l.text.includes('/proc/cpuinfo'))) return;
  if (literals.some((l) => ARM_FIELD.test(l.text)) || /\bcpu\.ARM64\b|\bunix\.Getauxval\b/.test(ctx.text)) return;
  for (const l of literals) {
    const f = FIELD_LITERAL.exec(l.text);
    if (f) report(ctx, l.start + f[0].indexOf(f[1]), f[1] as Field, 'This code');
  }
}

/** Shell text (a script or a RUN): a logical line that reads /proc/cpuinfo and names an x86 field. */
function checkShellText(ctx: RuleContext, text: string, base: number, summary: () => ShellSummary, where: string): void {
  const masked = maskHashComments(text);
  if (ARM_FIELD.test(masked)) return;
  const lines = new LogicalLines(masked);
  let shell: ShellSummary | undefined;
  const seen = new Set<number>();
  for (const m of masked.matchAll(/\/proc\/cpuinfo/g)) {
    const line = lines.at(m.index!);
    if (seen.has(line.start)) continue;
    seen.add(line.start);
    const lineText = masked.slice(line.start, line.end);
    for (const f of lineText.matchAll(FIELD_WORD)) {
      const at = line.start + f.index!;
      shell ??= summary();
      if (archGuarded(shell.guardsAt(base + at))) continue;
      report(ctx, base + at, f[1] as Field, where);
    }
  }
}

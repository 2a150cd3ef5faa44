// jemalloc configured for pages smaller than 64 KiB (`--with-lg-page=12`, `JEMALLOC_SYS_WITH_LG_PAGE=12`) in a
// build that reaches arm64: jemalloc fixes its page size at build time and aborts at start ("<jemalloc>:
// Unsupported system page size") on a kernel with larger pages (16 KiB: Asahi, Raspberry Pi 5; 64 KiB kernels).
import * as path from 'node:path';
import type { Fix } from '../../core/types';
import type { Rule, RuleContext } from '../rule';
import { archOfCondition, archOfPath, innermostArch, reachesArm64, type BuildArch } from '../../lang/build/arch';
import { stageArch } from '../../lang/build';
import { summarizeShell } from '../../lang/build/shell';
import { maskHashComments } from '../../lang/build/occurrence';
import { dockerfileModel } from '../../lang/dockerfile/model';
import type { SyntaxNode } from '../../parsing/treeSitter';
import { fleetOf, largerPagesNote, pageSizesOf } from '../../deploy/instances';

/** `--with-lg-page=12`, `--with-lg-page 12`, `JEMALLOC_SYS_WITH_LG_PAGE=12` (also ENV's `NAME 12` and YAML-ish `NAME: 12`). */
const LG_PAGE = /(--with-lg-page(?:=|[ \t]+)|(?<![\w$])JEMALLOC_SYS_WITH_LG_PAGE(?:[ \t]*[=:][ \t]*|[ \t]+))["']?(\d+)(?![\w.])/g;

interface Site { start: number; valueStart: number; value: number; arch: BuildArch }

export const rule: Rule = {
  meta: {
    id: 'build-jemalloc-lg-page', defaultSeverity: 'warning', category: 'build-flags', kinds: ['makefile', 'shell', 'dockerfile'], fixable: 'suggest',
    description: 'jemalloc configured for pages smaller than 64 KiB (--with-lg-page=12, JEMALLOC_SYS_WITH_LG_PAGE=12) in a build that reaches arm64.',
  },
  prefilter: /lg-page|JEMALLOC_SYS_WITH_LG_PAGE/,
  check(ctx) {
    // With deployment presets, the largest page of the fleet's kernels decides; without, 64 KiB (the largest arm64 has).
    const fleet = fleetOf(ctx.config.instances);
    const largest = fleet.length ? Math.max(...pageSizesOf(fleet)) : 65536;
    const lgLargest = Math.log2(largest);
    for (const s of sites(ctx)) {
      if (s.value >= lgLargest || !reachesArm64(s.arch)) continue;
      const kib = 2 ** s.value / 1024;
      const fixes: Fix[] = [{
        title: `Configure jemalloc for ${largest / 1024} KiB pages (lg-page ${lgLargest}), which also runs on smaller kernel pages`, kind: 'suggest',
        edits: [{ start: s.valueStart, end: s.valueStart + String(s.value).length, newText: String(lgLargest) }],
      }];
      const where = fleet.length
        ? largerPagesNote(fleet, 2 ** s.value)
        : `arm64 kernels with larger pages (${s.value < 14 ? '16 KiB: Asahi Linux, Raspberry Pi 5; ' : ''}64 KiB kernels, such as NVIDIA Grace systems)`;
      ctx.report({
        start: s.start, end: s.valueStart + String(s.value).length, fixes,
        message: `jemalloc is built for ${kib} KiB pages (lg-page ${s.value}) and aborts at start with "<jemalloc>: Unsupported system page size" on ${where}. Use lg-page ${lgLargest} for arm64 builds: a larger configured page works on smaller kernel pages.`,
      });
    }
  },
};

function sites(ctx: RuleContext): Site[] {
  const rel = path.relative(ctx.root, ctx.path);
  const byPath = archOfPath(rel);
  const out: Site[] = [];
  const add = (text: string, base: number, archAt: (offset: number) => BuildArch) => {
    const masked = maskHashComments(text);
    for (const m of masked.matchAll(LG_PAGE)) {
      const start = base + m.index!;
      out.push({ start, valueStart: start + m[0].length - m[2].length, value: Number(m[2]), arch: archAt(start) });
    }
  };
  if (ctx.kind === 'dockerfile') {
    const m = dockerfileModel(ctx);
    if (m.isTemplate) return [];
    for (const ins of m.instructions) {
      const arch = stageArch(m, ins.stage);
      if (ins.keyword === 'ENV' || ins.keyword === 'ARG') add(ins.args, ins.argsStart, () => arch);
      else if (ins.keyword === 'RUN') {
        const run = m.runOf(ins);
        if (run?.shell) add(run.text, run.start, (o) => run.shell!.archAt(o, arch));
        else if (run) add(run.text, run.start, () => arch);
      }
    }
  } else if (ctx.kind === 'shell') {
    let shell: ReturnType<typeof summarizeShell> | undefined;
    add(ctx.text, 0, (o) => (shell ??= summarizeShell(ctx.text)).archAt(o, byPath ?? 'any'));
  } else if (ctx.kind === 'makefile') {
    const tree = ctx.tree('make');
    add(ctx.text, 0, (o) => makeArchAt(tree.rootNode, o, byPath ?? 'any'));
  }
  return out;
}

/** ifneq/ifndef negate, except `ifneq (,$(findstring ...))` / `ifneq ($(filter ...),)`, which test for non-empty. */
function isNegated(cond: SyntaxNode): boolean {
  const neg = cond.type.startsWith('ifn');
  const againstEmpty = /,\s*\)\s*$|,\s*""\s*\)?\s*$|^\S+\s*\(\s*,/.test(cond.text.trim());
  return cond.type.startsWith('ifneq') || cond.type.startsWith('ifeq') ? neg !== againstEmpty : neg;
}

/** The arch a Makefile place builds for, from the ifeq/ifneq/else branches around it (innermost first). */
function makeArchAt(root: SyntaxNode, offset: number, fallback: BuildArch): BuildArch {
  const archs: (BuildArch | undefined)[] = [];
  let child: SyntaxNode | null = root.descendantForIndex(offset);
  for (let parent = child?.parent ?? null; child && parent; child = parent, parent = parent.parent) {
    const text = (n: SyntaxNode) => n.text.replace(/\s+/g, ' ');
    if (parent.type === 'conditional') {
      const cond = parent.childForFieldName('condition');
      if (!cond || child.type === 'else_directive' || child.type === 'elsif_directive' || child.startIndex === cond.startIndex) continue;
      archs.push(archOfCondition(text(cond), isNegated(cond)));
    } else if (parent.type === 'elsif_directive') {
      const own = parent.children.find((c) => !!c && /^if(n?eq|n?def)_directive$/.test(c.type));
      if (own && child.startIndex !== own.startIndex) archs.push(archOfCondition(text(own), isNegated(own)));
    } else if (parent.type === 'else_directive') {
      const cond = parent.parent?.childForFieldName('condition');
      if (cond) archs.push(archOfCondition(text(cond), !isNegated(cond)));
    }
  }
  return innermostArch(archs, fallback);
}

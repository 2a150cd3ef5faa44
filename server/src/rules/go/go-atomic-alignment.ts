// go-atomic-alignment: a field used with the 64-bit sync/atomic functions that is not 8-aligned on an
// enabled 32-bit target panics "unaligned 64-bit atomic operation" there (sync/atomic docs, "Bugs";
// facts layout-and-abi.md §3.4: the first word of an allocated struct is 8-aligned, nothing else).
import * as path from 'node:path';
import { goArch, structLayout } from '../../layout/go/sizes';
import type { GoType } from '../../layout/go/types';
import { TARGETS, type TargetId } from '../../core/targets';
import { findAtomicFieldUses } from '../../lang/go/atomicUses';
import { goFileSyntax, goWorkspace } from '../../lang/go/context';
import { GoResolver } from '../../lang/go/resolve';
import { goEnvOf } from '../../lang/go/structs';
import type { Rule } from '../rule';

/** Offset of a field path inside a value of type t, or undefined when the path leaves known structs. */
function offsetOf(t: GoType, fieldPath: string[], goarch: string): number | undefined {
  let offset = 0;
  let cur: GoType = t;
  const arch = goArch(goarch);
  for (const name of fieldPath) {
    if (cur.kind !== 'struct') return undefined;
    const i = cur.fields.findIndex((f) => f.name === name);
    if (i < 0) return undefined;
    offset += structLayout(cur.fields, arch).fields[i].offset;
    cur = cur.fields[i].type;
  }
  return offset;
}

export const rule: Rule = {
  meta: {
    readsOtherFiles: true,
    id: 'go-atomic-alignment',
    defaultSeverity: 'error',
    category: 'alignment',
    kinds: ['go'],
    description: 'A field used with 64-bit sync/atomic functions is not 8-byte aligned on a 32-bit target (linux/arm, linux/386): the call panics there.',
  },
  prefilter: /\batomic\.(?:Add|Load|Store|Swap|CompareAndSwap|And|Or)(?:Int64|Uint64)\(/,
  check(ctx) {
    const syntax = goFileSyntax(ctx);
    const atomicName = [...syntax.imports].find(([, p]) => p === 'sync/atomic')?.[0];
    if (!atomicName) return;
    const uses = findAtomicFieldUses(ctx.tree('go'), atomicName);
    if (!uses.length) return;
    const enabled32 = ctx.config.targets.filter((t) => TARGETS[t].is32bit);
    // With no 32-bit target enabled the hazard is reported as a hint, measured on linux/arm.
    const targets = enabled32.length ? enabled32 : (['linux/arm'] as TargetId[]);
    const ws = goWorkspace(ctx);
    for (const use of uses) {
      const bad: { target: TargetId; offset: number }[] = [];
      for (const target of targets) {
        const resolver = new GoResolver(ws, goEnvOf(target, ws));
        const pkg = resolver.packageAt(path.dirname(ctx.path), { tests: ctx.path.endsWith('_test.go'), packageName: syntax.packageName });
        if (!pkg.files.some((f) => f.path === path.resolve(ctx.path))) continue;
        const r = resolver.resolve(use.rootType, { pkg, file: syntax });
        if (!r.ok) continue;
        const off = offsetOf(r.value, use.path, TARGETS[target].goarch);
        if (off !== undefined && off % 8 !== 0) bad.push({ target, offset: off });
      }
      if (!bad.length) continue;
      const typeName = use.rootType.k === 'named' ? (use.rootType.pkg ? `${use.rootType.pkg}.` : '') + use.rootType.name : 'the struct';
      const where = bad.map((b) => `offset ${b.offset} on ${b.target}`).join(', ');
      ctx.report({
        start: use.start, end: use.end, severity: enabled32.length ? 'error' : 'hint',
        message: `${use.text.slice(1)} (field ${use.path.join('.')} of ${typeName}) is at ${where}: atomic.${use.func} panics there with "unaligned 64-bit atomic operation". Make the field atomic.${use.func.includes('Uint') ? 'Uint64' : 'Int64'} (always 8-aligned) or move it to the start of ${typeName}`,
        data: { field: use.path.join('.'), type: typeName },
      });
    }
  },
};

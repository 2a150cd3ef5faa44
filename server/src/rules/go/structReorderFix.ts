// Shared by the Go layout rules: the reorder fix for one struct, or the reason it is withheld.
import * as path from 'node:path';
import type { Fix } from '../../engine/types';
import { goArch, structLayout } from '../../layout/go/sizes';
import { bestOrderForAll, reordered } from '../../layout/go/order';
import { TARGETS } from '../../layout/targets';
import { goFileSyntax, goWorkspace } from '../../lang/go/context';
import { goEnvOf, type GoStructInfo, type GoTargetLayout } from '../../lang/go/structs';
import { atomic64FieldNames, atomic64Fields, reorderBlocker } from '../../lang/go/reorderSafety';
import { reorderGoStruct, unitOrderFromFieldOrder } from '../../fixes/goReorder';
import type { RuleContext } from '../rule';

export type ResolvedTarget = GoTargetLayout & { layout: NonNullable<GoTargetLayout['layout']>; fieldTypes: NonNullable<GoTargetLayout['fieldTypes']> };

/** Targets where the struct is in the build and resolved; undefined when any in-build target is unresolved. */
export function resolvedTargets(s: GoStructInfo): ResolvedTarget[] | undefined {
  if (!s.syntax || s.duplicate) return undefined; // reported where the struct literal is
  if (s.targets.some((t) => t.unresolved !== null)) return undefined;
  const r = s.targets.filter((t): t is ResolvedTarget => t.layout !== null && !!t.fieldTypes);
  return r.length ? r : undefined;
}

/** Sizes (per target) after applying a field order. */
export function sizesAfter(targets: ResolvedTarget[], order: number[]): Map<string, { size: number; ptrdata: number }> {
  const out = new Map<string, { size: number; ptrdata: number }>();
  for (const t of targets) {
    const l = structLayout(reordered(t.fieldTypes, order), goArch(TARGETS[t.target].goarch));
    out.set(t.target, { size: l.size, ptrdata: l.ptrdata });
  }
  return out;
}

export function reorderFix(ctx: RuleContext, s: GoStructInfo, targets: ResolvedTarget[], chosen: ChosenOrder): { fix?: Fix; blocked?: string } {
  const fieldOrder = chosen.order;
  const ws = goWorkspace(ctx);
  const syntax = goFileSyntax(ctx);
  const first = targets[0];
  const pkg = ws.package(path.dirname(ctx.path), goEnvOf(first.target, ws), { tests: ctx.path.endsWith('_test.go'), packageName: syntax.packageName });
  const blocked = reorderBlocker({
    ws, pkg, file: syntax, filePath: ctx.path, text: ctx.text, tree: ctx.parsedTree?.('go'), editing: ctx.editing, typeName: s.name.split('.')[0], nested: s.nested,
    fields: first.fieldTypes, order: fieldOrder, atomics: chosen.atomics, targets: ctx.config.targets,
  });
  if (blocked) return { blocked };
  const edit = reorderGoStruct(ctx.text, s.syntax!, unitOrderFromFieldOrder(s.syntax!, fieldOrder));
  if (!edit.ok) return { blocked: `the fields cannot be moved without losing formatting or comments (${edit.reason})` };
  return { fix: { title: `Reorder fields of ${s.name}`, kind: 'fix', edits: [edit.edit] } };
}

/** Blank-line group of each flattened field (`a, b T` counts twice): a blank line starts a new group. */
export function fieldGroups(text: string, s: GoStructInfo): number[] {
  const groups: number[] = [];
  let g = 0, prevEnd = s.syntax!.bodyStart;
  for (const f of s.syntax!.fields) {
    if (/\n[ \t]*\n/.test(text.slice(prevEnd, f.start))) g++;
    for (let k = 0; k < Math.max(1, f.names.length); k++) groups.push(g);
    prevEnd = f.end;
  }
  return groups;
}

/**
 * The order the fixes use: the best order over the whole struct, or the same sort kept inside each
 * blank-line group when that is just as good on every target (the groups then survive the fix).
 */
export function chooseOrder(ctx: RuleContext, s: GoStructInfo, targets: ResolvedTarget[]): ChosenOrder {
  // The layouts of an unchanged struct are the same objects from one edit to the next (goStructsOfFile).
  const groups = fieldGroups(ctx.text, s);
  const atomics = packageAtomics(ctx, targets[0].fieldTypes);
  const groupsKey = `${groups.join(',')}|${atomics.join(',')}`;
  const known = chosenOrders.get(targets[0]);
  if (known && known.groupsKey === groupsKey) return known.chosen;
  const chosen = computeOrder(targets, groups, atomics);
  chosenOrders.set(targets[0], { groupsKey, chosen });
  return chosen;
}

/** A field order, the sizes it gives per target, and the fields used with 64-bit atomics that it puts first. */
export type ChosenOrder = { order: number[]; sizes: Map<string, { size: number; ptrdata: number }>; atomics: number[] };
const chosenOrders = new WeakMap<ResolvedTarget, { groupsKey: string; chosen: ChosenOrder }>();

/** The struct's fields used with 64-bit sync/atomic functions in its package (see atomic64Fields). */
function packageAtomics(ctx: RuleContext, fields: ResolvedTarget['fieldTypes']): number[] {
  return atomic64Fields(fields, () => ctx.memo('go:package-atomic-names', () => {
    const ws = goWorkspace(ctx);
    const dir = path.dirname(ctx.path);
    // The edited file by its current text; the others as the workspace keeps them (until they change).
    return ws.fs.readDir(dir).filter((e) => e.name.endsWith('.go'))
      .map((e) => (path.join(dir, e.name) === ctx.path ? atomic64FieldNames([ctx.text]) : ws.atomic64NamesOf(path.join(dir, e.name))));
  }));
}

/**
 * The order with the 64-bit atomic fields first (after zero-size fields, which take no room), as the
 * sync/atomic docs advise: 8-byte fields at offsets 0, 8, ... are aligned on every target, and they are of
 * the largest alignment everywhere, so the size stays the smallest.
 */
function atomicsFirst(order: number[], atomics: number[], zeroSize: (i: number) => boolean): number[] {
  if (atomics.length === 0) return order;
  const first = new Set(atomics);
  return [...order.filter(zeroSize), ...order.filter((i) => first.has(i)), ...order.filter((i) => !first.has(i) && !zeroSize(i))];
}

function computeOrder(targets: ResolvedTarget[], groups: number[], atomics: number[]): ChosenOrder {
  const arches = targets.map((t) => goArch(TARGETS[t.target].goarch));
  const fields = targets[0].fieldTypes;
  const zeroSize = (i: number) => targets.some((t) => t.layout.fields[i].size === 0);
  const global = atomicsFirst(bestOrderForAll(fields, arches), atomics, zeroSize);
  const globalSizes = sizesAfter(targets, global);
  const grouped = atomicsFirst(bestOrderForAll(fields, arches, groups), atomics, zeroSize);
  const groupedSizes = sizesAfter(targets, grouped);
  const asGood = targets.every((t) => {
    const g = groupedSizes.get(t.target)!, b = globalSizes.get(t.target)!;
    return g.size === b.size && g.ptrdata <= b.ptrdata;
  });
  return asGood ? { order: grouped, sizes: groupedSizes, atomics } : { order: global, sizes: globalSizes, atomics };
}

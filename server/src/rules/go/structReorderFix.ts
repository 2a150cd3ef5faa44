// Shared by the Go layout rules: the reorder fix for one struct, or the reason it is withheld.
import * as path from 'node:path';
import type { Fix } from '../../core/types';
import { goArch, structLayout } from '../../layout/go/sizes';
import { bestOrderForAll, reordered } from '../../layout/go/order';
import { TARGETS } from '../../core/targets';
import { goFileSyntax, goWorkspace } from '../../lang/go/context';
import { goEnvOf, type GoStructInfo, type GoTargetLayout } from '../../lang/go/structs';
import { atomic64FieldNames, atomic64Fields, importPathOf, misalignedAtomic, reorderBlocker } from '../../lang/go/reorderSafety';
import { reorderCaveats } from '../../lang/go/reorderCaveats';
import { reorderGoStruct, unitOrderFromFieldOrder } from '../../fixes/goReorder';
import type { RuleContext } from '../rule';
import type { GoPackage } from '../../lang/go/packages';

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

/** The package of the file being analysed, as built for a target. */
export function packageOf(ctx: RuleContext, target: ResolvedTarget['target']): GoPackage {
  const ws = goWorkspace(ctx);
  return ws.package(path.dirname(ctx.path), goEnvOf(target, ws), { tests: ctx.path.endsWith('_test.go'), packageName: goFileSyntax(ctx).packageName });
}

/**
 * The fix for the chosen order (and the across-groups alternative, when there is one), or why it is
 * withheld; `note` says why an offered fix stays out of fix-all (the reorderFixAll settings let it in).
 */
export function reorderFix(ctx: RuleContext, s: GoStructInfo, targets: ResolvedTarget[], chosen: ChosenOrder): { fixes: Fix[]; blocked?: string; note?: string } {
  const ws = goWorkspace(ctx);
  const syntax = goFileSyntax(ctx);
  const first = targets[0];
  const pkg = packageOf(ctx, first.target);
  const typeName = s.name.split('.')[0];
  const blockerOf = (order: number[]) => reorderBlocker({
    ws, pkg, file: syntax, filePath: ctx.path, text: ctx.text, tree: ctx.parsedTree?.('go'), editing: ctx.editing, typeName, nested: s.nested,
    fields: first.fieldTypes, order, atomics: chosen.atomics, targets: ctx.config.targets,
  });
  const blocked = blockerOf(chosen.order);
  if (blocked) return { fixes: [], blocked };
  const edit = reorderGoStruct(ctx.text, s.syntax!, unitOrderFromFieldOrder(s.syntax!, chosen.order), chosen.keepsGroups);
  if (!edit.ok) return { fixes: [], blocked: `the fields cannot be moved without losing formatting or comments (${edit.reason})` };
  const caveats = reorderCaveats({ ws, pkg, filePath: ctx.path, typeName, syntax: s.syntax! });
  const suffix = caveats.map((c) => ` (${c.title})`).join('');
  const held = caveats.filter((c) => !ctx.config.reorderFixAll[c.key]);
  const notes = held.length ? [`Not in fix-all: ${held.map((c) => c.why).join('; ')} (setting reorderFixAll.${held.map((c) => c.key).join(', reorderFixAll.')})`] : [];
  // Fields moved across blank-line groups lose them: a judgement call, never applied in bulk.
  const across = !chosen.keepsGroups && new Set(fieldGroups(ctx.text, s)).size > 1;
  if (across) notes.push('Not in fix-all: the smaller order moves fields across its blank-line groups');
  const fixes: Fix[] = [{
    title: `Reorder fields of ${s.name}${across ? ' across its blank-line groups' : ''}${suffix}`,
    kind: held.length || across ? 'suggest' : 'fix', edits: [edit.edit],
  }];
  const alt = chosen.acrossGroups;
  if (alt && !blockerOf(alt.order)) {
    const altEdit = reorderGoStruct(ctx.text, s.syntax!, unitOrderFromFieldOrder(s.syntax!, alt.order));
    if (altEdit.ok) fixes.push({ title: `Reorder fields of ${s.name} across its blank-line groups${suffix}`, kind: 'suggest', edits: [altEdit.edit] });
  }
  return { fixes, note: notes.length ? notes.join('. ') : undefined };
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
 * The order the fixes use. A struct with blank-line groups keeps them: fields are sorted inside their
 * group when that makes it better anywhere and worse nowhere (the across-groups order, when smaller
 * still, is the alternative); otherwise the best order over the whole struct moves fields across groups.
 */
export function chooseOrder(ctx: RuleContext, s: GoStructInfo, targets: ResolvedTarget[]): ChosenOrder {
  // The layouts of an unchanged struct are the same objects from one edit to the next (goStructsOfFile).
  const groups = fieldGroups(ctx.text, s);
  const atomics = packageAtomics(ctx, targets[0]);
  const groupsKey = `${groups.join(',')}|${atomics.join(',')}`;
  const known = chosenOrders.get(targets[0]);
  if (known && known.groupsKey === groupsKey) return known.chosen;
  const chosen = computeOrder(targets, groups, atomics);
  chosenOrders.set(targets[0], { groupsKey, chosen });
  return chosen;
}

type Sizes = Map<string, { size: number; ptrdata: number }>;

/**
 * A field order, the sizes it gives per target, and the fields used with 64-bit atomics that it puts
 * first. `keepsGroups`: every field stays in its blank-line group. `acrossGroups`: a smaller order that
 * does not, offered as an alternative.
 */
export type ChosenOrder = { order: number[]; sizes: Sizes; atomics: number[]; keepsGroups: boolean; acrossGroups?: { order: number[]; sizes: Sizes } };
const chosenOrders = new WeakMap<ResolvedTarget, { groupsKey: string; chosen: ChosenOrder }>();

/** The struct's fields used with 64-bit sync/atomic functions in its package (see atomic64Fields). */
function packageAtomics(ctx: RuleContext, target: ResolvedTarget): number[] {
  return atomic64Fields(target.fieldTypes, () => ctx.memo('go:package-atomic-names', () => {
    const ws = goWorkspace(ctx);
    const dir = path.dirname(ctx.path);
    // The edited file by its current text; the others as the workspace keeps them (until they change).
    const own = ws.fs.readDir(dir).filter((e) => e.name.endsWith('.go'))
      .map((e) => (path.join(dir, e.name) === ctx.path ? atomic64FieldNames([ctx.text]) : ws.atomic64NamesOf(path.join(dir, e.name))));
    // Other packages reach exported fields: atomic.AddInt64(&x.Count, 1) in an importer counts too.
    const importPath = importPathOf(ws, packageOf(ctx, target.target));
    const importers = importPath === undefined ? [] : ws.filesImporting(importPath).map((f) => ws.atomic64NamesOf(f));
    // One set: looked up for every candidate field of every struct of the file.
    return [new Set([...own, ...importers].flatMap((names) => [...names]))];
  }));
}

/**
 * The order with the 64-bit atomic fields first (after zero-size fields, which take no room), as the
 * sync/atomic docs advise: 8-byte fields at offsets 0, 8, ... are aligned on every target, and they are of
 * the largest alignment everywhere, so the size stays the smallest. With `groups`, first in their group.
 */
function atomicsFirst(order: number[], atomics: number[], zeroSize: (i: number) => boolean, groups?: number[]): number[] {
  if (atomics.length === 0) return order;
  const first = new Set(atomics);
  const group = (i: number) => groups?.[i] ?? 0;
  const out: number[] = [];
  for (const g of [...new Set(order.map(group))]) {
    const inGroup = order.filter((i) => group(i) === g);
    out.push(...inGroup.filter(zeroSize), ...inGroup.filter((i) => first.has(i)), ...inGroup.filter((i) => !first.has(i) && !zeroSize(i)));
  }
  return out;
}

/** a is no worse than b on any target, and better (smaller, or as small with fewer pointer bytes) on one. */
function improves(a: Sizes, b: (t: string) => { size: number; ptrdata: number }, targets: ResolvedTarget[]): boolean {
  const worse = targets.some((t) => a.get(t.target)!.size > b(t.target).size);
  const better = targets.some((t) => {
    const x = a.get(t.target)!, y = b(t.target);
    return x.size < y.size || (x.size === y.size && x.ptrdata < y.ptrdata);
  });
  return !worse && better;
}

function computeOrder(targets: ResolvedTarget[], groups: number[], atomics: number[]): ChosenOrder {
  // Sorted for 32-bit targets too, enabled or not, so that no Go target gets a larger struct.
  const arches = [...new Set([...targets.map((t) => TARGETS[t.target].goarch), '386'])].map((g) => goArch(g));
  const fields = targets[0].fieldTypes;
  const zeroSize = (i: number) => targets.some((t) => t.layout.fields[i].size === 0);
  const global = atomicsFirst(bestOrderForAll(fields, arches), atomics, zeroSize);
  const globalSizes = sizesAfter(targets, global);
  if (new Set(groups).size <= 1) return { order: global, sizes: globalSizes, atomics, keepsGroups: true };
  const grouped = atomicsFirst(bestOrderForAll(fields, arches, groups), atomics, zeroSize, groups);
  const groupedSizes = sizesAfter(targets, grouped);
  const current = (t: string) => { const l = targets.find((x) => x.target === t)!.layout; return { size: l.size, ptrdata: l.ptrdata }; };
  // A grouped order that would misalign an atomic field on 32-bit targets is no candidate.
  if (improves(groupedSizes, current, targets) && !misalignedAtomic(fields, grouped, atomics)) {
    const smaller = targets.some((t) => globalSizes.get(t.target)!.size < groupedSizes.get(t.target)!.size)
      && targets.every((t) => globalSizes.get(t.target)!.size <= groupedSizes.get(t.target)!.size);
    return { order: grouped, sizes: groupedSizes, atomics, keepsGroups: true, acrossGroups: smaller ? { order: global, sizes: globalSizes } : undefined };
  }
  return { order: global, sizes: globalSizes, atomics, keepsGroups: false };
}

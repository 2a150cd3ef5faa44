// The layouts of the structs declared in one Go file, per target: named struct types and the
// anonymous struct types nested in them (named Outer.field), resolved against their package.
import * as path from 'node:path';
import { structLayout, goArch, type GoStructLayout } from '../../layout/go/sizes';
import { optimalSize } from '../../layout/go/order';
import type { GoField } from '../../layout/go/types';
import { TARGETS, type TargetId } from '../../core/targets';
import type { GoTargetEnv } from './buildConstraints';
import type { GoWorkspace, ModuleNotDownloaded } from './packages';
import { GoResolver, type Scope } from './resolve';
import type { GoFileSyntax, StructSyntax, TypeExpr } from './syntax';
import { detached } from '../../parsing/strings';

export interface GoTargetLayout {
  target: TargetId;
  /** Null when this file is not part of the build for the target. */
  layout: (Omit<GoStructLayout, 'fields'> & { optimalSize: number; fields: (GoStructLayout['fields'][number] & { type: string })[] }) | null;
  unresolved: string | null;
  /** The unresolved reason is a type parameter (a generic declaration): never reported. */
  generic: boolean;
  /** Resolved field types, for reordering and the atomic-alignment rule. */
  fieldTypes?: GoField[];
  /** Unresolved because a module go.mod requires is not in the module cache (`go mod download` fetches it). */
  missingModule?: ModuleNotDownloaded;
}

export interface GoStructInfo {
  /** Type name, or Outer.field for nested anonymous structs. */
  name: string;
  nameStart: number;
  nameEnd: number;
  /** 0-based line of the name. */
  line: number;
  /** The struct literal; absent for a defined type or alias of another struct type (`type D Base`). */
  syntax?: StructSyntax;
  nested: boolean;
  /** Another name of the same struct literal (`x, y struct{...}`): laid out, never reported twice. */
  duplicate: boolean;
  targets: GoTargetLayout[];
}

/** The build a layout describes: the go command's default build for the target (see GoTargetEnv). */
export function goEnvOf(target: TargetId, ws?: GoWorkspace): GoTargetEnv {
  const goarch = TARGETS[target].goarch;
  return { goos: TARGETS[target].goos, goarch, defaultBuild: true, experiments: ws?.experiments(goarch) };
}

interface StructSite {
  name: string; nameStart: number; nameEnd: number; line: number; nested: boolean; duplicate: boolean;
  /** The struct literal, or the type expression of a defined type / alias. */
  syntax?: StructSyntax;
  derivedFrom?: TypeExpr;
  typeParams: string[];
}

/** The struct literal inside a field type: struct{...}, [N]struct{...}, *struct{...}. */
function innerStruct(t: TypeExpr): StructSyntax | undefined {
  if (t.k === 'struct') return t.struct;
  if (t.k === 'array') return innerStruct(t.elem);
  if (t.k === 'pointer' && t.target) return innerStruct(t.target);
  return undefined;
}

function collectSites(file: GoFileSyntax): StructSite[] {
  const sites: StructSite[] = [];
  const visit = (struct: StructSyntax, owner: StructSite) => {
    for (const f of struct.fields) {
      const sub = innerStruct(f.type);
      if (!sub) continue;
      (f.names.length ? f.names : ['?']).forEach((fname, k) => {
        const site: StructSite = {
          name: `${owner.name}.${fname}`, nameStart: f.start, nameEnd: f.start + fname.length, line: owner.line,
          syntax: sub, nested: true, duplicate: owner.duplicate || k > 0, typeParams: owner.typeParams,
        };
        sites.push(site);
        visit(sub, site);
      });
    }
  };
  for (const d of file.types) {
    const base = { name: d.name, nameStart: d.nameStart, nameEnd: d.nameEnd, line: d.line, nested: false, duplicate: false, typeParams: d.typeParams };
    if (d.type.k === 'struct') {
      const site: StructSite = { ...base, syntax: d.type.struct };
      sites.push(site);
      visit(d.type.struct, site);
    } else if (d.type.k === 'named' && d.typeParams.length === 0) {
      sites.push({ ...base, derivedFrom: d.type });
    }
  }
  return sites;
}

/**
 * The layouts of the file's structs. `editing`: the file is analysed after every edit, so its layouts are
 * remembered and reused while its types (GoFileSyntax.typesKey) and every other file are unchanged.
 */
export function goStructsOfFile(input: {
  file: string; text: string; syntax: GoFileSyntax; ws: GoWorkspace; targets: readonly TargetId[]; editing?: boolean;
}): GoStructInfo[] {
  const sites = collectSites(input.syntax);
  if (sites.length === 0) return [];
  const abs = path.resolve(input.file);
  const memoKey = input.editing && input.syntax.typesKey !== undefined
    ? `${input.targets.join(',')}\0${input.ws.changesOtherThan(abs)}\0${input.syntax.typesKey}` : undefined;
  const known = memoKey === undefined ? undefined : input.ws.structLayouts.get(abs);
  const layouts = known && known.key === memoKey ? known.targets : layoutsOf(sites, input);
  if (memoKey !== undefined && layouts !== known?.targets) input.ws.structLayouts.set(abs, { key: detached(memoKey), targets: layouts });
  const infos: GoStructInfo[] = sites.map((s, i) => ({
    name: s.name, nameStart: s.nameStart, nameEnd: s.nameEnd, line: s.line, syntax: s.syntax, nested: s.nested,
    duplicate: s.duplicate, targets: layouts[i],
  }));
  // Defined types and aliases of non-struct (or unknowable) types are not reported as structs.
  return infos.filter((info) => info.syntax || info.targets.some((t) => t.layout));
}

/** Per site, its layout on each Go target (layouts hold no text offsets, so they can be reused). */
function layoutsOf(sites: StructSite[], input: { file: string; syntax: GoFileSyntax; ws: GoWorkspace; targets: readonly TargetId[] }): GoTargetLayout[][] {
  const dir = path.dirname(path.resolve(input.file));
  const isTest = input.file.endsWith('_test.go');
  const out: GoTargetLayout[][] = sites.map(() => []);
  for (const target of input.targets) {
    if (!TARGETS[target].go) continue;
    const env = goEnvOf(target, input.ws);
    const resolver = new GoResolver(input.ws, env);
    const pkg = resolver.packageAt(dir, { tests: isTest, packageName: input.syntax.packageName });
    const inBuild = pkg.files.some((f) => f.path === path.resolve(input.file));
    const arch = goArch(env.goarch);
    sites.forEach((site, i) => {
      const push = (t: GoTargetLayout) => out[i].push(t);
      if (!inBuild) { push({ target, layout: null, unresolved: null, generic: false }); return; }
      // Type parameters stay unbound: a layout that needs one by value is not knowable from the declaration.
      const scope: Scope = { pkg, file: input.syntax, typeArgs: site.typeParams.length ? new Map(site.typeParams.map((p) => [p, null])) : undefined };
      const r = site.syntax ? resolver.resolveStruct(site.syntax, scope) : resolver.resolve(site.derivedFrom!, scope);
      if (!r.ok) { push({ target, layout: null, unresolved: r.reason, generic: !!r.generic, ...(r.missingModule ? { missingModule: r.missingModule } : {}) }); return; }
      if (r.value.kind !== 'struct') return;
      const fields = r.value.fields;
      const l = structLayout(fields, arch);
      push({
        target, unresolved: null, generic: false, fieldTypes: fields,
        layout: {
          ...l,
          fields: l.fields.map((f, j) => ({ ...f, type: fields[j].typeText })),
          optimalSize: optimalSize(fields, arch),
        },
      });
    });
  }
  return out;
}

// The layouts of the structs declared in one Go file, per target: named struct types and the
// anonymous struct types nested in them (named Outer.field), resolved against their package.
import * as path from 'node:path';
import { structLayout, goArch, type GoStructLayout } from '../../layout/go/sizes';
import { minimalPointerBytesOrder, optimalSize, reordered } from '../../layout/go/order';
import type { GoField, GoType } from '../../layout/go/types';
import { TARGETS, type TargetId } from '../../layout/targets';
import type { GoTargetEnv } from './buildConstraints';
import type { GoWorkspace } from './packages';
import { GoResolver, type Scope } from './resolve';
import type { GoFileSyntax, StructSyntax, TypeExpr } from './syntax';

export interface GoTargetLayout {
  target: TargetId;
  /** Null when this file is not part of the build for the target. */
  layout: (Omit<GoStructLayout, 'fields'> & { optimalSize: number; optimalPtrdata: number; fields: (GoStructLayout['fields'][number] & { type: string })[] }) | null;
  unresolved: string | null;
  /** The unresolved reason is a type parameter (a generic declaration): never reported. */
  generic: boolean;
  /** Resolved field types, for reordering and the atomic-alignment rule. */
  fieldTypes?: GoField[];
}

export interface GoStructInfo {
  /** Type name, or Outer.field for nested anonymous structs. */
  name: string;
  nameStart: number;
  nameEnd: number;
  /** 0-based line of the name. */
  line: number;
  syntax: StructSyntax;
  nested: boolean;
  /** The named type has type parameters. */
  isGenericDecl: boolean;
  targets: GoTargetLayout[];
}

export function goEnvOf(target: TargetId): GoTargetEnv {
  return { goos: TARGETS[target].goos, goarch: TARGETS[target].goarch };
}

interface StructSite { name: string; nameStart: number; nameEnd: number; line: number; syntax: StructSyntax; nested: boolean; generic: boolean; path: string[] }

function collectSites(file: GoFileSyntax): StructSite[] {
  const sites: StructSite[] = [];
  const visit = (t: TypeExpr, owner: StructSite, fieldPath: string[]) => {
    if (t.k === 'array') return visit(t.elem, owner, fieldPath);
    if (t.k !== 'struct') return;
    for (const f of t.struct.fields) {
      const sub = stripToStruct(f.type);
      if (!sub) continue;
      const fname = f.names[0] ?? '?';
      const site: StructSite = {
        name: `${owner.name}.${fname}`, nameStart: f.start, nameEnd: f.start + (f.names[0]?.length ?? 1), line: owner.line,
        syntax: sub, nested: true, generic: owner.generic, path: [...fieldPath, fname],
      };
      sites.push(site);
      visit({ k: 'struct', struct: sub }, site, site.path);
    }
  };
  for (const d of file.types) {
    if (d.alias || d.type.k !== 'struct') continue;
    const site: StructSite = {
      name: d.name, nameStart: d.nameStart, nameEnd: d.nameEnd, line: d.line, syntax: d.type.struct,
      nested: false, generic: d.typeParams.length > 0, path: [],
    };
    sites.push(site);
    visit(d.type, site, []);
  }
  return sites;
}

function stripToStruct(t: TypeExpr): StructSyntax | undefined {
  if (t.k === 'struct') return t.struct;
  if (t.k === 'array') return stripToStruct(t.elem);
  return undefined;
}

/** Lines of nested sites are those of their field; computed from the text by the caller when needed. */
export function goStructsOfFile(input: {
  file: string; text: string; syntax: GoFileSyntax; ws: GoWorkspace; targets: readonly TargetId[];
}): GoStructInfo[] {
  const sites = collectSites(input.syntax);
  if (sites.length === 0) return [];
  const dir = path.dirname(path.resolve(input.file));
  const isTest = input.file.endsWith('_test.go');
  const infos: GoStructInfo[] = sites.map((s) => ({
    name: s.name, nameStart: s.nameStart, nameEnd: s.nameEnd, line: s.line, syntax: s.syntax, nested: s.nested,
    isGenericDecl: s.generic, targets: [],
  }));
  for (const target of input.targets) {
    if (!TARGETS[target].go) continue;
    const env = goEnvOf(target);
    const resolver = new GoResolver(input.ws, env);
    const pkg = resolver.packageAt(dir, { tests: isTest, packageName: input.syntax.packageName });
    const inBuild = pkg.files.some((f) => f.path === path.resolve(input.file));
    const scope: Scope = { pkg, file: input.syntax };
    const arch = goArch(env.goarch);
    sites.forEach((site, i) => {
      if (!inBuild) { infos[i].targets.push({ target, layout: null, unresolved: null, generic: false }); return; }
      if (site.generic) {
        infos[i].targets.push({ target, layout: null, unresolved: 'its layout depends on its type parameters', generic: true });
        return;
      }
      const r = resolver.resolveStruct(site.syntax, scope);
      if (!r.ok) { infos[i].targets.push({ target, layout: null, unresolved: r.reason, generic: !!r.generic }); return; }
      const fields = (r.value as Extract<GoType, { kind: 'struct' }>).fields;
      const l = structLayout(fields, arch);
      const ptrOrder = minimalPointerBytesOrder(fields, arch);
      infos[i].targets.push({
        target, unresolved: null, generic: false, fieldTypes: fields,
        layout: {
          ...l,
          fields: l.fields.map((f, j) => ({ ...f, type: fields[j].typeText })),
          optimalSize: optimalSize(fields, arch),
          optimalPtrdata: structLayout(reordered(fields, ptrOrder), arch).ptrdata,
        },
      });
    });
  }
  return infos;
}

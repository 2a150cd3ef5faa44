// Turns source type expressions into layout types for one target, the way the compiler would see
// them. Anything it cannot know exactly comes back as a reason instead of a guess.
import * as path from 'node:path';
import type { GoBasicName, GoField, GoType } from '../../layout/go/types';
import { GO_BASIC_NAMES } from '../../layout/go/types';
import type { GoTargetEnv } from './buildConstraints';
import type { GoPackage, GoWorkspace } from './packages';
import { stdTypeFallback } from './stdTable';
import type { ConstExpr, GoFileSyntax, StructSyntax, TypeExpr } from './syntax';

export type Resolved<T> = { ok: true; value: T } | { ok: false; reason: string; generic?: boolean };

/** Where a type expression is written: its package, its file's imports, bound type parameters. */
export interface Scope {
  pkg: GoPackage;
  file: GoFileSyntax;
  /** Type parameters: bound to a resolved type, to an expression of the instantiating scope, or unbound (null). */
  typeArgs?: Map<string, { type: GoType } | { expr: TypeExpr; scope: Scope } | null>;
}

const PREDECLARED: Record<string, GoBasicName | 'interface'> = {
  byte: 'uint8', rune: 'int32', any: 'interface', error: 'interface',
};

/** Packages whose empty struct `align64` forces 8-byte alignment of its container. */
const ALIGN64_PACKAGES = new Set(['sync/atomic', 'runtime/internal/atomic', 'internal/runtime/atomic']);

const fail = (reason: string, generic = false): { ok: false; reason: string; generic?: boolean } => ({ ok: false, reason, generic });

export class GoResolver {
  private readonly named = new Map<string, Resolved<GoType>>();
  private readonly inProgress = new Set<string>();
  private lazyDepth = 0;

  constructor(readonly ws: GoWorkspace, readonly target: GoTargetEnv) {}

  packageAt(dir: string, opts?: { tests?: boolean; packageName?: string }): GoPackage {
    return this.ws.package(dir, this.target, opts);
  }

  resolve(expr: TypeExpr, scope: Scope): Resolved<GoType> {
    switch (expr.k) {
      case 'pointer': return { ok: true, value: { kind: 'pointer' } };
      case 'slice': return { ok: true, value: { kind: 'slice' } };
      case 'interface': return { ok: true, value: { kind: 'interface' } };
      case 'invalid': return fail(`type ${expr.text || '(missing)'} is not understood`);
      case 'array': {
        const len = this.evalConst(expr.len, scope, 0);
        if (!len.ok) return len;
        if (len.value < 0n || len.value > 1n << 40n) return fail(`array length ${len.value} is out of range`);
        const elem = this.resolve(expr.elem, scope);
        if (!elem.ok) return elem;
        return { ok: true, value: { kind: 'array', len: Number(len.value), elem: elem.value } };
      }
      case 'struct': return this.resolveStruct(expr.struct, scope);
      case 'named': return this.resolveNamed(expr, scope);
    }
  }

  resolveStruct(s: StructSyntax, scope: Scope): Resolved<GoType> {
    const fields: GoField[] = [];
    for (const f of s.fields) {
      const t = this.resolve(f.type, scope);
      if (!t.ok) return t;
      if (f.embedded) fields.push({ name: embeddedName(f.type), type: t.value, typeText: f.typeText, embedded: true });
      else for (const n of f.names) fields.push({ name: n, type: t.value, typeText: f.typeText });
    }
    return { ok: true, value: { kind: 'struct', fields } };
  }

  private resolveNamed(expr: Extract<TypeExpr, { k: 'named' }>, scope: Scope): Resolved<GoType> {
    if (!expr.pkg) {
      const bound = scope.typeArgs?.get(expr.name);
      if (bound === null) return fail(`its layout depends on type parameter ${expr.name}`, true);
      if (bound) return 'type' in bound ? { ok: true, value: bound.type } : this.resolve(bound.expr, bound.scope);
      const local = scope.pkg.types.get(expr.name);
      if (local) return this.resolveDecl(scope.pkg, expr.name, expr.args, scope);
      if (GO_BASIC_NAMES.has(expr.name)) return { ok: true, value: { kind: 'basic', name: expr.name as GoBasicName } };
      const pre = PREDECLARED[expr.name];
      if (pre === 'interface') return { ok: true, value: { kind: 'interface' } };
      if (pre) return { ok: true, value: { kind: 'basic', name: pre } };
      if (expr.name === 'comparable') return fail('comparable is a constraint');
      const undecided = scope.pkg.undecided.length ? ` (files with undecidable build tags were left out: ${scope.pkg.undecided.slice(0, 3).join(', ')})` : '';
      return fail(`size unknown because ${expr.name} is not found${undecided}`);
    }
    if (expr.pkg === 'C') return fail(`size unknown because C.${expr.name} is a cgo type`);
    if (expr.pkg === 'unsafe' && expr.name === 'Pointer') return { ok: true, value: { kind: 'basic', name: 'unsafe.Pointer' } };
    const importPath = scope.file.imports.get(expr.pkg);
    if (!importPath) return fail(`size unknown because package ${expr.pkg} is not imported`);
    const where = this.ws.resolveImport(importPath, scope.pkg.dir);
    if ('missing' in where) {
      const fallback = stdTypeFallback(importPath, expr.name);
      if (fallback) return { ok: true, value: fallback };
      return fail(`size unknown because ${expr.pkg}.${expr.name} is not found: ${where.missing}`);
    }
    const pkg = this.packageAt(where.dir);
    if (!pkg.types.has(expr.name)) {
      const fallback = stdTypeFallback(importPath, expr.name);
      if (fallback) return { ok: true, value: fallback };
      return fail(`size unknown because ${expr.pkg}.${expr.name} is not found in ${path.basename(where.dir)}`);
    }
    return this.resolveDecl(pkg, expr.name, expr.args, scope, importPath);
  }

  private resolveDecl(pkg: GoPackage, name: string, args: TypeExpr[] | undefined, useScope: Scope, importPath?: string): Resolved<GoType> {
    const entry = pkg.types.get(name)!;
    const decl = entry.decl;
    const declScope: Scope = { pkg, file: entry.file };
    let key = `${pkg.dir}|${name}`;
    if (decl.typeParams.length) {
      if (!args || args.length !== decl.typeParams.length) {
        return fail(`generic type ${name} is used without its type arguments`, true);
      }
      // Key an instantiation by its resolved type arguments, never by their text: `Pair[T, int64]` means
      // something else in every instantiation of the type around it.
      const resolvedArgs = args.map((a) => this.resolve(a, useScope));
      if (resolvedArgs.every((r) => r.ok)) {
        const types = resolvedArgs.map((r) => (r as { ok: true; value: GoType }).value);
        declScope.typeArgs = new Map(decl.typeParams.map((p, i) => [p, { type: types[i] }]));
        key += '|' + JSON.stringify(types);
      } else {
        // An argument that cannot be resolved may still only stand behind a pointer: bind it lazily, uncached.
        declScope.typeArgs = new Map(decl.typeParams.map((p, i) => [p, { expr: args[i], scope: useScope }]));
        if (this.lazyDepth > 64) return fail(`invalid recursive type ${name}`);
        this.lazyDepth++;
        try { return this.resolve(decl.type, declScope); } finally { this.lazyDepth--; }
      }
    }
    const cached = this.named.get(key);
    if (cached) return cached;
    if (this.inProgress.has(key)) return fail(`invalid recursive type ${name}`);
    this.inProgress.add(key);
    let result: Resolved<GoType>;
    try {
      const isMarker = name === 'align64' && decl.type.k === 'struct' && decl.type.struct.fields.length === 0 &&
        ALIGN64_PACKAGES.has(importPath ?? packageImportPath(pkg, this.ws));
      result = isMarker ? { ok: true, value: { kind: 'struct', fields: [], isAlign64Marker: true } } : this.resolve(decl.type, declScope);
    } finally {
      this.inProgress.delete(key);
    }
    this.named.set(key, result);
    return result;
  }

  evalConst(e: ConstExpr, scope: Scope, iota: number): Resolved<bigint> {
    const r = this.evalTyped(e, scope, iota, 0);
    return r.ok ? { ok: true, value: r.value.v } : r;
  }

  /** Width in bits of an unsigned integer type on this target, or undefined for signed types. */
  private unsignedBits(type: string): number | undefined {
    const word = this.target.goarch === 'arm' || this.target.goarch === '386' ? 32 : 64;
    return ({ uint8: 8, byte: 8, uint16: 16, uint32: 32, uint64: 64, uint: word, uintptr: word } as Record<string, number>)[type];
  }

  /** Constant evaluation that tracks unsigned widths, because ^x of an unsigned constant depends on it. */
  private evalTyped(e: ConstExpr, scope: Scope, iota: number, depth: number): Resolved<{ v: bigint; bits?: number }> {
    if (depth > 50) return fail('constant expression too deep');
    const ok = (v: bigint, bits?: number): Resolved<{ v: bigint; bits?: number }> => ({ ok: true, value: { v, bits } });
    switch (e.k) {
      case 'int': return ok(e.v);
      case 'iota': return ok(BigInt(iota));
      case 'unknown': return fail(`array length ${e.text} cannot be evaluated`);
      case 'convert': {
        const x = this.evalTyped(e.x, scope, iota, depth + 1);
        return x.ok ? ok(x.value.v, this.unsignedBits(e.type)) : x;
      }
      case 'ident': {
        let pkg = scope.pkg;
        if (e.pkg) {
          const importPath = scope.file.imports.get(e.pkg);
          const where = importPath ? this.ws.resolveImport(importPath, scope.pkg.dir) : undefined;
          if (!where || 'missing' in where) return fail(`size unknown because constant ${e.pkg}.${e.name} is not found`);
          pkg = this.packageAt(where.dir);
        }
        const c = pkg.consts.get(e.name);
        if (!c) return fail(`size unknown because constant ${e.pkg ? e.pkg + '.' : ''}${e.name} is not found`);
        return this.evalTyped(c.c.expr, { pkg, file: c.file }, c.c.iota, depth + 1);
      }
      case 'unary': {
        const x = this.evalTyped(e.x, scope, iota, depth + 1);
        if (!x.ok) return x;
        const { v, bits } = x.value;
        if (e.op === '-') return ok(-v, bits);
        if (e.op === '+') return x;
        if (e.op === '^') return ok(bits ? ((1n << BigInt(bits)) - 1n) ^ v : ~v, bits);
        return fail(`operator ${e.op} in an array length`);
      }
      case 'binary': {
        const l = this.evalTyped(e.l, scope, iota, depth + 1);
        if (!l.ok) return l;
        const r = this.evalTyped(e.r, scope, iota, depth + 1);
        if (!r.ok) return r;
        const a = l.value.v, b = r.value.v;
        // Shifts keep the left operand's type; other operators the typed operand's.
        const bits = e.op === '<<' || e.op === '>>' ? l.value.bits : l.value.bits ?? r.value.bits;
        switch (e.op) {
          case '+': return ok(a + b, bits);
          case '-': return ok(a - b, bits);
          case '*': return ok(a * b, bits);
          case '/': return b === 0n ? fail('division by zero') : ok(a / b, bits);
          case '%': return b === 0n ? fail('division by zero') : ok(a % b, bits);
          case '<<': return b < 0n || b > 64n ? fail('shift out of range') : ok(a << b, bits);
          case '>>': return b < 0n ? fail('shift out of range') : ok(a >> b, bits);
          case '&': return ok(a & b, bits);
          case '|': return ok(a | b, bits);
          case '^': return ok(a ^ b, bits);
          case '&^': return ok(a & ~b, bits);
          default: return fail(`operator ${e.op} in an array length`);
        }
      }
    }
  }
}

/** Name of an embedded field: the type name without package or pointer. */
export function embeddedName(t: TypeExpr): string {
  if (t.k === 'pointer' && t.target) return embeddedName(t.target);
  if (t.k === 'named') return t.name;
  return '?';
}

function packageImportPath(pkg: GoPackage, ws: GoWorkspace): string {
  if (ws.env.goroot) {
    const src = path.join(ws.env.goroot, 'src') + path.sep;
    if (pkg.dir.startsWith(src)) return pkg.dir.slice(src.length).split(path.sep).join('/');
  }
  const mod = ws.moduleOf(pkg.dir);
  if (mod) return (mod.mod.module + pkg.dir.slice(mod.root.length).split(path.sep).join('/'));
  return '';
}

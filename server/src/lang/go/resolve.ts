// Turns source type expressions into layout types for one target, the way the compiler would see
// them. Anything it cannot know exactly comes back as a reason instead of a guess.
import * as path from 'node:path';
import type { GoBasicName, GoField, GoType } from '../../layout/go/types';
import { GO_BASIC_NAMES } from '../../layout/go/types';
import { goArch, sizeof, structLayout } from '../../layout/go/sizes';
import { checkBudget } from '../../core/budget';
import type { GoTargetEnv } from './buildConstraints';
import type { GoPackage, GoWorkspace, ModuleNotDownloaded } from './packages';
import { stdTypeFallback } from './stdTable';
import type { ConstExpr, GoFileSyntax, StructSyntax, TypeExpr } from './syntax';

/**
 * `limit`: the failure comes from a limit on the work or the depth of this resolution, not from the
 * type itself, so it is not remembered (the same type may resolve from a shallower place).
 */
export type Resolved<T> = { ok: true; value: T } | Failed;
/** `missingModule`: the type needs a package of a module that go.mod requires and the module cache does not hold. */
export type Failed = { ok: false; reason: string; generic?: boolean; limit?: boolean; missingModule?: ModuleNotDownloaded };

/** Where a type expression is written: its package, its file's imports, bound type parameters. */
export interface Scope {
  pkg: GoPackage;
  file: GoFileSyntax;
  /**
   * Type parameters: bound to a resolved type, to the reason its argument could not be resolved (which
   * matters only where the body holds the parameter by value: behind a pointer it is one word), or
   * unbound (null).
   */
  typeArgs?: Map<string, { type: GoType } | { failed: Failed } | null>;
}

/**
 * Limits that keep resolution linear and its recursion shallow whatever the input: how deep types may
 * nest by value (named or not; real code stays within a few dozen levels), and how many steps one
 * top-level resolution may take (each named type is resolved once and remembered, so real types take
 * hundreds).
 */
export const MAX_RESOLVE_DEPTH = 256;
const TOO_DEEP = `structs and arrays nested more than ${MAX_RESOLVE_DEPTH} levels deep are not laid out`;
export const MAX_RESOLVE_STEPS = 200_000;

const PREDECLARED: Record<string, GoBasicName | 'interface'> = {
  byte: 'uint8', rune: 'int32', any: 'interface', error: 'interface',
};

/** Packages whose empty struct `align64` forces 8-byte alignment of its container. */
const ALIGN64_PACKAGES = new Set(['sync/atomic', 'runtime/internal/atomic', 'internal/runtime/atomic']);

const fail = (reason: string, generic = false): { ok: false; reason: string; generic?: boolean } => ({ ok: false, reason, generic });
const limitReached = (reason: string): { ok: false; reason: string; limit: true } => ({ ok: false, reason, limit: true });

/** How many levels of structs and arrays a resolved type has (remembered: types share their parts). */
const heights = new WeakMap<GoType, number>();
function heightOf(t: GoType): number {
  return t.kind === 'struct' || t.kind === 'array' ? heights.get(t) ?? 0 : 0;
}
function withHeight<T extends GoType>(t: T, parts: readonly GoType[]): T {
  let h = 0;
  for (const p of parts) h = Math.max(h, heightOf(p));
  heights.set(t, h + 1);
  return t;
}

/** A key for a resolved type argument: by identity for composite types (resolved named types are shared). */
const typeIds = new WeakMap<GoType, number>();
let nextTypeId = 0;
function typeKey(t: GoType): string {
  switch (t.kind) {
    case 'basic': return t.name;
    case 'pointer': case 'slice': case 'interface': return t.kind;
    case 'opaque': return 'opaque:' + t.name;
    case 'array': case 'struct': {
      let id = typeIds.get(t);
      if (id === undefined) { id = nextTypeId++; typeIds.set(t, id); }
      return '#' + id;
    }
  }
}

export class GoResolver {
  private readonly named = new Map<string, Resolved<GoType>>();
  private readonly inProgress = new Set<string>();
  /**
   * Generic declarations whose bodies are being resolved, innermost last. A generic type that contains
   * itself by value is invalid whatever its arguments ("invalid recursive type", as the compiler says),
   * and without this check `type G[T any] struct{ g G[G[T]] }` would expand forever.
   */
  private readonly bodies: string[] = [];
  /** resolve() calls under way, and how many of them are structs or arrays. */
  private active = 0;
  private nesting = 0;
  private steps = 0;

  constructor(readonly ws: GoWorkspace, readonly target: GoTargetEnv) {}

  packageAt(dir: string, opts?: { tests?: boolean; packageName?: string }): GoPackage {
    return this.ws.package(dir, this.target, opts);
  }

  resolve(expr: TypeExpr, scope: Scope): Resolved<GoType> {
    checkBudget();
    if (this.active === 0) this.steps = 0;
    if (++this.steps > MAX_RESOLVE_STEPS) return limitReached(`resolution stopped after ${MAX_RESOLVE_STEPS} steps (the type is too complex)`);
    const composite = expr.k === 'struct' || expr.k === 'array';
    if (composite && this.nesting >= MAX_RESOLVE_DEPTH) return limitReached(TOO_DEEP);
    this.active++;
    if (composite) this.nesting++;
    try {
      return this.resolveExpr(expr, scope);
    } finally {
      this.active--;
      if (composite) this.nesting--;
    }
  }

  private resolveExpr(expr: TypeExpr, scope: Scope): Resolved<GoType> {
    switch (expr.k) {
      case 'pointer': return { ok: true, value: { kind: 'pointer' } };
      case 'slice': return { ok: true, value: { kind: 'slice' } };
      case 'interface': return { ok: true, value: { kind: 'interface' } };
      case 'invalid': return fail(expr.reason ?? `type ${expr.text || '(missing)'} is not understood`);
      case 'array': {
        const len = this.evalConst(expr.len, scope, 0);
        if (!len.ok) return len;
        if (len.value < 0n || len.value > 1n << 40n) return fail(`array length ${len.value} is out of range`);
        const elem = this.resolve(expr.elem, scope);
        if (!elem.ok) return elem;
        const elemSize = sizeof(elem.value, goArch(this.target.goarch));
        if (elemSize > 0 && len.value > BigInt(Math.floor((this.maxWidth() - 1) / elemSize))) {
          return fail(`an array of ${len.value} elements of ${elemSize} bytes is larger than the address space`);
        }
        const array = withHeight({ kind: 'array', len: Number(len.value), elem: elem.value }, [elem.value]);
        return heightOf(array) > MAX_RESOLVE_DEPTH ? limitReached(TOO_DEEP) : { ok: true, value: array };
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
    const last = structLayout(fields, goArch(this.target.goarch)).fields.at(-1);
    const maxWidth = this.maxWidth();
    // On 32-bit targets every field offset must also fit in 31 bits (reflect's tables).
    if (last && last.offset + last.size >= (maxWidth < 2 ** 32 ? 2 ** 31 - 1 : maxWidth)) return fail('type too large');
    // Remembered types can make a type deeper than the nesting seen while resolving it: its height decides.
    const struct = withHeight({ kind: 'struct', fields }, fields.map((f) => f.type));
    return heightOf(struct) > MAX_RESOLVE_DEPTH ? limitReached(TOO_DEEP) : { ok: true, value: struct };
  }

  /**
   * The compiler's largest type on this target (cmd/compile/internal/<arch>/galign.go MAXWIDTH): larger
   * types do not compile, and keeping below it keeps every size an exact JavaScript number.
   */
  private maxWidth(): number {
    const g = this.target.goarch;
    return g === 'mips' || g === 'mipsle' ? 2 ** 31 - 1 : goArch(g).wordSize === 4 ? 2 ** 32 - 1 : 2 ** 50;
  }

  private resolveNamed(expr: Extract<TypeExpr, { k: 'named' }>, scope: Scope): Resolved<GoType> {
    if (!expr.pkg) {
      const bound = scope.typeArgs?.get(expr.name);
      if (bound === null) return fail(`its layout depends on type parameter ${expr.name}`, true);
      if (bound) return 'type' in bound ? { ok: true, value: bound.type } : bound.failed;
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
      const failed: Failed = fail(`size unknown because ${expr.pkg}.${expr.name} is not found: ${where.missing}`);
      if (where.module) failed.missingModule = where.module;
      return failed;
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
    const declKey = `${pkg.dir}|${name}`;
    let key = declKey;
    if (decl.typeParams.length) {
      if (!args || args.length !== decl.typeParams.length) {
        return fail(`generic type ${name} is used without its type arguments`, true);
      }
      if (this.bodies.includes(declKey)) return fail(`invalid recursive type: ${name} refers to itself`);
      // Key an instantiation by its resolved type arguments, never by their text: `Pair[T, int64]` means
      // something else in every instantiation of the type around it.
      const resolvedArgs = args.map((a) => this.resolve(a, useScope));
      if (resolvedArgs.every((r) => r.ok)) {
        const types = resolvedArgs.map((r) => (r as { ok: true; value: GoType }).value);
        declScope.typeArgs = new Map(decl.typeParams.map((p, i) => [p, { type: types[i] }]));
        key += '|' + types.map(typeKey).join(',');
      } else {
        // An argument that cannot be resolved may still only stand behind a pointer: the body decides (uncached).
        const limited = resolvedArgs.find((r) => !r.ok && r.limit);
        if (limited) return limited;
        declScope.typeArgs = new Map(decl.typeParams.map((p, i) => {
          const r = resolvedArgs[i];
          return [p, r.ok ? { type: r.value } : { failed: r }];
        }));
        return this.resolveBody(declKey, decl.type, declScope);
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
      result = isMarker ? { ok: true, value: { kind: 'struct', fields: [], isAlign64Marker: true } }
        : decl.typeParams.length ? this.resolveBody(declKey, decl.type, declScope) : this.resolve(decl.type, declScope);
    } finally {
      this.inProgress.delete(key);
    }
    if (result.ok || !result.limit) this.named.set(key, result);
    return result;
  }

  /** The body of a generic declaration, with the declaration marked as being resolved. */
  private resolveBody(declKey: string, type: TypeExpr, scope: Scope): Resolved<GoType> {
    this.bodies.push(declKey);
    try { return this.resolve(type, scope); } finally { this.bodies.pop(); }
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
          if (!where || 'missing' in where) {
            const failed: Failed = fail(`size unknown because constant ${e.pkg}.${e.name} is not found`);
            if (where?.module) failed.missingModule = where.module;
            return failed;
          }
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

// The skeleton parse (no function bodies, no comments) must give exactly the declarations a full parse
// gives, offsets included; and the text scan for composite-literal candidates must find every type a
// full parse finds a positional literal of. Checked on hand-written edge cases and on real packages of
// this machine's Go standard library.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { extractGoDeclarations } from '../../../server/src/lang/go/declarations';
import { goEnvFromEnvironment } from '../../../server/src/lang/go/env';
import { goSkeleton, literalCandidateNames, literalPositionsOf, literalScan } from '../../../server/src/lang/go/skeleton';

/** Both ways of asking agree: the set of candidate names, and the positions of one name. */
function mayHaveLiteral(text: string, name: string): boolean {
  const scan = literalScan(text);
  const inSet = literalCandidateNames(text, scan).has(name);
  expect(literalPositionsOf(text, name, scan).length > 0, name).toBe(inSet);
  return inSet;
}
import { extractGoFile, findLayoutUses, type GoFileSyntax, type LayoutUses } from '../../../server/src/lang/go/syntax';
import { GoWorkspace } from '../../../server/src/lang/go/packages';
import { nodeFileSystem } from '../../../server/src/core/workspace';
import { initTreeSitter, parseText } from '../../../server/src/parsing/treeSitter';
import { goFiles } from '../../helpers/goFiles';

beforeAll(async () => { await initTreeSitter(); });

function fullParse(text: string): { syntax: GoFileSyntax; uses: LayoutUses; positional: Set<string>; hasError: boolean } {
  const tree = parseText('go', text);
  try {
    const syntax = extractGoFile(tree, text);
    const uses = findLayoutUses(tree.rootNode, text, syntax.imports);
    return { syntax, uses, positional: new Set(uses.positionalLiterals.map((l) => l.name)), hasError: tree.rootNode.hasError };
  } finally {
    tree.delete();
  }
}

/** Declarations from the skeleton equal those from the full tree (hasErrors aside: bodies are not parsed). */
function expectSameDeclarations(text: string, label = 'snippet'): void {
  const full = fullParse(text).syntax;
  const skeleton = extractGoDeclarations(text);
  expect({ ...skeleton, hasErrors: full.hasErrors }, label).toEqual(full);
}

const CASES: Record<string, string> = {
  'struct and interface literals in signatures': `package p

func f(a struct{ x, y int }, b interface{ M() }) struct{ z int } {
	return struct{ z int }{a.x}
}

type T struct {
	A int8
	B int64 // trailing
	C struct{ D int8; E int64 }
}
`,
  'func types, methods, generics, body-less functions': `package p

import "unsafe"

type H func(x int) struct{ a, b int }
type G[K comparable, V any] struct { m map[K]V; n int8 }

func (g *G[K, V]) Get(k K) (V, bool) { v, ok := g.m[k]; return v, ok }

//go:linkname nanotime runtime.nanotime
func nanotime() int64

func add(p unsafe.Pointer, x uintptr) unsafe.Pointer /* body in asm */

type After struct{ a bool; b int64 }
`,
  'braces in strings, raw strings, runes and comments': `package p

func f() string {
	s := "}{" + \`
}}} { \` + string('{') + string('}')
	// } unbalanced in a comment {
	/* } */
	return s
}

var table = []T{{1, "}"}, {2, \`{\`}}

type T struct {
	n int8 /* { */
	s string // }
}
`,
  'var blocks, func literals and composite values': `package p

var (
	a = T{1, 2}
	b = map[string]func() int{"x": func() int { return 1 }}
	c struct{ x int8; y int64 }
)

var f = func() { panic("{") }

const (
	A = iota
	B
	C = 1 << 10
)

type T struct{ x, y int }
`,
  'CRLF, non-ASCII names and one-line bodies': 'package p\r\n\r\nfunc é() {}\r\nfunc f() int { return 1 }\r\n\r\ntype Ünïcode struct {\r\n\tα int8\r\n\tβ int64 // 😀\r\n}\r\n',
  'methods dropped whole; function literals in var declarations are not methods': `package p

type List[T any] struct{ head *T; n int8 }

func (l *List[T]) Push(v T) { l.n++ /* } */ }
func (List[T]) /* a comment here: kept, as the scan cannot be sure */ Len() int {
	return 0
}
func (l *List[T]) Bodyless() int

var (
	f = func(x int) func() int { return func() int { return x } }
	g = func (c chan int) chan (<-chan int) { return nil }
	h =
		func() int { return 1 }()
)

type After struct{ a bool; b int64 }
`,
  'an unclosed body leaves the rest as it is': `package p

type A struct{ x int8; y int64 }

func broken() {
	if x {
`,
};

describe('goSkeleton', () => {
  for (const [name, text] of Object.entries(CASES)) {
    it(`keeps every declaration: ${name}`, () => expectSameDeclarations(text, name));
  }

  it('drops methods with their bodies, comments and receivers, and nothing else', () => {
    const text = CASES['methods dropped whole; function literals in var declarations are not methods'];
    const { text: skeleton } = goSkeleton(text);
    expect(skeleton).not.toContain('Push');
    expect(skeleton).toContain('Len() int {');
    expect(skeleton).toContain('Bodyless'); // no body: nothing to drop
    expect(skeleton).toMatch(/f = func\(x int\) func\(\) int \{\s*\}/);
    expect(skeleton).toContain('g = func (c chan int) chan (<-chan int) {');
  });

  it('keeps every line and maps offsets back to the full text', () => {
    const text = CASES['braces in strings, raw strings, runes and comments'];
    const s = goSkeleton(text);
    expect(s.text.split('\n').length).toBe(text.split('\n').length);
    expect(s.text.length).toBeLessThan(text.length);
    const at = s.text.indexOf('type T struct');
    expect(text.slice(s.toFull(at), s.toFull(at) + 13)).toBe('type T struct');
  });

  it('drops function bodies and comments', () => {
    const s = goSkeleton('package p\n\n// doc\nfunc f() {\n\tx := 1\n\t_ = x\n}\n').text;
    expect(s).not.toMatch(/doc|x := 1/);
    expect(s).toMatch(/^package p\n\n \nfunc f\(\) \{\n\n\n\}\n$/);
  });
});

describe('literalPositionsOf', () => {
  it('finds direct, qualified, elided and generic literals, not keyed or empty ones or result types', () => {
    const text = `package p
func New() Result { return Result{} }
var a = Pos{1, 2}
var b = []Elem{{1, 2}}
var c = map[string]*Ptr{"x": {1}}
var d = pkg.Qual{3}
var e = Gen[int]{4}
var f = Keyed{A: 1}
var g = Empty{}
// Comment{1}
var h = func() *pkg.FuncResult { return nil }
var i = []Values{x, y}
var j = []KeyedElems{{A: 1}}
var k = map[string]MapValue{"a": {A: 1}}
var l = KeyedAfterComment{ // why
	A: 1,
}
var m = [...]Arr{{1, 2}}
var n = *Deref{1}
var o = [...]Indexed{k: {1, 2}}
`;
    for (const n of ['Pos', 'Elem', 'Ptr', 'Qual', 'Gen', 'MapValue', 'Arr', 'Deref', 'Indexed']) expect(mayHaveLiteral(text, n), n).toBe(true);
    for (const n of ['Result', 'Keyed', 'Empty', 'Comment', 'FuncResult', 'Values', 'KeyedElems', 'KeyedAfterComment']) expect(mayHaveLiteral(text, n), n).toBe(false);
  });
});

// Real code: packages with assembly, linknamed and generic functions, large tables and many structs.
const env = goEnvFromEnvironment();
// SKELETON_CORPUS=all checks every file of GOROOT/src instead (about a minute).
const DIRS = ['runtime', 'syscall', 'reflect', 'sync', 'net', 'net/http', 'go/types', 'internal/abi', 'unicode', 'crypto/tls',
  'crypto/x509', 'encoding/xml', 'debug/dwarf', 'cmd/internal/obj/arm64', 'cmd/compile/internal/ssagen'];

describe('on the Go standard library', () => {
  const src = path.join(env.goroot ?? '/nonexistent', 'src');
  const files = !env.goroot ? []
    : process.env.SKELETON_CORPUS === 'all' ? goFiles(src, { tests: true, skipDirs: [] })
    : DIRS.flatMap((d) => goFiles(path.join(src, d), { tests: true }).filter((f) => path.dirname(f) === path.join(src, d)));

  it('gives the declarations of a full parse; candidates and partial parses find every layout use it finds', () => {
    expect(env.goroot, 'GOROOT must be found').toBeTruthy();
    expect(files.length).toBeGreaterThan(500);
    const ws = new GoWorkspace(nodeFileSystem, env, src);
    let compared = 0;
    const missing: string[] = [];
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      const full = fullParse(text);
      if (full.hasError) continue; // a file the grammar does not parse is no reference
      expectSameDeclarations(text, f);
      const declarations = extractGoDeclarations(text);
      for (const n of full.positional) {
        if (!mayHaveLiteral(text, n)) missing.push(`${f}: ${n} is no candidate`);
        else if (!ws.layoutUsesOf(f, text, declarations, { typeName: n }).positionalLiterals.some((l) => l.name === n)) missing.push(`${f}: ${n} not in the partial parse`);
      }
      if (full.uses.offsetofFields.length || full.uses.unsafeCasts.length) {
        const partial = ws.layoutUsesOf(f, text, declarations, {});
        expect({ offsetof: partial.offsetofFields, casts: partial.unsafeCasts }, f).toEqual({ offsetof: full.uses.offsetofFields, casts: full.uses.unsafeCasts });
      }
      compared++;
    }
    expect(missing).toEqual([]);
    expect(compared).toBeGreaterThan(500);
  }, 300_000);
});

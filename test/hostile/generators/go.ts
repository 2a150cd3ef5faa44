// Go inputs that used to hang the analysis or overflow its stack (issue "No file can hang the analysis").
import type { HostileSeries } from '../harness';

/** A struct that wastes 8 bytes on 64-bit targets, placed next to every hostile input: it must still be reported. */
export const WASTEFUL = 'type Wasteful struct {\n\ta bool\n\tb int64\n\tc bool\n}\n';

export const series: HostileSeries[] = [
  {
    name: 'go: struct literals nested in one declaration',
    files: (n) => ({ 'nested.go': `package p\n\n${WASTEFUL}\ntype Deep struct { x ${'struct { x '.repeat(n)}int${' }'.repeat(n)} }\n` }),
    bench: [500, 1000, 2000, 4000, 8000],
  },
  {
    // Every level holds the next one twice: 2^n work without one layout per type.
    name: 'go: named structs nested by value, twice per level',
    files: (n) => {
      let s = `package p\n\n${WASTEFUL}\n`;
      for (let i = 0; i < n; i++) s += `type S${i} struct {\n\ta bool\n\tx ${i + 1 < n ? `S${i + 1}` : 'int64'}\n\tb bool\n\ty ${i + 1 < n ? `S${i + 1}` : 'int64'}\n}\n`;
      return { 'twice.go': s };
    },
    bench: [10, 20, 40],
  },
  {
    name: 'go: a chain of named structs, each holding the next',
    files: (n) => {
      let s = `package p\n\n${WASTEFUL}\n`;
      // The chained field first: go/types, the oracle, sizes the last field twice, so 2^n with it last.
      for (let i = 0; i < n; i++) s += `type C${i} struct {\n\tnext ${i + 1 < n ? `C${i + 1}` : 'int64'}\n\tflag bool\n}\n`;
      return { 'chain.go': s };
    },
    bench: [500, 1000, 2000, 4000],
  },
  {
    // A generic type instantiated with its own instantiation: the compiler says "invalid recursive type".
    name: 'go: generic types that expand forever',
    files: (n) => {
      let s = `package p\n\n${WASTEFUL}\ntype G[T any] struct{ g G[G[T]] }\n`;
      for (let i = 0; i < n; i++) s += `type E${i}[T any] struct{ a bool; e E${i}[E${i}[E${i}[T]]] }\n`;
      return { 'expand.go': s };
    },
    bench: [100, 200, 400, 800],
  },
  {
    // Legitimate nesting of instantiations: Pair[Pair[...]] n deep.
    name: 'go: generic instantiations nested n deep',
    files: (n) => ({
      'pairs.go': `package p\n\n${WASTEFUL}\ntype Pair[A, B any] struct {\n\ta A\n\tb B\n}\n\ntype Nest struct {\n\tp ${'Pair['.repeat(n)}int8${', bool]'.repeat(n)}\n}\n`,
    }),
    bench: [50, 100, 200, 400],
  },
  {
    name: 'go: a struct with many fields',
    files: (n) => {
      let s = `package p\n\n${WASTEFUL}\ntype Wide struct {\n`;
      for (let i = 0; i < n; i++) s += `\tf${i} ${i % 2 ? 'int64' : 'bool'}\n`;
      return { 'wide.go': s + '}\n' };
    },
    bench: [2500, 5000, 10000, 20000],
  },
  {
    name: 'go: many files in one package',
    files: (n) => {
      const files: Record<string, string> = { 'a.go': `package p\n\n${WASTEFUL}` };
      for (let i = 0; i < n; i++) files[`f${i}.go`] = `package p\n\ntype T${i} struct {\n\tv int${i % 2 ? 64 : 32}\n\tnext *T${(i + 1) % n}\n}\n`;
      return files;
    },
    bench: [250, 500, 1000, 2000],
  },
  {
    name: 'go: a long single line',
    files: (n) => ({ 'line.go': `package p\n\n${WASTEFUL}\nvar long = []int{${'1, '.repeat(n)}1}\n` }),
    bench: [25000, 50000, 100000, 200000],
  },
  {
    name: 'go: expressions nested in a function',
    files: (n) => ({ 'expr.go': `package p\n\n${WASTEFUL}\nfunc f(x int) int { return ${'('.repeat(n)}x${')'.repeat(n)} }\n` }),
    bench: [1000, 2000, 4000, 8000],
  },
];

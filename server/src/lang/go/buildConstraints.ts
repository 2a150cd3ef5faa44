// Go build constraints per target: file-name suffixes and //go:build (or legacy // +build) lines,
// evaluated as the go command does, with a third value for tags we cannot know (cgo, custom tags).

export type Tri = true | false | 'unknown';

export interface GoTargetEnv {
  goos: string;
  goarch: string;
  /** Tags the user declared (settings); treated as true. */
  tags?: readonly string[];
  /**
   * Evaluate as the go command's default build does (layouts): unknown tags are false, cgo is off
   * (as in a cross build), goexperiment.* follow `experiments`. Without it such tags are 'unknown'.
   */
  defaultBuild?: boolean;
  experiments?: ReadonlySet<string>;
}

export const KNOWN_GOOS = new Set(['aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'hurd', 'illumos', 'ios', 'js',
  'linux', 'nacl', 'netbsd', 'openbsd', 'plan9', 'solaris', 'wasip1', 'windows', 'zos']);
export const KNOWN_GOARCH = new Set(['386', 'amd64', 'amd64p32', 'arm', 'armbe', 'arm64', 'arm64be', 'loong64',
  'mips', 'mipsle', 'mips64', 'mips64le', 'mips64p32', 'mips64p32le', 'ppc', 'ppc64', 'ppc64le', 'riscv',
  'riscv64', 's390', 's390x', 'sparc', 'sparc64', 'wasm']);
// cmd/dist: the GOOS values for which the "unix" tag is set.
const UNIX_GOOS = new Set(['aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'hurd', 'illumos', 'ios', 'linux',
  'netbsd', 'openbsd', 'solaris']);
/** Newest Go release whose go1.N tag we treat as satisfied. */
const GO_MINOR = 26;

/** The value of one build tag for a target. */
export function tagValue(tag: string, env: GoTargetEnv): Tri {
  if (env.tags?.includes(tag)) return true;
  if (tag === env.goos || tag === env.goarch) return true;
  if (tag === 'unix') return UNIX_GOOS.has(env.goos);
  if (tag === 'linux' && env.goos === 'android') return true;
  if (tag === 'darwin' && env.goos === 'ios') return true;
  if (tag === 'solaris' && env.goos === 'illumos') return true;
  if (KNOWN_GOOS.has(tag) || KNOWN_GOARCH.has(tag)) return false;
  if (tag === 'gc') return true;
  if (tag === 'gccgo') return false;
  const go = /^go1\.(\d+)$/.exec(tag);
  if (go) return Number(go[1]) <= GO_MINOR;
  // Architecture feature levels (GOARM64, GOAMD64, GOARM defaults: v8.0, v1, 7).
  const level = /^(arm64|amd64|arm|386)\.(.+)$/.exec(tag);
  if (level) {
    if (level[1] !== env.goarch) return false;
    if (level[1] === 'arm64') return level[2] === 'v8.0';
    if (level[1] === 'amd64') return level[2] === 'v1';
    if (level[1] === 'arm') return ['5', '6', '7'].includes(level[2]);
    return level[2] === 'sse2';
  }
  if (tag === 'ignore') return false;
  if (tag.startsWith('goexperiment.') && env.experiments) return env.experiments.has(tag.slice('goexperiment.'.length));
  // cgo, purego, netgo, custom tags: depend on how the user builds.
  return env.defaultBuild ? false : 'unknown';
}

const not = (a: Tri): Tri => (a === 'unknown' ? a : !a);
const and = (a: Tri, b: Tri): Tri => (a === false || b === false ? false : a === true && b === true ? true : 'unknown');
const or = (a: Tri, b: Tri): Tri => (a === true || b === true ? true : a === false && b === false ? false : 'unknown');

/** Evaluates a //go:build expression; a syntax error gives 'unknown'. */
export function evalBuildExpr(expr: string, env: GoTargetEnv): Tri {
  const tokens = expr.match(/\|\||&&|!|\(|\)|[A-Za-z0-9_.]+|\S/g) ?? [];
  let pos = 0;
  const peek = () => tokens[pos];
  function parseOr(): Tri {
    let v = parseAnd();
    while (peek() === '||') { pos++; v = or(v, parseAnd()); }
    return v;
  }
  function parseAnd(): Tri {
    let v = parseNot();
    while (peek() === '&&') { pos++; v = and(v, parseNot()); }
    return v;
  }
  function parseNot(): Tri {
    if (peek() === '!') { pos++; return not(parseNot()); }
    if (peek() === '(') {
      pos++;
      const v = parseOr();
      if (peek() !== ')') throw new Error('missing )');
      pos++;
      return v;
    }
    const t = tokens[pos++];
    if (!t || !/^[A-Za-z0-9_.]+$/.test(t)) throw new Error('bad token');
    return tagValue(t, env);
  }
  try {
    const v = parseOr();
    return pos === tokens.length ? v : 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Legacy `// +build a,b c` lines: space = OR, comma = AND, several lines = AND. */
function evalPlusBuild(lines: string[], env: GoTargetEnv): Tri {
  let result: Tri = true;
  for (const line of lines) {
    let lineVal: Tri = false;
    for (const term of line.trim().split(/\s+/).filter(Boolean)) {
      let termVal: Tri = true;
      for (const atom of term.split(',')) {
        const neg = atom.startsWith('!');
        const v = tagValue(neg ? atom.slice(1) : atom, env);
        termVal = and(termVal, neg ? not(v) : v);
      }
      lineVal = or(lineVal, termVal);
    }
    result = and(result, lineVal);
  }
  return result;
}

/** The //go:build or // +build lines of a file: only in the header, before the package clause. */
export function buildConstraintLines(text: string): { goBuild?: string; plusBuild: string[] } {
  const plusBuild: string[] = [];
  let goBuild: string | undefined;
  const end = headerEnd(text);
  for (const raw of text.slice(0, end).split('\n')) {
    const line = raw.trim();
    const m = /^\/\/go:build\s+(.*)$/.exec(line);
    if (m && goBuild === undefined) goBuild = m[1].trim();
    const p = /^\/\/ ?\+build\s+(.*)$/.exec(line);
    if (p) plusBuild.push(p[1]);
  }
  return { goBuild, plusBuild };
}

/** Offset where the file header (comments and blank lines before `package`) ends. */
function headerEnd(text: string): number {
  const m = /^[ \t]*package\s/m.exec(text);
  return m ? m.index : Math.min(text.length, 4096);
}

/** What the file-name suffixes say: name_GOOS_GOARCH.go, name_GOARCH.go, name_GOOS.go. */
export function fileNameMatches(fileName: string, env: GoTargetEnv): boolean {
  const base = fileName.replace(/^.*[\\/]/, '');
  if (base.startsWith('_') || base.startsWith('.')) return false;
  let stem = base.replace(/\.(go|s|S|c|h|syso)$/, '');
  if (stem.endsWith('_test')) stem = stem.slice(0, -5);
  const parts = stem.split('_');
  if (parts.length < 2) return true;
  const last = parts[parts.length - 1];
  const prev = parts.length >= 3 ? parts[parts.length - 2] : undefined;
  if (prev !== undefined && KNOWN_GOOS.has(prev) && KNOWN_GOARCH.has(last)) {
    return tagValue(prev, env) === true && tagValue(last, env) === true;
  }
  if (KNOWN_GOOS.has(last) || KNOWN_GOARCH.has(last)) return tagValue(last, env) === true;
  return true;
}

/** Is this file part of the build for the target? */
export function matchesTarget(fileName: string, text: string, env: GoTargetEnv): Tri {
  if (!fileNameMatches(fileName, env)) return false;
  const { goBuild, plusBuild } = buildConstraintLines(text);
  if (goBuild !== undefined) return evalBuildExpr(goBuild, env);
  if (plusBuild.length) return evalPlusBuild(plusBuild, env);
  return true;
}

// web-tree-sitter set-up: the runtime and each grammar are loaded once; parsing is synchronous afterwards.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Language, Parser, type Tree } from 'web-tree-sitter';

export type GrammarId = 'go' | 'c' | 'cpp' | 'bash' | 'make' | 'yaml';
export const GRAMMAR_IDS: readonly GrammarId[] = ['go', 'c', 'cpp', 'bash', 'make', 'yaml'];

const WASM_FILES: Record<GrammarId, string> = {
  go: 'tree-sitter-go.wasm',
  c: 'tree-sitter-c.wasm',
  cpp: 'tree-sitter-cpp.wasm',
  bash: 'tree-sitter-bash.wasm',
  make: 'tree-sitter-make.wasm',
  yaml: 'tree-sitter-yaml.wasm',
};

let initialised: Promise<void> | undefined;
const languages = new Map<GrammarId, Language>();
const parsers = new Map<GrammarId, Parser>();

/**
 * Where the wasm files are: next to the bundle (dist/grammars) when bundled, else grammars/wasm in the
 * checkout (copied there by scripts/copy-grammars.mjs). ARM64PORT_GRAMMARS overrides both.
 */
export function grammarDir(): string {
  const candidates = [
    process.env.ARM64PORT_GRAMMARS,
    path.join(__dirname, 'grammars'),
    path.join(__dirname, '..', 'grammars'),
    path.resolve(__dirname, '../../../grammars/wasm'),
    path.resolve(__dirname, '../../grammars/wasm'),
    path.resolve(process.cwd(), 'grammars/wasm'),
  ].filter((p): p is string => !!p);
  for (const dir of candidates) if (fs.existsSync(path.join(dir, 'tree-sitter.wasm'))) return dir;
  throw new Error(`tree-sitter wasm files not found (looked in ${candidates.join(', ')}); run npm run grammars`);
}

/** Loads the tree-sitter runtime and every grammar. Safe to call many times. */
export function initTreeSitter(): Promise<void> {
  initialised ??= (async () => {
    const dir = grammarDir();
    await Parser.init({ locateFile: (name: string) => path.join(dir, name) });
    for (const id of GRAMMAR_IDS) {
      languages.set(id, await Language.load(fs.readFileSync(path.join(dir, WASM_FILES[id]))));
    }
  })();
  return initialised;
}

export function isTreeSitterReady(): boolean { return languages.size === GRAMMAR_IDS.length; }

function parserFor(id: GrammarId): Parser {
  let p = parsers.get(id);
  if (!p) {
    const lang = languages.get(id);
    if (!lang) throw new Error(`grammar ${id} is not loaded; await initTreeSitter() first`);
    p = new Parser();
    p.setLanguage(lang);
    parsers.set(id, p);
  }
  return p;
}

/** Parses text (incrementally when an edited old tree is given). The caller owns the tree: call tree.delete(). */
export function parseText(id: GrammarId, text: string, oldTree?: Tree): Tree {
  const tree = parserFor(id).parse(text, oldTree ?? null);
  if (!tree) throw new Error(`tree-sitter returned no tree for a ${id} file`);
  return tree;
}

export function languageOf(id: GrammarId): Language {
  const lang = languages.get(id);
  if (!lang) throw new Error(`grammar ${id} is not loaded`);
  return lang;
}

export type { Tree, Node as SyntaxNode } from 'web-tree-sitter';

// Why a reorder that is safe inside the workspace still stays out of fix-all: what it changes cannot be
// seen from here (importers outside the workspace) or is visible outside the program (encoded output).
import type { StructSyntax } from './syntax';
import type { GoPackage, GoWorkspace } from './packages';
import { importPathOf, packageFilesOfAnyBuild } from './reorderSafety';

export interface ReorderCaveat {
  /** The setting (reorderFixAll.<key>) that lets such reorders join fix-all. */
  key: 'exportedTypes' | 'encodedOrder';
  /** Short, for the fix's title. */
  title: string;
  /** A sentence for the finding's message. */
  why: string;
}

export interface CaveatInput {
  ws: GoWorkspace;
  pkg: GoPackage;
  filePath: string;
  /** The declared type (for a nested struct, the outer one). */
  typeName: string;
  syntax: StructSyntax;
}

export function reorderCaveats(input: CaveatInput): ReorderCaveat[] {
  const out: ReorderCaveat[] = [];
  if (importableFromOutside(input)) {
    out.push({
      key: 'exportedTypes',
      title: 'exported: code outside the workspace is not checked',
      why: `${input.typeName} is exported from an importable package, and code outside the workspace may hold positional literals of it`,
    });
  }
  const encoding = encodingOf(input);
  if (encoding) {
    out.push({ key: 'encodedOrder', title: `changes the order of its ${encoding} output`, why: `the order of its fields in ${encoding} output changes with the reorder` });
  }
  return out;
}

/**
 * An exported type of a package that any module may import: not main, not under an internal/ element,
 * not declared in a test file. Its literals in other modules are out of the safety check's sight.
 */
function importableFromOutside({ ws, pkg, filePath, typeName }: CaveatInput): boolean {
  if (!/^\p{Lu}/u.test(typeName) || filePath.endsWith('_test.go') || pkg.name === 'main') return false;
  const importPath = importPathOf(ws, pkg);
  return importPath === undefined || !importPath.split('/').includes('internal');
}

const TAG_KEYS = /(?:^|\s)(json|yaml|xml|toml):"/;

/**
 * The encoding whose output follows the field order: one named in a field's tag, or one whose Marshal
 * call takes a literal of the type in a file of the package. Untagged structs marshalled through a
 * variable are not seen (a type checker's work).
 */
function encodingOf({ ws, pkg, typeName, syntax }: CaveatInput): string | undefined {
  for (const f of syntax.fields) {
    const m = f.tag ? TAG_KEYS.exec(f.tag.replace(/^[`"]/, ' ')) : null;
    if (m) return m[1].toUpperCase();
  }
  for (const f of packageFilesOfAnyBuild(ws, pkg)) {
    const encoding = ws.derivedOf(f.path, 'marshalled-literals', marshalledLiterals)?.get(typeName);
    if (encoding) return encoding;
  }
  return undefined;
}

const MARSHAL_LITERAL = /\b(json|yaml|xml|toml)\.(?:Marshal|MarshalIndent)\(\s*&?(\w+)\s*\{/g;
/** Type name -> encoding, for the literals a file passes to Marshal. */
function marshalledLiterals(text: string): Map<string, string> {
  const names = new Map<string, string>();
  if (text.includes('Marshal')) for (const m of text.matchAll(MARSHAL_LITERAL)) names.set(m[2], m[1].toUpperCase());
  return names;
}

// Plain values shared by the engine, the rules and every front end. No LSP or VS Code types here.

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info', 'hint'];

/** What kind of file a path is, decided by name and (for a few) content. */
export type FileKind =
  | 'go' | 'gomod' | 'gowork' | 'goasm'
  | 'c' | 'cpp'
  | 'dockerfile' | 'yaml' | 'makefile' | 'cmake' | 'meson' | 'shell'
  | 'systemd' | 'envfile' | 'toml'
  /** A JSON file a rule reads; decided by content (today only a KubeletConfiguration object). */
  | 'json'
  | 'binary' | 'config-guess';

/** A replacement of the text between two offsets (JS string indices, i.e. UTF-16 code units). */
export interface TextEdit {
  /** Absolute path of the file the edit applies to; the finding's file when omitted. */
  file?: string;
  start: number;
  end: number;
  newText: string;
  /**
   * For fix-all (fixes/applyEdits.ts): this edit inserts one declaration, named by scope and name (`ARG TARGETARCH`
   * of one Dockerfile stage). Two fixes that both need it must not both insert it: the first one in the file stays.
   */
  declares?: string;
  /**
   * For fix-all: this edit removes one of the `items` items of a collection (a YAML map or list, named by where it
   * starts). Fix-all never removes all of them in one round: the last one's removal, made on the next round's
   * text, takes the emptied key with it.
   */
  removesItemOf?: { collection: string; items: number };
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** 'fix': mechanical, preferred, joins fix-all. 'suggest': a judgement call, never applied in bulk. */
  kind: 'fix' | 'suggest';
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  /** Absolute path. */
  file: string;
  /** Offsets into the file's text (UTF-16 code units). */
  start: number;
  end: number;
  message: string;
  fixes: Fix[];
  /**
   * Extra machine-readable facts for front ends. The struct rules' payload is StructFindingData; read it with
   * structDataOf, never by casting.
   */
  data?: Record<string, unknown>;
}

/** Size now and after the offered reorder, on one target. */
export interface SizeChange { size: number; optimal: number }

/**
 * What go-struct-padding, c-struct-padding and go-struct-pointer-bytes attach to a finding: the struct's name,
 * its size now and after the fix per target where it shrinks, and the bytes the fix saves on the first target.
 * The hover, the code lens, the report's total and the agent tools read it.
 */
export interface StructFindingData {
  struct: string;
  sizes?: Record<string, SizeChange>;
  /** Sizes when the reorder may cross blank-line groups (Go), when that saves more. */
  acrossGroups?: Record<string, SizeChange>;
  bytesSaved?: number;
}

const isSizeMap = (v: unknown): v is Record<string, SizeChange> =>
  typeof v === 'object' && v !== null && Object.values(v).every((s) => typeof s?.size === 'number' && typeof s?.optimal === 'number');

/**
 * The struct payload of a finding, checked field by field (a finding may come from a cache file, a worker or an
 * older version): undefined when there is none; a malformed field is left out.
 */
export function structDataOf(f: Pick<Finding, 'data'>): StructFindingData | undefined {
  const d = f.data;
  if (!d || typeof d.struct !== 'string') return undefined;
  return {
    struct: d.struct,
    ...(isSizeMap(d.sizes) ? { sizes: d.sizes } : {}),
    ...(isSizeMap(d.acrossGroups) ? { acrossGroups: d.acrossGroups } : {}),
    ...(typeof d.bytesSaved === 'number' ? { bytesSaved: d.bytesSaved } : {}),
  };
}

/** A 1-based line and 1-based UTF-16 column, as the CLI contract and SARIF use. */
export interface LineCol { line: number; column: number }

/**
 * A module that go.mod requires and the module cache does not hold (not downloaded yet), and how many
 * struct declarations of the workspace have no known size because of it: they are not analysed.
 */
export interface MissingModule {
  /** Module path and version as go.mod (or its replace directive) names them. */
  module: string;
  version: string;
  /** Absolute path of the go.mod that requires it (`go mod download` in its folder fetches it). */
  goMod: string;
  structs: number;
  /** Where the module would be in the module cache (absent when no module cache was found). */
  cacheDir?: string;
}

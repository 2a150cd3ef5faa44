// What a fixed file must still be (issue 15): parsed in its own language by a parser that is not ours, with no
// declaration the fix doubled and no key or value the fix emptied. Each check lists problems of a text; a fix is
// blamed only for problems the text before it did not have.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { isMap, isPair, isScalar, isSeq, parseAllDocuments } from 'yaml';
import type { FileKind } from '../../server/src/core/types';
import { parseText, type GrammarId } from '../../server/src/parsing/treeSitter';
import { makeTempDir } from '../helpers/tempDirs';

/** Problems of `after` that `before` does not have (as a multiset), with the file named. */
export function newProblems(file: string, kind: FileKind | undefined, before: string, after: string): string[] {
  const was = problems(kind, before);
  const out: string[] = [];
  for (const p of problems(kind, after)) {
    const i = was.indexOf(p);
    if (i >= 0) was.splice(i, 1); else out.push(`${file}: ${p}`);
  }
  return out;
}

function problems(kind: FileKind | undefined, text: string): string[] {
  switch (kind) {
    case 'dockerfile': return dockerfileProblems(text);
    case 'yaml': return yamlProblems(text);
    case 'json': return [...yamlProblems(text), ...jsonProblems(text)];
    case 'systemd': return [...iniProblems(text), ...assignmentProblems('systemd', text)];
    case 'envfile': return [...envFileProblems(text), ...assignmentProblems('envfile', text)];
    case 'makefile': return treeErrors('make', text);
    case 'shell': return treeErrors('bash', text);
    case 'c': return treeErrors('c', text);
    case 'cpp': return treeErrors('cpp', text);
    case 'go': return treeErrors('go', text); // and gofmt, for all the files at once: goProblems
    default: return [];
  }
}

const INSTRUCTIONS = new Set(['FROM', 'RUN', 'CMD', 'LABEL', 'MAINTAINER', 'EXPOSE', 'ENV', 'ADD', 'COPY', 'ENTRYPOINT', 'VOLUME', 'USER', 'WORKDIR', 'ARG', 'ONBUILD', 'STOPSIGNAL', 'HEALTHCHECK', 'SHELL']);

/** dockerfile-ast's instructions, the shell of each RUN (tree-sitter-bash), and `ARG X` twice in one stage. */
function dockerfileProblems(text: string): string[] {
  const out: string[] = [];
  const args = new Map<string, number>();
  let stage = -1;
  for (const ins of DockerfileParser.parse(text).getInstructions()) {
    const kw = ins.getKeyword().toUpperCase();
    if (!INSTRUCTIONS.has(kw)) out.push(`unknown instruction ${kw}`);
    if (kw === 'FROM') stage++;
    if (kw === 'ARG' && stage >= 0) {
      for (const a of ins.getArguments()) {
        const name = a.getValue().split('=')[0];
        const key = `${stage}:${name}`;
        args.set(key, (args.get(key) ?? 0) + 1);
        if (args.get(key) === 2) out.push(`ARG ${name} twice in stage ${stage}`);
      }
    }
    if (kw === 'RUN') {
      const body = text.slice(offsetOf(text, ins.getRange().start) + 3, offsetOf(text, ins.getRange().end));
      if (!/^\s*\[/.test(body) && !/<</.test(body)) out.push(...treeErrors('bash', body.replace(/\\\r?\n/g, ' ')).map((e) => `RUN ${e}`));
    }
  }
  return out;
}

function offsetOf(text: string, p: { line: number; character: number }): number {
  let off = 0;
  for (let l = 0; l < p.line; l++) off = text.indexOf('\n', off) + 1;
  return off + p.character;
}

/** The `yaml` package's errors (duplicate keys included), and keys whose value is empty. */
function yamlProblems(text: string): string[] {
  const out: string[] = [];
  for (const d of parseAllDocuments(text, { uniqueKeys: true })) {
    for (const e of d.errors) out.push(`YAML ${e.code}: ${e.message.split('\n')[0]}`);
    const stack: { node: unknown; path: string }[] = [{ node: d.contents, path: '' }];
    while (stack.length) {
      const { node, path: p } = stack.pop()!;
      if (isMap(node) || isSeq(node)) {
        node.items.forEach((it, i) => {
          if (isPair(it)) {
            const key = `${p}.${isScalar(it.key) ? String(it.key.value) : '?'}`;
            const v = it.value;
            if (v === null || (isScalar(v) && ((v.value === null && v.source === '') || v.value === ''))) out.push(`empty value of ${key}`);
            else if ((isMap(v) || isSeq(v)) && v.items.length === 0) out.push(`empty collection ${key}`);
            stack.push({ node: v, path: key });
          } else stack.push({ node: it, path: `${p}[${i}]` });
        });
      }
    }
  }
  return out;
}

function jsonProblems(text: string): string[] {
  try { JSON.parse(text); return []; } catch (e) { return [`JSON: ${(e as Error).message}`]; }
}

/** Logical lines (backslash continuations joined). */
function logicalLines(text: string): string[] {
  return text.replace(/\\\r?\n/g, ' ').split('\n').map((l) => l.replace(/\r$/, ''));
}

/** A systemd unit read as systemd reads it: sections, `Key=value` lines, comments. */
function iniProblems(text: string): string[] {
  const out: string[] = [];
  let section = false;
  for (const l of logicalLines(text)) {
    const t = l.trim();
    if (t === '' || t.startsWith('#') || t.startsWith(';')) continue;
    if (/^\[[^\]]+\]$/.test(t)) { section = true; continue; }
    if (!section) out.push(`line outside a section: ${t}`);
    else if (!/^[A-Za-z0-9_-]+\s*=/.test(t)) out.push(`not Key=value: ${t}`);
  }
  return out;
}

function envFileProblems(text: string): string[] {
  return logicalLines(text).map((l) => l.trim())
    .filter((t) => t !== '' && !t.startsWith('#') && !/^(export\s+)?[A-Za-z_][A-Za-z0-9_]*=/.test(t))
    .map((t) => `not NAME=value: ${t}`);
}

/** Quoted values whose content starts or ends with a space: `Environment="NAME= value"` (systemd), `NAME=" value"`. */
function assignmentProblems(kind: 'systemd' | 'envfile', text: string): string[] {
  const values: [string, string][] = [];
  for (const l of logicalLines(text)) {
    if (kind === 'systemd') {
      const m = /^\s*Environment\s*=(.*)$/.exec(l);
      for (const q of m?.[1].matchAll(/"([A-Za-z_][A-Za-z0-9_]*)=([^"]*)"|\b([A-Za-z_][A-Za-z0-9_]*)="([^"]*)"/g) ?? []) values.push([q[1] ?? q[3], q[2] ?? q[4]]);
    } else {
      const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(["'])(.*)\2\s*$/.exec(l);
      if (m) values.push([m[1], m[3]]);
    }
  }
  return values.filter(([, v]) => v !== v.trim()).map(([n, v]) => `${n} has spaces around its value: "${v}"`);
}

/** tree-sitter ERROR and MISSING nodes, by type and text. */
function treeErrors(grammar: GrammarId, text: string): string[] {
  const tree = parseText(grammar, text);
  try {
    if (!tree.rootNode.hasError) return [];
    const out: string[] = [];
    const walk = tree.rootNode.walk();
    for (let more = true; more;) {
      const n = walk.currentNode;
      if (n.isError || n.isMissing) out.push(`${grammar} ${n.isMissing ? 'MISSING' : 'ERROR'} ${n.text.slice(0, 40)}`);
      if (n.hasError && walk.gotoFirstChild()) continue;
      while (!walk.gotoNextSibling()) if (!walk.gotoParent()) { more = false; break; }
    }
    walk.delete();
    return out;
  } finally { tree.delete(); }
}

/**
 * gofmt on Go files before and after (all in two runs): a file must still parse, and stay gofmt-clean when it was.
 * Returns the problems by file name.
 */
export function goProblems(files: { name: string; before: string; after: string }[]): string[] {
  if (files.length === 0) return [];
  const dir = makeTempDir('arm64port-fixprop-');
  const write = (side: string) => files.forEach((f, i) => {
    const p = path.join(dir, side, `${i}.go`);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, side === 'before' ? f.before : f.after);
  });
  write('before'); write('after');
  const gofmt = (side: string) => {
    const r = spawnSync('gofmt', ['-l', '-e', path.join(dir, side)], { encoding: 'utf8' });
    const listed = new Set(r.stdout.split('\n').filter(Boolean).map((l) => path.basename(l)));
    const errors = new Map<string, string>();
    for (const l of r.stderr.split('\n')) { const m = /\/(\d+\.go):(.*)/.exec(l); if (m && !errors.has(m[1])) errors.set(m[1], m[2]); }
    return { listed, errors };
  };
  const b = gofmt('before'), a = gofmt('after');
  const out: string[] = [];
  files.forEach((f, i) => {
    const n = `${i}.go`;
    if (a.errors.has(n) && !b.errors.has(n)) out.push(`${f.name}: gofmt: ${a.errors.get(n)}`);
    else if (a.listed.has(n) && !b.listed.has(n)) out.push(`${f.name}: not gofmt-clean after the fix:\n${execFileSync('gofmt', ['-d', path.join(dir, 'after', n)], { encoding: 'utf8' }).slice(0, 2000)}`);
  });
  fs.rmSync(dir, { recursive: true, force: true });
  return out;
}

// amd64/x86_64/x64/linux64 in download URLs and file names of RUN and ADD.
import type { Fix, TextEdit } from '../../core/types';
import type { Rule } from '../rule';
import type { DfInstruction, DfShell, DockerfileModel } from '../../lang/dockerfile/model';
import { archGuarded, declareArgsEdits, dockerfileModel, stageIsX86 } from './common';

const ARCH_TOKEN = /(?<![A-Za-z0-9])(amd64|x86_64|x86-64|x64|linux64)(?![A-Za-z0-9])/g;
const DOWNLOAD_FILE = /\.(?:tar\.gz|tgz|tar\.xz|txz|tar\.bz2|tar\.zst|zip|deb|rpm|apk|sh|run|bin|AppImage|gz|xz|jar)(?:[?#]|$)/;
/** URLs for other operating systems are downloaded on purpose (a Windows installer, a macOS SDK). */
const OTHER_OS = /windows|win64|win32|\.exe\b|\.msi\b|darwin|macos|osx|mac-/i;

export interface ArchHit { start: number; end: number; token: string; word: string; quote: string }

/** Arch spellings a vendor uses for arm64 given its amd64 spelling, as a case mapping (facts 2.1). */
export function armSpelling(token: string, word: string): string | undefined {
  if (token === 'amd64') return 'arm64';
  if (token === 'x86_64') {
    if (/protoc/i.test(word)) return 'aarch_64';
    // GoReleaser's `Linux_x86_64` names pair with `Linux_arm64`.
    if (/Linux_x86_64/.test(word)) return 'arm64';
    return 'aarch64';
  }
  if (token === 'x64') return 'arm64';
  return undefined;
}

function hitsInWord(value: string, raw: string, start: number, quote: string, isDownloadCmd: boolean): ArchHit[] {
  const url = /:\/\//.test(value);
  if (!url && !(isDownloadCmd && DOWNLOAD_FILE.test(value)) && !DOWNLOAD_FILE.test(value)) return [];
  if (OTHER_OS.test(value)) return [];
  // Multiarch library paths are docker-arch-paths' business; `--platform=linux/amd64` is not a download.
  if (/-linux-gnu|^--platform/.test(value)) return [];
  const out: ArchHit[] = [];
  for (const m of raw.matchAll(ARCH_TOKEN)) {
    if (m[1] === 'x64' && !/linux/i.test(value)) continue;
    out.push({ start: start + m.index!, end: start + m.index! + m[1].length, token: m[1], word: value, quote });
  }
  return out;
}

function hitsInRun(run: DfShell): ArchHit[] {
  const out: ArchHit[] = [];
  for (const c of run.shell?.commands ?? []) {
    if (archGuarded(c.guards)) continue;
    const dl = /^(curl|wget|aria2c|axel|fetch|dpkg|rpm|tar|unzip|sh|bash)$/.test(c.name);
    for (const w of c.words) for (const h of hitsInWord(w.value, w.raw, w.start, w.quote, dl)) out.push(h);
    if (c.nestedTooDeep) continue; // its values are left out (the nested commands are read on their own)
    for (const a of c.assignments) {
      const raw = run.text.slice(a.valueStart - run.start, a.valueEnd - run.start);
      for (const h of hitsInWord(a.value, raw, a.valueStart, raw.startsWith("'") ? 'single' : 'none', false)) out.push(h);
    }
  }
  return dedupe(out);
}

/**
 * Every mention of `token` in the RUN's words (also `mv linux-amd64/helm`, the unpacked folder), so the fixed
 * command stays consistent with the file it downloads.
 */
function allMentions(run: DfShell, token: string): ArchHit[] {
  const out: ArchHit[] = [];
  for (const c of run.shell?.commands ?? []) {
    if (c.nestedTooDeep) continue; // no words or values (the nested commands are read on their own)
    const words = [...c.words.map((w) => ({ value: w.value, raw: w.raw, start: w.start, quote: w.quote as string })),
      ...c.assignments.map((a) => { const raw = run.text.slice(a.valueStart - run.start, a.valueEnd - run.start); return { value: a.value, raw, start: a.valueStart, quote: raw.startsWith("'") ? 'single' : 'none' }; })];
    for (const w of words) {
      if (/-linux-gnu|^--platform/.test(w.value)) continue;
      for (const m of w.raw.matchAll(ARCH_TOKEN)) {
        if (m[1] === token) out.push({ start: w.start + m.index!, end: w.start + m.index! + token.length, token, word: w.value, quote: w.quote });
      }
    }
  }
  return dedupe(out);
}

function dedupe(h: ArchHit[]): ArchHit[] {
  const seen = new Set<number>();
  return h.filter((x) => (seen.has(x.start) ? false : (seen.add(x.start), true)));
}

function hitsInAdd(m: DockerfileModel, ins: DfInstruction): ArchHit[] {
  const out: ArchHit[] = [];
  for (const w of ins.args.matchAll(/(?:^|[\s="'])(\w+:\/\/[^\s"']+)/g)) {
    const start = ins.argsStart + w.index! + w[0].length - w[1].length;
    for (const h of hitsInWord(w[1], w[1], start, m.text[start - 1] === "'" ? 'single' : 'none', true)) out.push(h);
  }
  return out;
}

/**
 * A fix rewrites every mention of the spelling in the instruction, and each finding of the instruction
 * carries it: beyond this many mentions, findings times mentions would make the report quadratic in size,
 * and a rewrite of that many places is no quick fix anyway.
 */
export const MAX_FIX_MENTIONS = 64;

/** The fix for every hit of one spelling in one instruction; undefined when no safe rewrite is known. */
function fixFor(m: DockerfileModel, ins: DfInstruction, run: DfShell | undefined, hits: ArchHit[], hit: ArchHit): Fix | undefined {
  const same = run ? allMentions(run, hit.token) : hits.filter((h) => h.token === hit.token);
  if (same.length > MAX_FIX_MENTIONS) return undefined;
  if (same.some((h) => armSpelling(h.token, h.word) !== armSpelling(hit.token, hit.word))) return undefined;
  if (same.some((h) => h.quote === 'single' || h.quote === 'mixed')) return undefined;
  const arm = armSpelling(hit.token, hit.word);
  if (!arm) return undefined;
  if (ins.stage < 0) return undefined;
  const decl = declareArgsEdits(m, ins, ['TARGETARCH']);
  if (!decl) return undefined;
  const edits: TextEdit[] = [...decl];
  if (hit.token === 'amd64') {
    for (const h of same) edits.push({ start: h.start, end: h.end, newText: '${TARGETARCH}' });
    return { title: 'Download for the target architecture (${TARGETARCH})', kind: 'fix', edits };
  }
  if (!run || run.form === 'exec') return undefined;
  if (ins.stage < 0) return undefined;
  const v = 'DL_ARCH';
  const mapping = `case "\${TARGETARCH}" in amd64) ${v}=${hit.token} ;; arm64) ${v}=${arm} ;; *) echo "unsupported TARGETARCH: \${TARGETARCH}" >&2; exit 1 ;; esac; `;
  edits.push({ start: run.start, end: run.start, newText: run.form === 'heredoc' ? mapping.trimEnd() + '\n' : mapping });
  for (const h of same) edits.push({ start: h.start, end: h.end, newText: `\${${v}}` });
  return { title: `Map TARGETARCH to the vendor's spelling (${hit.token}/${arm}; check the arm64 asset name)`, kind: 'suggest', edits };
}

export const rule: Rule = {
  meta: {
    id: 'docker-hardcoded-arch', defaultSeverity: 'warning', category: 'container', kinds: ['dockerfile'], fixable: 'fix',
    description: 'amd64/x86_64/x64/linux64 in download URLs or file names in RUN and ADD (and URLs in ENV/ARG).',
  },
  prefilter: /amd64|x86_64|x86-64|x64|linux64/,
  check(ctx) {
    const m = dockerfileModel(ctx);
    if (m.isTemplate) return;
    for (const ins of m.instructions) {
      if ((ins.stage < 0 && ins.keyword !== 'ARG') || stageIsX86(m, ins.stage)) continue;
      if (ins.keyword !== 'RUN' && ins.keyword !== 'ADD' && ins.keyword !== 'ENV' && ins.keyword !== 'ARG') continue;
      // An instruction that also names an arm spelling handles both arches itself.
      if (/arm64|aarch_?64|armv8|\$\{?TARGETARCH|\$\{?TARGETPLATFORM/.test(ins.args)) continue;
      const run = ins.keyword === 'RUN' ? m.runOf(ins) : undefined;
      // ENV/ARG values count when they are URLs (`ENV HELM_URL=https://.../helm-v3-linux-amd64.tar.gz`).
      const hits = run ? hitsInRun(run) : hitsInAdd(m, ins);
      // One fix per spelling: it is the same for every hit of that spelling (it rewrites all of them).
      const fixes = new Map<string, Fix | undefined>();
      for (const h of hits) {
        const arm = armSpelling(h.token, h.word);
        if (!fixes.has(h.token)) fixes.set(h.token, fixFor(m, ins, run, hits, h));
        const fix = fixes.get(h.token);
        ctx.report({
          start: h.start, end: h.end,
          message: `"${h.token}" is hard-coded in this download: an arm64 image gets the x86-64 binary and fails with "exec format error" at run time. Use ARG TARGETARCH${arm && arm !== 'arm64' ? ` and map it to the vendor's spelling (${h.token} → ${arm})` : ''}.`,
          fixes: fix ? [fix] : [],
        });
      }
    }
  },
};

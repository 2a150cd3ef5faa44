// `go build`/`go install` in a stage that runs on the build platform (FROM --platform=$BUILDPLATFORM, or a stage
// built on one) with no GOARCH: Go builds for the machine it runs on, so when a target-platform stage copies the
// binary, the arm64 image holds an amd64 binary. Reported only when that COPY is seen (a tool installed and run
// during the build is right to be built for the build machine).
import * as path from 'node:path';
import type { Fix, TextEdit } from '../../core/types';
import type { Rule } from '../rule';
import { goEnvInDockerfile, type GoEnvSetting } from '../../lang/build/goenv';
import type { ShellCommand } from '../../lang/build/shell';
import type { DfInstruction, DfStage, DockerfileModel } from '../../lang/dockerfile/model';
import { isExecForm } from '../../lang/dockerfile/model';
import { archGuarded, declareArgsEdits, dockerfileModel } from './common';

/** `--platform=$BUILDPLATFORM`, also `${BUILDPLATFORM:-linux/amd64}` (a default for the classic builder). */
function onBuildPlatform(m: DockerfileModel, stage: DfStage, seen = new Set<number>()): boolean {
  if (seen.has(stage.index)) return false;
  seen.add(stage.index);
  const p = stage.platform;
  if (p) return p.kind === 'build' || /^["']?\$\{BUILDPLATFORM:?-[^}]*\}["']?$/.test(p.value);
  return stage.parent !== undefined && !!m.stages[stage.parent] && onBuildPlatform(m, m.stages[stage.parent], seen);
}

/** The stage and the stages it builds on (FROM <stage>), itself first. */
function lineage(m: DockerfileModel, stage: DfStage): DfStage[] {
  const out: DfStage[] = [];
  for (let s: DfStage | undefined = stage; s && !out.includes(s); s = s.parent !== undefined ? m.stages[s.parent] : undefined) out.push(s);
  return out;
}

/** A go command that writes a binary: `go build` or `go install` (not `go build -o /dev/null`). */
function goBuildSub(c: ShellCommand): string | undefined {
  if (c.name !== 'go' && !/\/go$/.test(c.name)) return undefined;
  const sub = c.words.find((w) => !w.value.startsWith('-'))?.value;
  return sub === 'build' || sub === 'install' ? sub : undefined;
}

interface Output { path?: string; name?: string }

/** Where the binary lands, as far as the words say: `-o X`, else the package's last path element. */
function outputOf(c: ShellCommand, sub: string, workdir: string | undefined, gobin: string | undefined): Output | undefined {
  const words = c.words.map((w) => w.value);
  const i = words.indexOf(sub);
  const rest = words.slice(i + 1);
  let out: string | undefined;
  const pkgs: string[] = [];
  for (let k = 0; k < rest.length; k++) {
    const w = rest[k];
    if (w === '-o') { out = rest[++k]; continue; }
    if (w.startsWith('-o=')) { out = w.slice(3); continue; }
    // Flags with a separate value: skip the value too.
    if (/^-(?:ldflags|gcflags|asmflags|tags|mod|modfile|p|pkgdir|trimpath=|buildmode|buildvcs|overlay|pgo|C|toolexec|installsuffix|compiler|gccgoflags)$/.test(w)) { k++; continue; }
    if (w.startsWith('-')) continue;
    pkgs.push(w);
  }
  if (out !== undefined) {
    if (out === '/dev/null' || out.includes('$')) return out === '/dev/null' ? undefined : {};
    const abs = out.startsWith('/') ? out : workdir ? path.posix.join(workdir, out) : undefined;
    // `-o dir/` writes dir/<name>: only the folder is known.
    if (out.endsWith('/')) return { path: abs };
    return { path: abs, name: path.posix.basename(out) };
  }
  const pkg = pkgs.length === 1 ? pkgs[0].replace(/@.*$/, '') : undefined;
  const name = pkg && !pkg.includes('...') && !pkg.includes('$') && pkg !== '.' && !pkg.endsWith('.go') ? path.posix.basename(pkg) : undefined;
  if (sub === 'install') return { path: gobin && name ? path.posix.join(gobin, name) : gobin, name };
  return { name };
}

/** A COPY source (relative to the source stage's root) glob as a RegExp. */
function globRe(p: string): RegExp {
  return new RegExp('^' + p.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]') + '$');
}

/** Does a COPY source bring this output? By full path (the file, or a folder holding it), or by the file's name. */
function copies(src: string, out: Output): boolean {
  const p = path.posix.normalize(src.startsWith('/') ? src : '/' + src).replace(/\/$/, '') || '/';
  if (out.path) {
    if (p === '/' || out.path === p || out.path.startsWith(p + '/') || globRe(p).test(out.path)) return true;
  }
  return !!out.name && globRe(path.posix.basename(p)).test(out.name);
}

/** COPY sources of an instruction (exec or shell form), without the destination. */
function copySources(ins: DfInstruction): string[] {
  let words: string[];
  if (isExecForm(ins.args)) {
    try { words = JSON.parse(ins.args.replace(/\\\r?\n/g, '')) as string[]; } catch { return []; }
  } else words = ins.args.replace(/\\\r?\n/g, ' ').trim().split(/\s+/).map((w) => w.replace(/^["']|["']$/g, ''));
  return words.slice(0, -1);
}

export const rule: Rule = {
  meta: {
    id: 'docker-go-cross-no-goarch', defaultSeverity: 'warning', category: 'container', kinds: ['dockerfile'], fixable: 'fix',
    description: 'go build in a FROM --platform=$BUILDPLATFORM stage without GOARCH, and a target-platform stage copies the binary.',
  },
  prefilter: /BUILDPLATFORM[\s\S]*\bgo\s/,
  check(ctx) {
    const m = dockerfileModel(ctx);
    if (m.isTemplate) return;
    const settings = goEnvInDockerfile(m);
    const setIn = (name: GoEnvSetting['name'], ins: DfInstruction, cmdStart: number, chain: DfStage[]): boolean => settings.some((s) => {
      if (s.name !== name) return false;
      const at = m.instructionAt(s.start, s.end);
      if (!at) return false;
      // In the same RUN before the command (a prefix, an export, an earlier `A=1;`).
      if (at === ins) return s.start < cmdStart;
      // ENV in this stage before the RUN, or in a stage it builds on; ARG only in this stage.
      if (at.stage === ins.stage) return at.start < ins.start && (at.keyword === 'ENV' || at.keyword === 'ARG');
      return at.keyword === 'ENV' && chain.some((st) => st.index === at.stage);
    });
    for (const run of m.runs) {
      const ins = run.instruction;
      const stage = m.stages[ins.stage];
      if (!stage || !run.shell || !onBuildPlatform(m, stage)) continue;
      const chain = lineage(m, stage);
      // Text of the stage up to this RUN and of the stages it builds on: `go env -w GOARCH=`, xx-go --wrap.
      const before = chain.map((s) => m.text.slice(s.start, s === stage ? ins.start : s.end)).join('\n');
      if (/\bgo\s+env\s+-w\b[^\n]*\bGOARCH=/.test(before) || /\bxx-go\s+--wrap\b/.test(before)) continue;
      const cmds = run.shell.commands;
      for (const c of cmds) {
        const sub = goBuildSub(c);
        if (!sub) continue;
        if (archGuarded(c.guards) || setIn('GOARCH', ins, c.nameStart, chain)) continue;
        // An earlier command in this RUN that can set variables we cannot see (sourcing a script, eval).
        if (cmds.some((o) => o.start < c.start && /^(\.|source|eval)$/.test(o.name))) continue;
        const cdBefore = cmds.some((o) => o.start < c.start && (o.name === 'cd' || o.name === 'pushd'));
        const workdir = cdBefore ? undefined : workdirAt(m, chain, ins);
        const gobin = absolute(settingsOf('GOBIN', ins, c.nameStart, chain).pop()) ?? (/golang/.test(chain[chain.length - 1].image) ? '/go/bin' : undefined);
        const out = outputOf(c, sub, workdir, gobin);
        if (!out || (!out.path && !out.name)) continue;
        const copy = copiedBy(m, stage, out);
        if (!copy) continue;
        const fixes: Fix[] = [];
        const needOs = !setIn('GOOS', ins, c.nameStart, chain);
        const names = needOs ? ['TARGETOS', 'TARGETARCH'] : ['TARGETARCH'];
        const decl = declareArgsEdits(m, ins, names);
        if (decl) {
          const prefix = (needOs ? 'GOOS=${TARGETOS} ' : '') + 'GOARCH=${TARGETARCH} ';
          const edit: TextEdit = { start: c.start, end: c.start, newText: prefix };
          fixes.push({ title: `Build for the target platform: ${prefix.trim()}`, kind: 'fix', edits: [...decl, edit] });
        }
        const where = copy.stage.name ? `stage ${copy.stage.name}` : `stage ${copy.stage.index}`;
        ctx.report({
          start: c.nameStart, end: c.words.find((w) => w.value === sub)!.end, fixes,
          message: `\`go ${sub}\` runs on the build platform (${onBuildPlatformReason(m, stage)}) with no GOARCH, so it builds for the build machine (amd64 on an x86 runner), and ${where} (line ${m.lines.lineColAt(copy.ins.start).line}) copies the binary into the target image: the arm64 image gets an x86-64 binary ("exec format error"). Set GOOS=$TARGETOS GOARCH=$TARGETARCH (with \`ARG TARGETOS TARGETARCH\` in the stage).`,
        });
      }
    }
  },
};

function onBuildPlatformReason(m: DockerfileModel, stage: DfStage): string {
  if (stage.platform) return `FROM --platform=${stage.platform.value}`;
  const root = lineage(m, stage).find((s) => s.platform);
  return root ? `built on stage ${root.name ?? root.index}, FROM --platform=${root.platform!.value}` : 'FROM --platform=$BUILDPLATFORM';
}

/** GOBIN settings reaching the command (as for GOARCH), last one wins. */
function settingsOf(name: string, ins: DfInstruction, cmdStart: number, chain: DfStage[]): string[] {
  const re = new RegExp(`(?<![\\w$.{-])${name}[ \\t]*=[ \\t]*("[^"\\n]*"|'[^'\\n]*'|[^\\s;&|)\`"']*)`, 'g');
  const out: string[] = [];
  for (const s of [...chain].reverse()) {
    for (const i of s.instructions) {
      const same = i === ins;
      if (!same && !((i.keyword === 'ENV') || (i.keyword === 'ARG' && i.stage === ins.stage))) continue;
      if (i.stage === ins.stage && i.start > ins.start) continue;
      for (const mm of i.args.matchAll(re)) if (!same || i.argsStart + mm.index! < cmdStart) out.push(mm[1].replace(/^["']|["']$/g, ''));
    }
  }
  return out;
}

/** A literal absolute folder, without its trailing slash. */
function absolute(v: string | undefined): string | undefined {
  return v && v.startsWith('/') && !v.includes('$') ? v.replace(/\/$/, '') : undefined;
}

/** The literal WORKDIR in effect at ins (through the stages it builds on); undefined when unknown. */
function workdirAt(_m: DockerfileModel, chain: DfStage[], ins: DfInstruction): string | undefined {
  let wd: string | undefined;
  for (const s of [...chain].reverse()) {
    for (const i of s.instructions) {
      if (i.stage === ins.stage && i.start > ins.start) break;
      if (i.keyword !== 'WORKDIR') continue;
      const v = i.args.trim().replace(/^["']|["']$/g, '');
      if (v.includes('$')) wd = undefined;
      else wd = v.startsWith('/') ? path.posix.normalize(v) : wd ? path.posix.join(wd, v) : undefined;
    }
  }
  return wd;
}

/** A COPY --from=<this stage or one built on it> in a stage on the target platform that brings the output. */
function copiedBy(m: DockerfileModel, from: DfStage, out: Output): { stage: DfStage; ins: DfInstruction } | undefined {
  const holds = (s: DfStage) => lineage(m, s).includes(from);
  for (const t of m.stages) {
    // The target platform: no --platform, or $TARGETPLATFORM. A constant or other variable platform is not known.
    if (t.platform ? t.platform.kind !== 'target' : onBuildPlatform(m, t)) continue;
    for (const ins of t.instructions) {
      if (ins.keyword !== 'COPY') continue;
      const f = ins.flags.find((x) => x.name.toLowerCase() === 'from')?.value;
      if (!f) continue;
      const src = /^\d+$/.test(f) ? m.stages[Number(f)] : m.stages.find((s) => s.name === f.toLowerCase());
      if (!src || !holds(src)) continue;
      if (copySources(ins).some((p) => copies(p, out))) return { stage: t, ins };
    }
  }
  return undefined;
}

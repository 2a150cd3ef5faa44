// One model for kubelet flags and KubeletConfiguration fields: every source (config YAML or JSON, kubeadm
// kubeletExtraArgs map/list, systemd ExecStart=/Environment=, env files) becomes a list of settings named by
// their config field, with exact ranges and an edit that removes each one.
import type { FileKind, TextEdit } from '../../core/types';
import {
  yamlFile, get, getIn, str, isMap, isSeq, isScalar, removeItemEdit, stepsTo,
  type Node, type YAMLMap, type YAMLSeq, type Scalar, type Pair, type Document, type YamlStep,
} from '../yaml/documents';
import { BOOL_FLAGS, FLAG_TO_FIELD, LIST_FLAGS, MAP_FLAGS, settingNameOfFlag } from './flags';

export type SettingForm = 'flag' | 'config' | 'kubeadm-map' | 'kubeadm-list';

export interface KubeletSetting {
  /** Config field path (`cpuManagerPolicy`, `featureGates.TopologyManager`, `kubeReserved.cpu`) or `--flag`. */
  name: string;
  /** The flag (without `--`) when the setting came from a flag or kubeletExtraArgs. */
  flag?: string;
  value: string;
  valueStart: number;
  valueEnd: number;
  /** The whole flag (`--x=y`, `--x y`), the YAML pair, or the map item inside a flag value. */
  start: number;
  end: number;
  form: SettingForm;
  /** Deletes the setting (the flag, the pair, the list item, the `k=v` item). */
  remove?: TextEdit;
  /** For config settings: the YAML scalar holding the value, and the map holding it. */
  node?: Scalar;
  map?: YAMLMap;
  pair?: Pair;
  /** For YAML: the KubeletConfiguration document root map this setting belongs to (if any). */
  configRoot?: YAMLMap;
  /** Read from a JSON file: value edits must write JSON (a string is quoted even where YAML needs no quotes). */
  json?: boolean;
  /** For kubeadm-list: the `{name, value}` item and its list (to insert siblings). */
  item?: YAMLMap;
  seq?: YAMLSeq;
}

export interface KubeletSettings {
  settings: KubeletSetting[];
  /**
   * True when the file describes the kubelet fully enough to judge missing settings: a KubeletConfiguration
   * document, or a kubelet command line with no `--config` and no variables from elsewhere.
   */
  selfContained: boolean;
  /** KubeletConfiguration root maps found in the file (for inserting fields). */
  configRoots: YAMLMap[];
  /** Where the kubelet command starts (ExecStart= of a kubelet) in unit files. */
  execStarts: { start: number; end: number; hasUnresolvedVars: boolean }[];
  /** True when the file sets the kubelet up at all (so absence rules may speak). */
  isKubelet: boolean;
}

interface Ctx { text: string; path: string; kind: FileKind; memo<T>(key: string, compute: () => T): T; log(m: string): void }

export function kubeletSettings(ctx: Ctx): KubeletSettings {
  return ctx.memo('kubelet:settings', () => {
    const out: KubeletSettings = { settings: [], selfContained: false, configRoots: [], execStarts: [], isKubelet: false };
    if (ctx.kind === 'yaml') fromYaml(ctx, out);
    else if (ctx.kind === 'json') {
      // JSON is YAML 1.2 (flow collections, double-quoted strings): the same parser gives the same model with
      // exact ranges; only the edits differ (kubeletCommon writes JSON values, flow-map removals and inserts).
      fromYaml(ctx, out);
      for (const st of out.settings) st.json = true;
    }
    else if (ctx.kind === 'systemd') fromSystemd(ctx.text, out);
    else if (ctx.kind === 'envfile') fromEnvFile(ctx.text, out);
    return out;
  });
}

// ---------------------------------------------------------------------------------------------- YAML

function isKubeletConfigDoc(root: unknown): boolean {
  return str(get(root, 'kind')) === 'KubeletConfiguration' && /^kubelet\.config\.k8s\.io\//.test(str(get(root, 'apiVersion')) ?? '');
}

function fromYaml(ctx: Ctx, out: KubeletSettings): void {
  const { docs } = yamlFile(ctx);
  for (const doc of docs as Document.Parsed[]) {
    const root = doc.contents;
    if (!isMap(root)) continue;
    if (isKubeletConfigDoc(root)) {
      out.isKubelet = true;
      out.selfContained = true;
      out.configRoots.push(root);
      flattenConfig(ctx.text, root, [], root, [], out.settings);
      continue;
    }
    const apiVersion = str(get(root, 'apiVersion')) ?? '';
    const kind = str(get(root, 'kind')) ?? '';
    // OpenShift KubeletConfig: spec.kubeletConfig is a KubeletConfiguration merged over the platform's own
    // (so missing fields are not judged: selfContained stays as is).
    if (kind === 'KubeletConfig' && /^machineconfiguration\.openshift\.io\//.test(apiVersion)) {
      const kc = getIn(root, ['spec', 'kubeletConfig']);
      if (isMap(kc)) { out.isKubelet = true; out.configRoots.push(kc); flattenConfig(ctx.text, kc, [], kc, stepsTo(root, ['spec', 'kubeletConfig'])!, out.settings); }
      continue;
    }
    // EKS (AL2023 nodeadm) NodeConfig: spec.kubelet.config is merged over the AMI's KubeletConfiguration and
    // spec.kubelet.flags is a list of kubelet flags; missing fields are not judged.
    if (kind === 'NodeConfig' && /^node\.eks\.aws\//.test(apiVersion)) {
      const kc = getIn(root, ['spec', 'kubelet', 'config']);
      if (isMap(kc)) { out.isKubelet = true; out.configRoots.push(kc); flattenConfig(ctx.text, kc, [], kc, stepsTo(root, ['spec', 'kubelet', 'config'])!, out.settings); }
      const flags = getIn(root, ['spec', 'kubelet', 'flags']);
      const flagsSteps = stepsTo(root, ['spec', 'kubelet', 'flags'])!;
      if (isSeq(flags)) {
        out.isKubelet = true;
        for (const [index, it] of flags.items.entries()) {
          if (!isScalar(it) || !it.range) continue;
          const [fs, fe] = quotedInner(ctx.text, it);
          const toks = tokenize(ctx.text, fs, fe);
          const before = out.settings.length;
          flagsFromTokens(ctx.text, toks, fs, out.settings);
          // One flag per item: removing it removes the list item, not just its text.
          if (toks.length === 1) {
            const rm = removeItemEdit(ctx.text, [...flagsSteps, { coll: flags, index }]);
            for (let k = before; k < out.settings.length; k++) { const st = out.settings[k]; if (st.remove && st.start === toks[0].start) st.remove = rm; }
          }
        }
      }
      continue;
    }
    if (!/^kubeadm\.k8s\.io\//.test(apiVersion) || !/^(Init|Join)Configuration$/.test(kind)) continue;
    out.isKubelet = true;
    // kubeadm writes the kubelet config from this file (and its embedded KubeletConfiguration), nothing else.
    out.selfContained = true;
    const extra = getIn(root, ['nodeRegistration', 'kubeletExtraArgs']);
    const extraSteps = stepsTo(root, ['nodeRegistration', 'kubeletExtraArgs'])!;
    if (isMap(extra)) {
      for (const [index, p] of extra.items.entries()) {
        if (!isScalar(p.key)) continue;
        const flag = String(p.key.value).replace(/^--/, '');
        const v = p.value as Node | null;
        if (!isScalar(v) || !v.range) continue;
        addFlagSettings(ctx.text, flag, str(v) ?? '', quotedInner(ctx.text, v), (p.key as Node).range![0], v.range[1],
          'kubeadm-map', removeItemEdit(ctx.text, [...extraSteps, { coll: extra, index }]), out.settings, { map: extra, pair: p });
      }
    } else if (isSeq(extra)) {
      for (const [index, item] of extra.items.entries()) {
        if (!isMap(item)) continue;
        const n = get(item, 'name'), v = get(item, 'value');
        const flag = str(n)?.replace(/^--/, '');
        if (!flag || !isScalar(v) || !v.range || !item.range) continue;
        addFlagSettings(ctx.text, flag, str(v) ?? '', quotedInner(ctx.text, v), item.range[0], v.range[1],
          'kubeadm-list', removeItemEdit(ctx.text, [...extraSteps, { coll: extra, index }]), out.settings, { item, seq: extra });
      }
    }
  }
}

/** Start/end of a scalar's content without its quotes. */
function quotedInner(text: string, v: Node): [number, number] {
  const [s, e] = v.range!;
  const c = text[s];
  return c === '"' || c === "'" ? [s + 1, e - 1] : [s, e];
}

/**
 * Every scalar of a configuration, named by its key path, in document order. An explicit stack of
 * collections being read (nesting depth is the input's to choose), each with the next item to read.
 * `above`: the steps from the document's root down to `top` (removals take emptied parents along).
 */
function flattenConfig(text: string, top: YAMLMap | YAMLSeq, topPath: string[], root: YAMLMap, above: YamlStep[], acc: KubeletSetting[]): void {
  const stack: { node: YAMLMap | YAMLSeq; path: string[]; next: number }[] = [{ node: top, path: topPath, next: 0 }];
  const steps = () => [...above, ...stack.map((f): YamlStep => ({ coll: f.node, index: f.next - 1 }))];
  while (stack.length) {
    const f = stack[stack.length - 1];
    if (f.next >= f.node.items.length) { stack.pop(); continue; }
    const index = f.next++;
    const item = f.node.items[index];
    const { node, path } = f;
    if (isMap(node)) {
      const p = item as Pair;
      if (!isScalar(p.key)) continue;
      const key = String(p.key.value);
      if (path.length === 0 && (key === 'apiVersion' || key === 'kind')) continue;
      const v = p.value as Node | null;
      const name = [...path, key];
      if (isMap(v) || isSeq(v)) { stack.push({ node: v, path: name, next: 0 }); continue; }
      if (!isScalar(v) || !v.range || !(p.key as Node).range) continue;
      const [vs, ve] = quotedInner(text, v);
      acc.push({
        name: name.join('.'), value: str(v) ?? '', valueStart: vs, valueEnd: ve,
        start: (p.key as Node).range![0], end: v.range[1], form: 'config',
        remove: removeItemEdit(text, steps()), node: v, map: node, pair: p, configRoot: root,
      });
    } else {
      const it = item as Node;
      if (isMap(it) || isSeq(it)) { stack.push({ node: it, path, next: 0 }); continue; }
      if (!isScalar(it) || !it.range) continue;
      const [vs, ve] = quotedInner(text, it);
      acc.push({
        name: path.join('.'), value: str(it) ?? '', valueStart: vs, valueEnd: ve, start: it.range[0], end: it.range[1],
        form: 'config', remove: removeItemEdit(text, steps()), node: it, configRoot: root,
      });
    }
  }
}

// ---------------------------------------------------------------------------------------------- flags

/**
 * Adds the settings of one flag occurrence. Map flags (`--feature-gates=A=true,B=false`) give one setting per
 * entry, each with an edit removing just that entry (or the whole flag when it is the only one).
 */
function addFlagSettings(text: string, flag: string, value: string, inner: [number, number],
  start: number, end: number, form: SettingForm, remove: TextEdit | undefined, acc: KubeletSetting[],
  where: Partial<Pick<KubeletSetting, 'map' | 'pair' | 'item' | 'seq'>> = {}): void {
  const [vs, ve] = inner;
  const field = FLAG_TO_FIELD[flag];
  if (field && (MAP_FLAGS.has(flag) || LIST_FLAGS.has(flag) || flag === 'reserved-memory')) {
    const raw = text.slice(vs, ve);
    // Items separated by ',' (and ';' between NUMA nodes for --reserved-memory).
    const re = /[^,;]+/g;
    const items: { s: number; e: number; t: string }[] = [];
    for (let m = re.exec(raw); m; m = re.exec(raw)) items.push({ s: vs + m.index, e: vs + m.index + m[0].length, t: m[0] });
    if (raw !== value) { /* value had escapes; fall back to one setting */ items.length = 0; }
    for (let i = 0; i < items.length; i++) {
      const it = items[i];
      const itemRemove: TextEdit | undefined = items.length === 1 ? remove
        : i < items.length - 1 ? { start: it.s, end: items[i + 1].s, newText: '' }
          : { start: items[i - 1].e, end: it.e, newText: '' };
      if (LIST_FLAGS.has(flag)) {
        acc.push({ name: field, flag, value: it.t.trim(), valueStart: it.s, valueEnd: it.e, start, end, form, remove: itemRemove });
        continue;
      }
      let t = it.t, s = it.s;
      if (flag === 'reserved-memory') {
        const c = t.indexOf(':');
        if (c >= 0) { t = t.slice(c + 1); s += c + 1; }
      }
      const eq = t.indexOf('=');
      if (eq < 0) continue;
      const key = t.slice(0, eq).trim();
      const name = flag === 'reserved-memory' ? `reservedMemory.limits.${key}` : `${field}.${key}`;
      acc.push({ name, flag, value: t.slice(eq + 1).trim(), valueStart: s + eq + 1, valueEnd: it.e, start: it.s, end: it.e, form, remove: itemRemove });
    }
    if (items.length > 0) return;
  }
  acc.push({ name: settingNameOfFlag(flag), flag, value, valueStart: vs, valueEnd: ve, start, end, form, remove, ...where });
}

interface Token { text: string; start: number; end: number; /** start of the whitespace before it */ wsStart: number }

/** Splits a command line into words with offsets; quotes are kept in the token text; `\`-newline is space. */
export function tokenize(text: string, from: number, to: number): Token[] {
  const toks: Token[] = [];
  let i = from, wsStart = from;
  while (i < to) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || (c === '\\' && (text[i + 1] === '\n' || text[i + 1] === '\r'))) { i++; continue; }
    const start = i;
    let q: string | undefined;
    while (i < to) {
      const d = text[i];
      if (q) { if (d === q) q = undefined; i++; continue; }
      if (d === '"' || d === "'") { q = d; i++; continue; }
      if (d === ' ' || d === '\t' || d === '\n' || d === '\r') break;
      if (d === '\\' && (text[i + 1] === '\n' || text[i + 1] === '\r')) break;
      i++;
    }
    toks.push({ text: text.slice(start, i), start, end: i, wsStart });
    wsStart = i;
  }
  return toks;
}

function unquote(t: string, start: number): { v: string; s: number; e: number } {
  if (t.length >= 2 && (t[0] === '"' || t[0] === "'") && t[t.length - 1] === t[0]) return { v: t.slice(1, -1), s: start + 1, e: start + t.length - 1 };
  return { v: t, s: start, e: start + t.length };
}

/** Parses kubelet flags out of words; returns whether `--config` was seen and the flags read. */
function flagsFromTokens(text: string, toks: Token[], regionStart: number, acc: KubeletSetting[]): void {
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    const m = /^--?([A-Za-z0-9][A-Za-z0-9-]*)(=(.*))?$/s.exec(t.text);
    if (!m || !t.text.startsWith('--')) continue;
    const flag = m[1];
    let value = 'true', vs = t.end, ve = t.end, end = t.end;
    if (m[2] !== undefined) {
      const u = unquote(m[3], t.start + 2 + flag.length + 1);
      value = u.v; vs = u.s; ve = u.e;
    } else if (!BOOL_FLAGS.has(flag) && i + 1 < toks.length && !toks[i + 1].text.startsWith('-') && !toks[i + 1].text.startsWith('$')) {
      const n = toks[i + 1];
      const u = unquote(n.text, n.start);
      value = u.v; vs = u.s; ve = u.e; end = n.end; i++;
    }
    // Remove the flag with the whitespace that separates it: the whitespace before it, or, for a flag at the
    // very start of a value (`"--a --b"`), the whitespace after it, so that no value starts with a space. The
    // removals of the first two flags then overlap: fix-all takes the second in its next round.
    const from = t.wsStart < regionStart ? regionStart : t.wsStart;
    const remove: TextEdit = from < t.start ? { start: from, end, newText: '' } : { start: t.start, end: toks[i + 1]?.start ?? end, newText: '' };
    addFlagSettings(text, flag, value, [vs, ve], t.start, end, 'flag', remove, acc);
  }
}

// ---------------------------------------------------------------------------------------------- systemd / env

/** Logical lines (joined `\` continuations) with their offsets. */
function logicalLines(text: string): { start: number; end: number }[] {
  const lines: { start: number; end: number }[] = [];
  let i = 0;
  while (i < text.length) {
    const start = i;
    for (;;) {
      const nl = text.indexOf('\n', i);
      const e = nl < 0 ? text.length : nl;
      const lineText = text.slice(i, e).replace(/\r$/, '');
      if (lineText.endsWith('\\') && nl >= 0) { i = nl + 1; continue; }
      lines.push({ start, end: e });
      i = nl < 0 ? text.length : nl + 1;
      break;
    }
  }
  return lines;
}

const KUBELET_VAR = /KUBELET/i;

function fromSystemd(text: string, out: KubeletSettings): void {
  const defined = new Set<string>();
  const used: string[] = [];
  let hasEnvFile = false, hasConfig = false;
  for (const { start, end } of logicalLines(text)) {
    const line = text.slice(start, end);
    const m = /^\s*(ExecStart|Environment|EnvironmentFile)\s*=\s*/.exec(line);
    if (!m) continue;
    const vStart = start + m[0].length;
    if (m[1] === 'EnvironmentFile') { hasEnvFile = true; continue; }
    if (m[1] === 'Environment') {
      for (const a of envAssignments(text, vStart, end)) {
        defined.add(a.name);
        if (!KUBELET_VAR.test(a.name)) continue;
        out.isKubelet = true;
        const before = out.settings.length;
        flagsFromTokens(text, tokenize(text, a.valueStart, a.valueEnd), a.valueStart, out.settings);
        if (out.settings.slice(before).some((s) => s.flag === 'config')) hasConfig = true;
      }
      continue;
    }
    // ExecStart: only kubelet command lines. `-` / `@` / `+` prefixes are systemd's.
    const toks = tokenize(text, vStart, end);
    if (toks.length === 0) continue;
    const cmd = toks[0].text.replace(/^[-@+!:]+/, '');
    if (!/(^|\/)kubelet$/.test(cmd)) continue;
    out.isKubelet = true;
    const rest = toks.slice(1);
    for (const t of rest) for (const v of t.text.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)) used.push(v[1]);
    const before = out.settings.length;
    flagsFromTokens(text, rest, rest[0]?.wsStart ?? end, out.settings);
    if (out.settings.slice(before).some((s) => s.flag === 'config')) hasConfig = true;
    out.execStarts.push({ start: toks[0].start, end: toks[0].end, hasUnresolvedVars: false });
  }
  const unresolved = hasEnvFile || used.some((u) => !defined.has(u));
  for (const e of out.execStarts) e.hasUnresolvedVars = unresolved;
  out.selfContained = out.execStarts.length > 0 && !hasConfig && !unresolved;
}

/** `A=b "C=d e"` assignments of a systemd Environment= value. */
function envAssignments(text: string, from: number, to: number): { name: string; valueStart: number; valueEnd: number }[] {
  const res: { name: string; valueStart: number; valueEnd: number }[] = [];
  for (const t of tokenize(text, from, to)) {
    const quoted = t.text[0] === '"' || t.text[0] === "'";
    const body = quoted ? t.text.slice(1, t.text.endsWith(t.text[0]) ? -1 : undefined) : t.text;
    const bs = t.start + (quoted ? 1 : 0);
    const eq = body.indexOf('=');
    if (eq <= 0) continue;
    let vs = bs + eq + 1, ve = bs + body.length;
    // Environment=KUBELET_EXTRA_ARGS="--a --b" style (quotes after the `=`).
    const v = text.slice(vs, ve);
    if (v.length >= 2 && (v[0] === '"' || v[0] === "'") && v.endsWith(v[0])) { vs++; ve--; }
    res.push({ name: body.slice(0, eq), valueStart: vs, valueEnd: ve });
  }
  return res;
}

function fromEnvFile(text: string, out: KubeletSettings): void {
  for (const { start, end } of logicalLines(text)) {
    const line = text.slice(start, end);
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=/.exec(line);
    if (!m || !KUBELET_VAR.test(m[1])) continue;
    out.isKubelet = true;
    let vs = start + m[0].length, ve = end;
    while (ve > vs && /[\s\r]/.test(text[ve - 1])) ve--;
    const q = text[vs];
    if ((q === '"' || q === "'") && ve - vs >= 2 && text[ve - 1] === q) { vs++; ve--; }
    flagsFromTokens(text, tokenize(text, vs, ve), vs, out.settings);
  }
}

/** Finds settings by name. */
export function find(s: KubeletSettings, name: string): KubeletSetting[] {
  return s.settings.filter((x) => x.name === name);
}

/** The value that wins: flags override the config file ("Command-line flags override configuration"). */
export function effective(s: KubeletSettings, name: string): KubeletSetting | undefined {
  const all = find(s, name);
  const flags = all.filter((x) => x.form !== 'config');
  return flags[flags.length - 1] ?? all[all.length - 1];
}

// Shared bits of the kubelet rules: which files they read, how a setting is named in messages, value edits.
import type { FileKind, TextEdit } from '../../core/types';
import type { KubeletSetting } from '../../lang/kubelet/settings';
import { lineStart, replaceScalarEdit, type Node, type Pair, type YAMLMap } from '../../lang/yaml/documents';

/** KubeletConfiguration YAML or JSON, kubeadm/NodeConfig/KubeletConfig YAML, systemd units, env files. */
export const KUBELET_KINDS: FileKind[] = ['yaml', 'json', 'systemd', 'envfile'];

/** Cheap test: the text mentions the kubelet at all. */
export const KUBELET_PREFILTER = /KubeletConfiguration|kubeletExtraArgs|kubelet|KUBELET/;

/** How the user wrote it: `--cpu-manager-policy` for flags, `cpuManagerPolicy` for config. */
export function label(s: KubeletSetting): string {
  if (s.form === 'config') return s.name;
  const key = s.name.includes('.') && s.flag && !s.name.startsWith('authentication') && !s.name.startsWith('authorization')
    ? ` ${s.name.slice(s.name.indexOf('.') + 1)}` : '';
  return `--${s.flag}${key}`;
}

/** JSON's unquoted values: numbers, true, false, null. */
const JSON_LITERAL = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null)$/;

/**
 * An edit that sets the setting's value, keeping YAML quoting. In JSON a string value stays a JSON string
 * (escaped), and an unquoted number or boolean is replaced unquoted only by another JSON literal.
 */
export function setValueEdit(text: string, s: KubeletSetting, value: string): TextEdit {
  if (s.form === 'config' && s.node) {
    if (!s.json) return replaceScalarEdit(text, s.node, value);
    const [start, end] = s.node.range!;
    const quoted = text[start] === '"' || text[start] === "'";
    return { start, end, newText: !quoted && JSON_LITERAL.test(value) ? value : JSON.stringify(value) };
  }
  return { start: s.valueStart, end: s.valueEnd, newText: value };
}

/**
 * Inserts `"key": "value"` after a pair of a flow map (JSON, or YAML's `{...}`), which is both JSON and YAML:
 * on its own line at that pair's indentation when the pair starts its line, else inline after `, `. The
 * map's comma after `after` (if any) then follows the new member.
 */
export function insertFlowPairAfterEdit(text: string, map: YAMLMap, after: Pair, key: string, value: string): TextEdit | undefined {
  if (!map.flow) return undefined;
  const k = after.key as Node | null, v = after.value as Node | null;
  if (!k?.range) return undefined;
  const at = v?.range ? v.range[1] : k.range[1];
  const member = `${JSON.stringify(key)}: ${JSON.stringify(value)}`;
  const indent = text.slice(lineStart(text, k.range[0]), k.range[0]);
  if (!/^[ \t]*$/.test(indent)) return { start: at, end: at, newText: `, ${member}` };
  const nl = text.includes('\r\n') ? '\r\n' : '\n';
  return { start: at, end: at, newText: `,${nl}${indent}${member}` };
}

export function versionNote(v: { text: string; source: string } | undefined): string {
  return v ? ` (workspace declares Kubernetes ${v.text} in ${v.source})` : '';
}

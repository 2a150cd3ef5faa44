// Shared bits of the kubelet rules: which files they read, how a setting is named in messages, value edits.
import type { FileKind, TextEdit } from '../../engine/types';
import type { KubeletSetting } from '../../lang/kubelet/settings';
import { replaceScalarEdit } from '../../lang/yaml/documents';

export const KUBELET_KINDS: FileKind[] = ['yaml', 'systemd', 'envfile'];

/** Cheap test: the text mentions the kubelet at all. */
export const KUBELET_PREFILTER = /KubeletConfiguration|kubeletExtraArgs|kubelet|KUBELET/;

/** How the user wrote it: `--cpu-manager-policy` for flags, `cpuManagerPolicy` for config. */
export function label(s: KubeletSetting): string {
  if (s.form === 'config') return s.name;
  const key = s.name.includes('.') && s.flag && !s.name.startsWith('authentication') && !s.name.startsWith('authorization')
    ? ` ${s.name.slice(s.name.indexOf('.') + 1)}` : '';
  return `--${s.flag}${key}`;
}

/** An edit that sets the setting's value, keeping YAML quoting. */
export function setValueEdit(text: string, s: KubeletSetting, value: string): TextEdit {
  if (s.form === 'config' && s.node) return replaceScalarEdit(text, s.node, value);
  return { start: s.valueStart, end: s.valueEnd, newText: value };
}

export function versionNote(v: { text: string; source: string } | undefined): string {
  return v ? ` (workspace declares Kubernetes ${v.text} in ${v.source})` : '';
}

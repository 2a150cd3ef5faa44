// Shared reading of Kubernetes manifests and Helm values: architecture pins per document.
import { get, isMap, isScalar, isSeq, str, walkMaps, type Node, type Pair, type Scalar, type YAMLMap } from '../../lang/yaml/documents';

export const ARCH_LABELS = new Set(['kubernetes.io/arch', 'beta.kubernetes.io/arch']);
export const AMD64_NAMES = new Set(['amd64', 'x86_64']);

export interface ArchPin {
  /** The label key scalar. */
  key: Scalar;
  pair: Pair;
  map: YAMLMap;
  /** Architectures the pin allows (In / nodeSelector) or excludes (NotIn). */
  values: Scalar[];
  operator: 'selector' | 'In' | 'NotIn';
  valuesNode?: Node;
  /** Keys leading to the map (e.g. Karpenter `spec.template.spec.requirements`). */
  path: string[];
  /** Index of the pair in the map. */
  index: number;
}

/** nodeSelector entries and nodeAffinity matchExpressions on the arch label, anywhere below `root`. */
export function archPins(root: unknown): ArchPin[] {
  const pins: ArchPin[] = [];
  walkMaps(root, (map, path) => {
    const last = path[path.length - 1];
    if (last === 'nodeSelector') {
      map.items.forEach((p, index) => {
        if (isScalar(p.key) && ARCH_LABELS.has(String(p.key.value)) && isScalar(p.value)) {
          pins.push({ key: p.key, pair: p, map, values: [p.value], operator: 'selector', path, index });
        }
      });
      return;
    }
    const key = get(map, 'key');
    const op = str(get(map, 'operator'));
    if (isScalar(key) && ARCH_LABELS.has(String(key.value)) && (op === 'In' || op === 'NotIn')) {
      const vals = get(map, 'values');
      const index = map.items.findIndex((p) => p.key === key);
      const values = isSeq(vals) ? vals.items.filter(isScalar) as Scalar[] : [];
      pins.push({ key, pair: map.items[index], map, values, operator: op, valuesNode: vals ?? undefined, path, index });
    }
  });
  return pins;
}

/** True when the pins keep the workload on amd64 only (no arm64 allowed). */
export function pinsToAmd64Only(pins: ArchPin[]): boolean {
  return pins.some((p) => p.operator !== 'NotIn' && p.values.length > 0 && p.values.every((v) => AMD64_NAMES.has(String(v.value))));
}

export function mentionsArm64(pins: ArchPin[]): boolean {
  return pins.some((p) => p.operator !== 'NotIn' && p.values.some((v) => /^(arm64|aarch64)$/.test(String(v.value))));
}

export { isMap };

/**
 * Documents the manifest rules read: Kubernetes objects (apiVersion + kind) and Helm values files.
 * Compose files and CI workflows also have `image:` keys, but there the image runs on the CI/compose host.
 */
export function manifestDocs<T extends { contents: unknown }>(filePath: string, docs: T[]): T[] {
  const base = filePath.replace(/\\/g, '/').split('/').pop() ?? '';
  if (/\/\.github\/workflows\/|(^|\/)\.gitlab-ci\.ya?ml$/.test(filePath.replace(/\\/g, '/'))) return [];
  const helmValues = /^values[\w.-]*\.ya?ml$/i.test(base);
  return docs.filter((d) => helmValues || (isMap(d.contents) && get(d.contents, 'apiVersion') !== undefined && get(d.contents, 'kind') !== undefined));
}

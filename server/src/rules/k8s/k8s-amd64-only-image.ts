// Images known to have no linux/arm64 variant, in manifests and Helm values.
import type { Rule } from '../rule';
import { get, isScalar, str, walkMaps, yamlFile, type Node } from '../../lang/yaml/documents';
import { archPins, pinsToAmd64Only, manifestDocs } from './manifestCommon';
import { amd64OnlyImage } from '../docker/amd64OnlyData';

/** The curated list is shared with docker-amd64-only-image (one list, each entry with its source). */
export function amd64OnlyReason(image: string): string | undefined {
  const e = amd64OnlyImage(image.trim());
  return e ? `${e.what} (${e.source})` : undefined;
}

export const rule: Rule = {
  meta: {
    id: 'k8s-amd64-only-image', defaultSeverity: 'warning', category: 'kubernetes', kinds: ['yaml'],
    description: 'Container images known to have no linux/arm64 variant.',
  },
  prefilter: /mysql|mssql/,
  check(ctx) {
    for (const doc of manifestDocs(ctx.path, yamlFile(ctx).docs)) {
      if (pinsToAmd64Only(archPins(doc.contents))) continue; // pinned to amd64 nodes: the image never lands on arm64
      walkMaps(doc.contents, (map) => {
        const image = get(map, 'image');
        let text: string | undefined, node: Node | undefined;
        if (isScalar(image)) { text = str(image); node = image; } else {
          const repo = get(map, 'repository'), tag = get(map, 'tag');
          if (isScalar(repo) && isScalar(tag)) { text = `${str(repo)}:${str(tag)}`; node = tag; }
          else if (isScalar(repo) && /mssql/.test(str(repo) ?? '')) { text = str(repo); node = repo; }
        }
        if (!text || !node?.range) return;
        const why = amd64OnlyReason(text);
        if (why) ctx.report({ start: node.range[0], end: node.range[1], message: `${text} has no linux/arm64 image: pods on arm64 nodes fail with "exec format error" or no matching manifest. ${why}.`, data: { image: text } });
      });
    }
  },
};

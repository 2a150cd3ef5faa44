// Images known to have no linux/arm64 variant, in manifests and Helm values.
import type { Rule } from '../rule';
import { get, isScalar, str, walkMaps, yamlFile, type Node } from '../../lang/yaml/documents';
import { archPins, pinsToAmd64Only, manifestDocs } from './manifestCommon';

/** Curated, each with its source (facts §1.9). Kept small: a wrong entry is a false alarm on every use. */
export const AMD64_ONLY_IMAGES: { match: RegExp; why: string }[] = [
  { match: /^(?:docker\.io\/)?(?:library\/)?mysql:5(?:[.-]|$)/, why: 'mysql 5.x images are amd64-only ("no matching manifest for linux/arm64/v8"; docker-library/mysql #318, #838); mysql:8.x has arm64' },
  { match: /^mcr\.microsoft\.com\/mssql\/server(?::|@|$)/, why: 'SQL Server images are amd64-only and crash under emulation (microsoft/mssql-docker #802, #864)' },
];

export function amd64OnlyReason(image: string): string | undefined {
  return AMD64_ONLY_IMAGES.find((e) => e.match.test(image.trim()))?.why;
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
        if (why) ctx.report({ start: node.range[0], end: node.range[1], message: `${text} has no linux/arm64 image: pods on arm64 nodes fail with "exec format error" or no matching manifest. ${why}.` });
      });
    }
  },
};

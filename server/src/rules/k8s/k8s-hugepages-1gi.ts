// hugepages-1Gi cannot be satisfied by arm64 kernels built with 64K pages.
import type { Rule } from '../rule';
import { isScalar, str, walkMaps, yamlFile } from '../../lang/yaml/documents';
import { archPins, pinsToAmd64Only, manifestDocs } from './manifestCommon';

export const rule: Rule = {
  meta: {
    id: 'k8s-hugepages-1gi', defaultSeverity: 'warning', category: 'kubernetes', kinds: ['yaml'],
    description: 'hugepages-1Gi requested: there is no 1Gi huge page size on arm64 kernels with 64K base pages.',
  },
  prefilter: /[Hh]uge[Pp]ages-1Gi/,
  check(ctx) {
    for (const doc of manifestDocs(ctx.path, yamlFile(ctx).docs)) {
      if (pinsToAmd64Only(archPins(doc.contents))) continue;
      walkMaps(doc.contents, (map, path) => {
        const last = path[path.length - 1];
        for (const p of map.items) {
          if (!isScalar(p.key)) continue;
          const k = String(p.key.value);
          const hit = (k === 'hugepages-1Gi' && (last === 'limits' || last === 'requests'))
            || (k === 'medium' && str(p.value) === 'HugePages-1Gi');
          if (!hit) continue;
          const node = k === 'medium' && isScalar(p.value) ? p.value : p.key;
          ctx.report({ start: node.range![0], end: node.range![1],
            message: 'hugepages-1Gi does not exist on arm64 kernels with 64K pages (huge pages there are 2Mi, 512Mi, 16Gi); such pods never schedule. Fine on 4K/16K-page kernels; check the node kernel or use hugepages-2Mi.' });
        }
      });
    }
  },
};

// c-abi-layout-mismatch: a struct that looks like shared data (packed, or crossing an ABI boundary as raw bytes:
// fwrite/write/send/mmap/… of sizeof it) has a different size or member offsets on two enabled targets, so data
// written on one is misread on the other (facts layout-and-abi.md §4, §5). memcpy/memcmp are not boundaries: both
// sides are objects of the same build, laid out alike.
import { cStructs, cStructsWithIncludes } from '../../lang/c/layoutEntries';
import type { Rule } from '../rule';
import { lineBounds } from './support/cSource';

/** Calls that move a struct's bytes out of the process (files, sockets, pipes, shared memory). */
const RAW_IO = /(?<![.>]\s*)\b(?:fwrite|fread|write|read|send|sendto|sendmsg|recv|recvfrom|recvmsg|mmap|pwrite|pread|pwrite64|pread64|shm_open)\s*\(/;

export const rule: Rule = {
  meta: {
    readsOtherFiles: true,
    id: 'c-abi-layout-mismatch',
    defaultSeverity: 'warning',
    category: 'alignment',
    kinds: ['c', 'cpp'],
    description: 'A struct used as raw bytes (packed, or written/sent/mapped with fwrite/send/mmap of its sizeof) differs in size or member offsets between enabled targets.',
  },
  prefilter: /\bstruct\b/,
  check(ctx) {
    // Included headers are laid out only when this file copies a sizeof as raw bytes.
    const copiesBytes = /\bsizeof\b/.test(ctx.text) && RAW_IO.test(ctx.text);
    const structs = copiesBytes ? cStructsWithIncludes(ctx) : cStructs(ctx);
    // A packed struct seen without a raw copy of its sizeof is judged by its members only: a difference in tail
    // padding alone (curl's tftphdr, 5 bytes packed, 6 where the packing macro is empty) changes no member's
    // bytes on the wire, where lengths come from member offsets.
    const mismatch = (s: (typeof structs)[number], sizeMatters = true) => {
      const layouts = s.layouts.filter((l) => !l.unresolved && l.size !== null);
      const sig = (l: (typeof layouts)[number]) => JSON.stringify([sizeMatters ? l.size : 0, l.fields.map((f) => [f.name, f.offset, f.size, f.bitOffset])]);
      const first = layouts[0];
      const other = first && layouts.find((l) => sig(l) !== sig(first));
      if (!first || !other) return undefined;
      return first.size !== other.size
        ? `${first.size} bytes on ${first.target} but ${other.size} on ${other.target}`
        : `member offsets differ between ${first.target} and ${other.target} (${first.fields.filter((f, i) => other.fields[i] && f.offset !== other.fields[i].offset).map((f) => f.name).join(', ')})`;
    };
    const advice = 'data written on one target is misread on the other. Use fixed-width types (int64_t instead of long, double instead of long double) or serialise field by field.';
    // Raw copies of a struct (declared here or in an included header), reported at the sizeof.
    const byName = new Map(structs.map((s) => [s.name, s]));
    const reported = new Set<string>();
    // Whether a line copies raw bytes, per line start (a long line holds many sizeofs).
    const rawIoLines = new Map<number, boolean>();
    for (const m of ctx.text.matchAll(/sizeof\s*\(?\s*(?:struct\s+)?([A-Za-z_]\w*)\s*\)?/g)) {
      const line = lineBounds(ctx.text, m.index!);
      let raw = rawIoLines.get(line.start);
      if (raw === undefined) rawIoLines.set(line.start, raw = RAW_IO.test(ctx.text.slice(line.start, line.end)));
      if (!raw) continue;
      const s = byName.get(m[1]);
      const diff = s && mismatch(s);
      if (!s || !diff) continue;
      reported.add(s.name);
      ctx.report({ start: m.index!, end: m.index! + m[0].length, message: `${s.kind} ${s.name} is ${diff}, and it is copied as raw bytes here: ${advice}` });
    }
    // Packed records declared in this file look like wire or file formats.
    for (const s of structs) {
      if (s.file !== ctx.path || reported.has(s.name)) continue;
      if (s.reorderable || !/packed|pack/.test(s.notReorderableReason ?? '')) continue;
      const diff = mismatch(s, false);
      if (!diff) continue;
      ctx.report({ start: s.nameStart, end: s.nameEnd, message: `${s.kind} ${s.name} is ${diff}, and it is packed, so it looks like a wire or file format: ${advice}` });
    }
  },
};

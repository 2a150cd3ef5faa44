// C and C++ structs of one file as layout-contract entries. The C layout engine fills this in.
import type { LayoutEntry } from '../../layout/contract';
import type { TargetId } from '../../layout/targets';
import type { FileSystem } from '../../engine/workspace';

export function cLayoutOfFile(_input: { file: string; text: string; fs: FileSystem; targets: readonly TargetId[]; root: string; displayFile: string }): LayoutEntry[] {
  return [];
}

// The targets the tool knows. Per-language scalar tables live with each language's layout model.

export type TargetId = 'linux/arm64' | 'linux/amd64' | 'linux/arm' | 'linux/386' | 'windows/arm64';

export interface Target {
  id: TargetId;
  goos: string;
  goarch: string;
  /** Pointer size in bytes. */
  ptrSize: 4 | 8;
  is32bit: boolean;
  isArm: boolean;
  /** Go has this target (windows/arm64 is C-only for this tool). */
  go: boolean;
}

export const TARGETS: Record<TargetId, Target> = {
  'linux/arm64': { id: 'linux/arm64', goos: 'linux', goarch: 'arm64', ptrSize: 8, is32bit: false, isArm: true, go: true },
  'linux/amd64': { id: 'linux/amd64', goos: 'linux', goarch: 'amd64', ptrSize: 8, is32bit: false, isArm: false, go: true },
  'linux/arm': { id: 'linux/arm', goos: 'linux', goarch: 'arm', ptrSize: 4, is32bit: true, isArm: true, go: true },
  'linux/386': { id: 'linux/386', goos: 'linux', goarch: '386', ptrSize: 4, is32bit: true, isArm: false, go: true },
  'windows/arm64': { id: 'windows/arm64', goos: 'windows', goarch: 'arm64', ptrSize: 8, is32bit: false, isArm: true, go: false },
};

export const ALL_TARGET_IDS = Object.keys(TARGETS) as TargetId[];
export const DEFAULT_TARGET_IDS: TargetId[] = ['linux/arm64', 'linux/amd64'];
export const GO_TARGET_IDS = ALL_TARGET_IDS.filter((t) => TARGETS[t].go);

export function isTargetId(s: string): s is TargetId { return s in TARGETS; }

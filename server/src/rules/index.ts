// The registry: every rule, sorted by id. Adding a rule = one import and one entry here.
import type { Rule } from './rule';
import { rule as goStructPadding } from './go/go-struct-padding';
import { rule as goStructPointerBytes } from './go/go-struct-pointer-bytes';
import { rule as kubeletRemovedFlag } from './k8s/kubelet-removed-flag';
import { rule as kubeletNumaAlignment } from './k8s/kubelet-numa-alignment';
import { rule as kubeletStaticCpuNoReservation } from './k8s/kubelet-static-cpu-no-reservation';
import { rule as kubeletTopologyWithoutCpuManager } from './k8s/kubelet-topology-without-cpu-manager';
import { rule as kubeletPolicyValue } from './k8s/kubelet-policy-value';
import { rule as kubeletMemoryManagerReservation } from './k8s/kubelet-memory-manager-reservation';
import { rule as kubeletCgroupDriver } from './k8s/kubelet-cgroup-driver';
import { rule as kubeletFeatureGate } from './k8s/kubelet-feature-gate';
import { rule as kubeletInsecure } from './k8s/kubelet-insecure';
import { rule as kubeletFlagsWithoutConfig } from './k8s/kubelet-flags-without-config';
import { rule as k8sArchPinned } from './k8s/k8s-arch-pinned';
import { rule as k8sHugepages1gi } from './k8s/k8s-hugepages-1gi';
import { rule as k8sAmd64OnlyImage } from './k8s/k8s-amd64-only-image';
import { rule as ciQemuSve } from './ci/ci-qemu-sve';
import { rule as ciQemuEmulatedBuild } from './ci/ci-qemu-emulated-build';
import { rule as ciQemuOrder } from './ci/ci-qemu-order';
import { rule as ciCrossWithoutQemu } from './ci/ci-cross-without-qemu';
import { rule as ciLoadMultiplatform } from './ci/ci-load-multiplatform';
import { rule as ciNoArm64 } from './ci/ci-no-arm64';

export const ALL_RULES: readonly Rule[] = [
  goStructPadding,
  goStructPointerBytes,
  kubeletRemovedFlag,
  kubeletNumaAlignment,
  kubeletStaticCpuNoReservation,
  kubeletTopologyWithoutCpuManager,
  kubeletPolicyValue,
  kubeletMemoryManagerReservation,
  kubeletCgroupDriver,
  kubeletFeatureGate,
  kubeletInsecure,
  kubeletFlagsWithoutConfig,
  k8sArchPinned,
  k8sHugepages1gi,
  k8sAmd64OnlyImage,
  ciQemuSve,
  ciQemuEmulatedBuild,
  ciQemuOrder,
  ciCrossWithoutQemu,
  ciLoadMultiplatform,
  ciNoArm64,
].sort((a: Rule, b: Rule) => a.meta.id.localeCompare(b.meta.id));

export function ruleById(id: string): Rule | undefined { return ALL_RULES.find((r) => r.meta.id === id); }

// The registry: every rule, sorted by id. Adding a rule = one import and one entry here.
import type { Rule } from './rule';
import { rule as binForeignElf } from './bin/bin-foreign-elf';
import { rule as buildConfigGuessOld } from './bin/build-config-guess-old';
import { rule as buildFloatAbi } from './build/build-float-abi';
import { rule as buildGoarmOnArm64 } from './build/build-goarm-on-arm64';
import { rule as buildGoarm64Lse } from './build/build-goarm64-lse';
import { rule as buildJemallocLgPage } from './build/build-jemalloc-lg-page';
import { rule as buildLseAtomics } from './build/build-lse-atomics';
import { rule as buildNativeCpu } from './build/build-native-cpu';
import { rule as buildSveFixedLength } from './build/build-sve-fixed-length';
import { rule as buildSveNotPortable } from './build/build-sve-not-portable';
import { rule as buildX86Flags } from './build/build-x86-flags';
import { rule as cAbiLayoutMismatch } from './c/c-abi-layout-mismatch';
import { rule as cArchErrorUnguarded } from './c/c-arch-error-unguarded';
import { rule as cCharSignedness } from './c/c-char-signedness';
import { rule as cCompilerBarrierAsFence } from './c/c-compiler-barrier-as-fence';
import { rule as cLegacySyncBuiltins } from './c/c-legacy-sync-builtins';
import { rule as cLongDouble } from './c/c-long-double';
import { rule as cPackedAtomic } from './c/c-packed-atomic';
import { rule as cStructPadding } from './c/c-struct-padding';
import { rule as cUnalignedCast } from './c/c-unaligned-cast';
import { rule as cX86Cpuid } from './c/c-x86-cpuid';
import { rule as cX86InlineAsm } from './c/c-x86-inline-asm';
import { rule as cX86Intrinsics } from './c/c-x86-intrinsics';
import { rule as ciCrossWithoutQemu } from './ci/ci-cross-without-qemu';
import { rule as ciLoadMultiplatform } from './ci/ci-load-multiplatform';
import { rule as ciNoArm64 } from './ci/ci-no-arm64';
import { rule as ciQemuEmulatedBuild } from './ci/ci-qemu-emulated-build';
import { rule as ciQemuOrder } from './ci/ci-qemu-order';
import { rule as ciQemuSve } from './ci/ci-qemu-sve';
import { rule as dockerAmd64OnlyImage } from './docker/docker-amd64-only-image';
import { rule as dockerAptAmd64Only } from './docker/docker-apt-amd64-only';
import { rule as dockerArchPaths } from './docker/docker-arch-paths';
import { rule as dockerCgoCross } from './docker/docker-cgo-cross';
import { rule as dockerGoCrossNoGoarch } from './docker/docker-go-cross-no-goarch';
import { rule as dockerGoarchHardcoded } from './docker/docker-goarch-hardcoded';
import { rule as dockerHardcodedArch } from './docker/docker-hardcoded-arch';
import { rule as dockerPlatformConstant } from './docker/docker-platform-constant';
import { rule as dockerPlatformRedundant } from './docker/docker-platform-redundant';
import { rule as dockerTargetarchUndeclared } from './docker/docker-targetarch-undeclared';
import { rule as dockerUbuntuPorts } from './docker/docker-ubuntu-ports';
import { rule as dockerUnameBuildplatform } from './docker/docker-uname-buildplatform';
import { rule as goArchMissingImpl } from './go/go-arch-missing-impl';
import { rule as goAsmMissingArm64 } from './go/go-asm-missing-arm64';
import { rule as goAtomicAlignment } from './go/go-atomic-alignment';
import { rule as goCgoX86Flags } from './go/go-cgo-x86-flags';
import { rule as goCpuX86OnlyDispatch } from './go/go-cpu-x86-only-dispatch';
import { rule as goGomaxprocsContainer } from './docker/go-gomaxprocs-container';
import { rule as goGomaxprocsNumcpu } from './docker/go-gomaxprocs-numcpu';
import { rule as goModKnownIssues } from './go/go-mod-known-issues';
import { rule as goStructPadding } from './go/go-struct-padding';
import { rule as goStructPointerBytes } from './go/go-struct-pointer-bytes';
import { rule as goVersionArm64 } from './go/go-version-arm64';
import { rule as k8sAmd64OnlyImage } from './k8s/k8s-amd64-only-image';
import { rule as k8sArchPinned } from './k8s/k8s-arch-pinned';
import { rule as k8sHugepages1gi } from './k8s/k8s-hugepages-1gi';
import { rule as kubeletCgroupDriver } from './k8s/kubelet-cgroup-driver';
import { rule as kubeletFeatureGate } from './k8s/kubelet-feature-gate';
import { rule as kubeletFlagsWithoutConfig } from './k8s/kubelet-flags-without-config';
import { rule as kubeletInsecure } from './k8s/kubelet-insecure';
import { rule as kubeletMemoryManagerReservation } from './k8s/kubelet-memory-manager-reservation';
import { rule as kubeletNumaAlignment } from './k8s/kubelet-numa-alignment';
import { rule as kubeletPolicyValue } from './k8s/kubelet-policy-value';
import { rule as kubeletRemovedFlag } from './k8s/kubelet-removed-flag';
import { rule as kubeletStaticCpuNoReservation } from './k8s/kubelet-static-cpu-no-reservation';
import { rule as kubeletTopologyWithoutCpuManager } from './k8s/kubelet-topology-without-cpu-manager';
import { rule as pageSizeHardcoded } from './c/page-size-hardcoded';
import { rule as procCpuinfoX86Fields } from './c/proc-cpuinfo-x86-fields';

export const ALL_RULES: readonly Rule[] = [
  binForeignElf,
  buildConfigGuessOld,
  buildFloatAbi,
  buildGoarmOnArm64,
  buildGoarm64Lse,
  buildJemallocLgPage,
  buildLseAtomics,
  buildNativeCpu,
  buildSveFixedLength,
  buildSveNotPortable,
  buildX86Flags,
  cAbiLayoutMismatch,
  cArchErrorUnguarded,
  cCharSignedness,
  cCompilerBarrierAsFence,
  cLegacySyncBuiltins,
  cLongDouble,
  cPackedAtomic,
  cStructPadding,
  cUnalignedCast,
  cX86Cpuid,
  cX86InlineAsm,
  cX86Intrinsics,
  ciCrossWithoutQemu,
  ciLoadMultiplatform,
  ciNoArm64,
  ciQemuEmulatedBuild,
  ciQemuOrder,
  ciQemuSve,
  dockerAmd64OnlyImage,
  dockerAptAmd64Only,
  dockerArchPaths,
  dockerCgoCross,
  dockerGoCrossNoGoarch,
  dockerGoarchHardcoded,
  dockerHardcodedArch,
  dockerPlatformConstant,
  dockerPlatformRedundant,
  dockerTargetarchUndeclared,
  dockerUbuntuPorts,
  dockerUnameBuildplatform,
  goArchMissingImpl,
  goAsmMissingArm64,
  goAtomicAlignment,
  goCgoX86Flags,
  goCpuX86OnlyDispatch,
  goGomaxprocsContainer,
  goGomaxprocsNumcpu,
  goModKnownIssues,
  goStructPadding,
  goStructPointerBytes,
  goVersionArm64,
  k8sAmd64OnlyImage,
  k8sArchPinned,
  k8sHugepages1gi,
  kubeletCgroupDriver,
  kubeletFeatureGate,
  kubeletFlagsWithoutConfig,
  kubeletInsecure,
  kubeletMemoryManagerReservation,
  kubeletNumaAlignment,
  kubeletPolicyValue,
  kubeletRemovedFlag,
  kubeletStaticCpuNoReservation,
  kubeletTopologyWithoutCpuManager,
  pageSizeHardcoded,
  procCpuinfoX86Fields,
];

export function ruleById(id: string): Rule | undefined { return ALL_RULES.find((r) => r.meta.id === id); }

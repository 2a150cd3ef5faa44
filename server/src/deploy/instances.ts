// Deployment presets: the ARM64 machines the code will run on, as data with a source for every value
// (docs/instances.md expands the source keys). Rules that depend on the CPU (SVE, vector length, LSE,
// -mcpu) read the configured fleet from EngineConfig.instances; an empty fleet means "unknown" and the
// rules give their generic advice.

import { INSTANCE_IDS, type InstanceId } from '../core/instanceIds';

export { INSTANCE_IDS, type InstanceId };

export interface InstancePreset {
  id: InstanceId;
  /** Vendor name and the instance families that run on it. */
  name: string;
  /** The CPU core. */
  core: string;
  /** The architecture level the core implements, spelt as -march takes it. */
  arch: string;
  /** Large System Extensions (LSE) atomics: CAS, LDADD, SWP (mandatory from Armv8.1). */
  lse: boolean;
  sve: boolean;
  sve2: boolean;
  /** SVE vector length in bits; undefined without SVE or when no source gives it. */
  sveBits?: number;
  /** Base page sizes (bytes) of the kernels the usual operating systems run on it. */
  pageSizes: number[];
  /** The -mcpu that tunes for it (AWS, GCC and LLVM core tables); undefined when none is known. */
  mcpu?: string;
  /** Short source keys per value; docs/instances.md lists what each key is. */
  sources: Partial<Record<'core' | 'arch' | 'lse' | 'sve' | 'sveBits' | 'pageSizes' | 'mcpu', string>>;
}

const LINUX_SERVER_PAGES = [4096, 65536];

export const INSTANCES: Record<InstanceId, InstancePreset> = {
  graviton1: {
    id: 'graviton1', name: 'AWS Graviton (A1)', core: 'Cortex-A72', arch: 'armv8-a', lse: false, sve: false, sve2: false,
    pageSizes: LINUX_SERVER_PAGES, mcpu: 'cortex-a72',
    sources: { core: 'extremetech-a1', arch: 'gcc-cores', lse: 'aws-c-cpp', sve: 'gcc-cores', pageSizes: 'aws-os', mcpu: 'aws-c-cpp' },
  },
  graviton2: {
    id: 'graviton2', name: 'AWS Graviton2 (c6g, m6g, r6g, t4g, x2gd)', core: 'Neoverse N1', arch: 'armv8.2-a', lse: true, sve: false, sve2: false,
    pageSizes: LINUX_SERVER_PAGES, mcpu: 'neoverse-n1',
    sources: { core: 'aws-readme', arch: 'aws-readme', lse: 'aws-readme', sve: 'aws-readme', pageSizes: 'aws-os', mcpu: 'aws-c-cpp' },
  },
  graviton3: {
    id: 'graviton3', name: 'AWS Graviton3/3E (c7g, m7g, r7g, c7gn, hpc7g)', core: 'Neoverse V1', arch: 'armv8.4-a', lse: true, sve: true, sve2: false, sveBits: 256,
    pageSizes: LINUX_SERVER_PAGES, mcpu: 'neoverse-v1',
    sources: { core: 'aws-readme', arch: 'aws-readme', lse: 'aws-readme', sve: 'aws-readme', sveBits: 'aws-readme', pageSizes: 'aws-os', mcpu: 'aws-c-cpp' },
  },
  graviton4: {
    id: 'graviton4', name: 'AWS Graviton4 (c8g, m8g, r8g, x8g)', core: 'Neoverse V2', arch: 'armv9-a', lse: true, sve: true, sve2: true, sveBits: 128,
    pageSizes: LINUX_SERVER_PAGES, mcpu: 'neoverse-v2',
    sources: { core: 'aws-readme', arch: 'aws-readme', lse: 'aws-readme', sve: 'aws-readme', sveBits: 'aws-readme', pageSizes: 'aws-os', mcpu: 'aws-c-cpp' },
  },
  graviton5: {
    id: 'graviton5', name: 'AWS Graviton5', core: 'Neoverse V3', arch: 'armv9.2-a', lse: true, sve: true, sve2: true, sveBits: 128,
    pageSizes: LINUX_SERVER_PAGES, mcpu: 'neoverse-v3',
    sources: { core: 'facts-4.1', arch: 'gcc-cores-15', lse: 'aws-c-cpp', sve: 'facts-4.1', sveBits: 'facts-4.1', pageSizes: 'aws-os', mcpu: 'facts-tools-7' },
  },
  axion: {
    id: 'axion', name: 'Google Axion (C4A)', core: 'Neoverse V2', arch: 'armv9-a', lse: true, sve: true, sve2: true, sveBits: 128,
    pageSizes: LINUX_SERVER_PAGES, mcpu: 'neoverse-v2',
    sources: { core: 'facts-4.1', arch: 'migrate-ease', lse: 'lse-v81', sve: 'migrate-ease', sveBits: 'gcc-tuning-v2', pageSizes: 'aws-os', mcpu: 'gcc-cores' },
  },
  cobalt100: {
    id: 'cobalt100', name: 'Azure Cobalt 100 (Dpsv6, Dplsv6, Epsv6)', core: 'Neoverse N2', arch: 'armv9-a', lse: true, sve: true, sve2: true,
    // No primary source read gives the N2's SVE vector length: left unknown rather than guessed.
    pageSizes: LINUX_SERVER_PAGES, mcpu: 'neoverse-n2',
    sources: { core: 'gcc-cores-15', arch: 'gcc-cores-15', lse: 'lse-v81', sve: 'gcc-cores-15', pageSizes: 'aws-os', mcpu: 'gcc-cores-15' },
  },
  'ampere-altra': {
    id: 'ampere-altra', name: 'Ampere Altra / Altra Max (Azure Dpsv5, OCI A1, GCP T2A)', core: 'Neoverse N1', arch: 'armv8.2-a', lse: true, sve: false, sve2: false,
    pageSizes: LINUX_SERVER_PAGES, mcpu: 'neoverse-n1',
    sources: { core: 'gcp-t2a-lscpu', arch: 'gcc-cores', lse: 'gcp-t2a-lscpu', sve: 'gcp-t2a-lscpu', pageSizes: 'aws-os', mcpu: 'gcc-cores' },
  },
  'ampere-one': {
    id: 'ampere-one', name: 'AmpereOne (OCI A2, GCP C3A)', core: 'Ampere ampere1', arch: 'armv8.6-a', lse: true, sve: false, sve2: false,
    pageSizes: LINUX_SERVER_PAGES, mcpu: 'ampere1',
    sources: { core: 'gcc-cores', arch: 'gcc-cores', lse: 'lse-v81', sve: 'facts-4.1', pageSizes: 'aws-os', mcpu: 'gcc-cores' },
  },
  grace: {
    id: 'grace', name: 'NVIDIA Grace', core: 'Neoverse V2', arch: 'armv9-a', lse: true, sve: true, sve2: true, sveBits: 128,
    pageSizes: LINUX_SERVER_PAGES, mcpu: 'neoverse-v2',
    sources: { core: 'gcc-cores-15', arch: 'gcc-cores-15', lse: 'lse-v81', sve: 'facts-4.1', sveBits: 'gcc-tuning-v2', pageSizes: 'aws-os', mcpu: 'gcc-cores' },
  },
  kunpeng920: {
    id: 'kunpeng920', name: 'Huawei Kunpeng 920', core: 'TaiShan v110', arch: 'armv8.2-a', lse: true, sve: false, sve2: false,
    pageSizes: LINUX_SERVER_PAGES, mcpu: 'tsv110',
    sources: { core: 'gcc-cores', arch: 'gcc-cores', lse: 'lse-v81', sve: 'facts-4.1', pageSizes: 'aws-os', mcpu: 'gcc-cores' },
  },
  'apple-m1': {
    id: 'apple-m1', name: 'Apple M1 (macOS, Asahi Linux)', core: 'Apple Firestorm/Icestorm', arch: 'armv8.5-a', lse: true, sve: false, sve2: false,
    pageSizes: [16384], mcpu: 'apple-m1',
    sources: { core: 'gcc-cores-15', arch: 'gcc-cores-15', lse: 'clang-exp', sve: 'clang-exp', pageSizes: 'apple-16k', mcpu: 'gcc-cores-15' },
  },
};

export function isInstanceId(s: string): s is InstanceId { return (INSTANCE_IDS as readonly string[]).includes(s); }

/** The presets of a configured fleet (unknown ids are left out; the config schema rejects them). */
export function fleetOf(ids: readonly string[] | undefined): InstancePreset[] {
  return (ids ?? []).filter(isInstanceId).map((id) => INSTANCES[id]);
}

/** The kernel page sizes (bytes, ascending) the fleet's usual operating systems run with; [] for an unknown fleet. */
export function pageSizesOf(fleet: readonly InstancePreset[]): number[] {
  return [...new Set(fleet.flatMap((i) => i.pageSizes))].sort((a, b) => a - b);
}

/**
 * "64 KiB kernels (RHEL 8 and later, ...) of graviton3", for messages: the fleet's kernel page sizes larger than
 * `above` bytes, and which systems run them (docs/instances.md, sources aws-os and apple-16k).
 */
export function largerPagesNote(fleet: readonly InstancePreset[], above: number): string {
  const sizes = pageSizesOf(fleet).filter((s) => s > above);
  const which = (s: number) => (s === 65536 ? '64 KiB kernels (RHEL 8 and later, Rocky and AlmaLinux 8.4+, CentOS 8)' : s === 16384 ? '16 KiB kernels (macOS, Asahi Linux)' : `${s / 1024} KiB kernels`);
  return `the ${sizes.map(which).join(' and ')} of ${namesOf(fleet)}`;
}

/** "graviton2 and graviton3", for messages. */
export function namesOf(fleet: readonly InstancePreset[]): string {
  const n = fleet.map((i) => i.id);
  return n.length <= 1 ? n.join('') : `${n.slice(0, -1).join(', ')} and ${n[n.length - 1]}`;
}

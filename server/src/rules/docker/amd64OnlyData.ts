// Curated, sourced data for docker-apt-amd64-only and docker-amd64-only-image (also usable by k8s rules).
// Only entries backed by an upstream source: /work/shared/docs/facts/deploy-rules.md, or the image publisher's
// own statement and build; each names its source.

/**
 * apt packages with no arm64 build in Debian 12 main. Source: facts/deploy-rules.md §2.2 DOCKER-APT-AMD64-ONLY,
 * V-exp: `apt-cache policy` on Debian 12 with arm64 added as a foreign architecture (Appendix A.7).
 */
export const APT_AMD64_ONLY: Record<string, string> = {
  'gcc-multilib': 'x86 multilib (32-bit x86 target)',
  'g++-multilib': 'x86 multilib (32-bit x86 target)',
  'libc6-i386': '32-bit x86 C library',
  'libc6-dev-i386': '32-bit x86 C library headers',
  'lib32stdc++6': '32-bit x86 C++ library',
  'libhyperscan-dev': 'Hyperscan needs x86 SSSE3',
  'cpuid': 'reads the x86 CPUID instruction',
  'msr-tools': 'x86 model-specific registers',
  'intel-media-va-driver': 'Intel GPU driver',
  'libmfx1': 'Intel Media SDK',
  'syslinux': 'x86 BIOS boot loader',
  'grub-pc': 'BIOS GRUB; on arm64 use grub-efi-arm64',
};

/**
 * `platformOnly`: the image of a platform that itself runs only on x86-64 (Gitpod workspaces): a Dockerfile built
 * on it is never built for arm64, so there is nothing to port and nothing to report, in it or about it.
 */
export interface ImageEntry { pattern: RegExp; what: string; source: string; platformOnly?: boolean }

/**
 * Images with no linux/arm64 variant. Source: facts/deploy-rules.md §1.9 K8S-AMD64-ONLY-IMAGE (S: upstream issues
 * docker-library/mysql #318/#838, microsoft/mssql-docker #802/#864).
 */
export const AMD64_ONLY_IMAGES: ImageEntry[] = [
  { pattern: /^(?:(?:docker\.io\/)?(?:library\/)?)mysql:5\.7(?:[.-][\w.-]*)?$/, what: 'mysql:5.7 has no arm64 variant ("no matching manifest for linux/arm64/v8"); mysql:8.x has one', source: 'docker-library/mysql#318, #838' },
  { pattern: /^mcr\.microsoft\.com\/mssql\/server(?::[\w.-]+)?$/, what: 'mcr.microsoft.com/mssql/server is amd64 only and fails under emulation ("Invalid mapping of address ... in reserved address space")', source: 'microsoft/mssql-docker#802, #864' },
  // Gitpod's workspace images (gitpod/workspace-full, -base, -go, ...) are built by dazzle on an amd64 GitHub runner
  // with no platform list (gitpod-io/workspace-images .github/workflows/push-main.yml) and Gitpod said it has no
  // plans for arm64 (gitpod-io/workspace-images#744, closed; the ARM64 PR gitpod-io/gitpod#7937 was not merged).
  { pattern: /^(?:docker\.io\/)?gitpod\/workspace-[\w.-]+(?::[\w.-]+)?$/, what: 'gitpod/workspace-* images are published for amd64 only (Gitpod workspaces run on x86-64)', source: 'gitpod-io/workspace-images#744, gitpod-io/gitpod#7937', platformOnly: true },
];

export function amd64OnlyImage(image: string): ImageEntry | undefined {
  const ref = image.replace(/@sha256:[0-9a-f]+$/, '');
  return AMD64_ONLY_IMAGES.find((e) => e.pattern.test(ref));
}

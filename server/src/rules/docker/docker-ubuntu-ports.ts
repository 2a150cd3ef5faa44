// Ubuntu apt sources written with archive/security.ubuntu.com or a mirror's /ubuntu path: no arm64 there.
import type { Rule } from '../rule';
import { dockerfileModel, stageIsX86 } from './common';

// A `deb` line (one-line format) or a deb822 `URIs:` field and the URL it names.
const SOURCE_URL = /(?:\bdeb(?:-src)?\s+(\[[^\]\n]*\]\s+)?|URIs:\s*)(https?:\/\/[^\s"'\\]+)/g;

export function isAmd64OnlyUbuntuUrl(url: string): boolean {
  const u = url.replace(/\/+$/, '');
  if (/ubuntu-ports/.test(u)) return false;
  return /^https?:\/\/(?:[\w-]+\.)?(?:archive|security)\.ubuntu\.com(?:\/ubuntu)?$/.test(u) 
    // Mirrors keep Ubuntu's layout (/ubuntu vs /ubuntu-ports). Third-party repos (download.docker.com/linux/ubuntu,
    // Launchpad PPAs) serve arm64 under /ubuntu, so only mirror hosts count.
    || (/^https?:\/\/[^/]*(?:mirror|ftp\.)[^/]*(?:\/[\w.-]+)*\/ubuntu$/.test(u) && !/launchpad|docker\.com/.test(u));
}

export const rule: Rule = {
  meta: {
    id: 'docker-ubuntu-ports', defaultSeverity: 'error', category: 'container', kinds: ['dockerfile'],
    description: 'Ubuntu sources set to archive/security.ubuntu.com or a mirror\'s /ubuntu path; arm64 packages live under ubuntu-ports.',
  },
  prefilter: /ubuntu/,
  check(ctx) {
    const m = dockerfileModel(ctx);
    if (m.isTemplate) return;
    for (const run of m.runs) {
      if (stageIsX86(m, run.instruction.stage)) continue;
      for (const mm of run.text.matchAll(SOURCE_URL)) {
        const opts = mm[1] ?? '';
        if (/arch=[^\]]*(amd64|i386)/.test(opts) && !/arm64/.test(opts)) continue;
        const url = mm[2];
        if (!isAmd64OnlyUbuntuUrl(url)) continue;
        const start = run.start + mm.index! + mm[0].length - url.length;
        ctx.report({
          start, end: start + url.length,
          message: `${url} serves only amd64/i386 packages: on arm64 apt-get update fails with "404 Not Found ... binary-arm64/Packages". arm64 lives under http://ports.ubuntu.com/ubuntu-ports (on mirrors: /ubuntu-ports); pick the URL by $TARGETARCH.`,
        });
      }
    }
  },
};

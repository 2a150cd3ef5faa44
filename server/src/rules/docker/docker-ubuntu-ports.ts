// Ubuntu apt sources written with archive/security.ubuntu.com or a mirror's /ubuntu path: no arm64 there.
import type { Rule } from '../rule';
import { reachesArm64 } from '../../lang/build/arch';
import { archUnder } from '../../lang/build/shell';
import { dockerfileModel, guardsAt, stageIsX86 } from './common';

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

/**
 * The architectures a one-line entry's options allow (`[arch=amd64,i386 signed-by=...]`), or undefined when it
 * does not limit them (or limits them by a variable, which dpkg's own arm64 may fill).
 */
export function oneLineArches(opts: string): string[] | undefined {
  const body = opts.replace(/^\[|\]\s*$/g, '');
  const m = /(?:^|\s)arch=(\S+)/.exec(body);
  if (!m || m[1].includes('$')) return undefined;
  return m[1].split(',').map((a) => a.trim()).filter(Boolean);
}

/**
 * The `Architectures:` of the deb822 stanza holding offset `at` (stanzas end at a blank line; a literal `\n`
 * of `echo -e`/`printf` counts as a line break), or undefined when the stanza has none.
 */
export function deb822Arches(text: string, at: number): string[] | undefined {
  // Same length as text, so offsets hold: the two characters of a literal \n become a line break and a space.
  const norm = text.replace(/\\n/g, '\n ');
  const before = norm.slice(0, at);
  const blank = /\n[ \t]*\n/g;
  let from = 0;
  for (const b of before.matchAll(blank)) from = b.index! + b[0].length;
  blank.lastIndex = at;
  const next = blank.exec(norm);
  const stanza = norm.slice(from, next ? next.index : norm.length);
  const m = /^[ \t]*Architectures:[ \t]*([^\n]*)/mi.exec(stanza);
  if (!m || m[1].includes('$')) return undefined;
  const arches = m[1].match(/[a-z0-9][a-z0-9-]*/g) ?? [];
  return arches.length ? arches : undefined;
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
        const url = mm[2];
        if (!isAmd64OnlyUbuntuUrl(url)) continue;
        // An entry limited to other architectures is right: apt on arm64 skips it (and reads the ports entry).
        const arches = mm[0].startsWith('URIs') ? deb822Arches(run.text, mm.index!) : mm[1] ? oneLineArches(mm[1]) : undefined;
        if (arches && !arches.includes('arm64') && !arches.includes('any')) continue;
        const start = run.start + mm.index! + mm[0].length - url.length;
        // Written only in a branch for another architecture (`if [ "$TARGETARCH" = amd64 ]`, `case ... amd64)`).
        if (!reachesArm64(archUnder(undefined, guardsAt(run, start), 'any'))) continue;
        ctx.report({
          start, end: start + url.length,
          message: `${url} serves only amd64/i386 packages: on arm64 apt-get update fails with "404 Not Found ... binary-arm64/Packages". arm64 lives under http://ports.ubuntu.com/ubuntu-ports (on mirrors: /ubuntu-ports); pick the URL by $TARGETARCH.`,
        });
      }
    }
  },
};

// docker-ubuntu-ports: only sources that really break apt on arm64 are reported. The silent cases are the
// multi-architecture set-ups real images write: an amd64-limited archive entry next to an arm64 ports entry.
import { describe, expect, it } from 'vitest';
import { ruleTable } from '../build/table';
import { deb822Arches, oneLineArches, rule as ports } from '../../../server/src/rules/docker/docker-ubuntu-ports';

// Ubuntu 24.04's /etc/apt/sources.list.d/ubuntu.sources rewritten for a multi-arch image: an archive stanza
// limited to amd64 and a ports stanza for arm64 (the layout Ubuntu documents for mixed-architecture hosts).
const DEB822 = [
  'FROM ubuntu:24.04',
  "RUN cat > /etc/apt/sources.list.d/ubuntu.sources <<'EOF'",
  'Types: deb',
  'URIs: http://archive.ubuntu.com/ubuntu/',
  'Suites: noble noble-updates',
  'Components: main universe',
  'Architectures: amd64',
  'Signed-By: /usr/share/keyrings/ubuntu-archive-keyring.gpg',
  '',
  'Types: deb',
  'URIs: http://ports.ubuntu.com/ubuntu-ports/',
  'Suites: noble noble-updates',
  'Components: main universe',
  'Architectures: arm64',
  'Signed-By: /usr/share/keyrings/ubuntu-archive-keyring.gpg',
  'EOF',
  '',
].join('\n');

ruleTable(ports, [
  { name: 'deb822 heredoc: archive stanza limited to amd64, ports stanza for arm64: silent', path: 'Dockerfile', text: DEB822, ranges: [] },
  { name: 'deb822 heredoc: the archive stanza also names arm64: reported', path: 'Dockerfile',
    text: DEB822.replace('Architectures: amd64', 'Architectures: amd64 arm64'), ranges: ['4:7-4:40'] },
  { name: 'deb822 heredoc without Architectures: reported', path: 'Dockerfile',
    text: DEB822.replace('Architectures: amd64\n', ''), ranges: ['4:7-4:40'] },
  { name: 'deb822 written with printf and literal \\n: the amd64 limit is read', path: 'Dockerfile',
    text: 'FROM ubuntu:24.04\nRUN printf "Types: deb\\nURIs: http://archive.ubuntu.com/ubuntu\\nSuites: noble\\nComponents: main\\nArchitectures: amd64 i386\\n\\nTypes: deb\\nURIs: http://ports.ubuntu.com/ubuntu-ports\\nSuites: noble\\nComponents: main\\nArchitectures: arm64\\n" > /etc/apt/sources.list.d/ubuntu.sources\n',
    ranges: [] },
  { name: 'one-line: deb [arch=amd64] archive plus deb [arch=arm64] ports: silent', path: 'Dockerfile',
    text: 'FROM ubuntu:22.04\nRUN echo "deb [arch=amd64] http://archive.ubuntu.com/ubuntu jammy main universe" > /etc/apt/sources.list \\\n && echo "deb [arch=amd64] http://security.ubuntu.com/ubuntu jammy-security main" >> /etc/apt/sources.list \\\n && echo "deb [arch=arm64] http://ports.ubuntu.com/ubuntu-ports jammy main universe" >> /etc/apt/sources.list\n',
    ranges: [] },
  { name: 'one-line with more options: [arch=amd64,i386 signed-by=/usr/share/keyrings/arm64-key.gpg]: silent', path: 'Dockerfile',
    text: 'FROM ubuntu:22.04\nRUN echo "deb [ arch=amd64,i386 signed-by=/usr/share/keyrings/arm64-key.gpg ] http://archive.ubuntu.com/ubuntu jammy main" > /etc/apt/sources.list\n',
    ranges: [] },
  { name: 'one-line [arch=amd64,arm64] on the archive: reported', path: 'Dockerfile',
    text: 'FROM ubuntu:22.04\nRUN echo "deb [arch=amd64,arm64] http://archive.ubuntu.com/ubuntu jammy main" > /etc/apt/sources.list\n', ranges: ['2:34-2:66'] },
  { name: 'one-line [arch=$(dpkg --print-architecture)]: arm64 on arm64, reported', path: 'Dockerfile',
    text: 'FROM ubuntu:22.04\nRUN echo "deb [arch=$(dpkg --print-architecture)] http://archive.ubuntu.com/ubuntu jammy main" > /etc/apt/sources.list\n', ranges: ['2:51-2:83'] },
  { name: 'written only in an amd64 branch of $TARGETARCH: silent', path: 'Dockerfile',
    text: 'FROM ubuntu:22.04\nARG TARGETARCH\nRUN if [ "$TARGETARCH" = "amd64" ]; then \\\n      echo "deb http://archive.ubuntu.com/ubuntu jammy main" > /etc/apt/sources.list; \\\n    else \\\n      echo "deb http://ports.ubuntu.com/ubuntu-ports jammy main" > /etc/apt/sources.list; \\\n    fi\n',
    ranges: [] },
  { name: 'written in the arm64 branch: reported', path: 'Dockerfile',
    text: 'FROM ubuntu:22.04\nARG TARGETARCH\nRUN if [ "$TARGETARCH" = "arm64" ]; then \\\n      echo "deb http://archive.ubuntu.com/ubuntu jammy main" > /etc/apt/sources.list; \\\n    fi\n',
    ranges: ['4:17-4:49'] },
]);

describe('docker-ubuntu-ports helpers', () => {
  it('reads the architectures of one-line options and deb822 stanzas', () => {
    expect(oneLineArches('[arch=amd64]')).toEqual(['amd64']);
    expect(oneLineArches('[signed-by=/k.gpg arch=amd64,i386]')).toEqual(['amd64', 'i386']);
    expect(oneLineArches('[signed-by=/arm64.gpg]')).toBeUndefined();
    expect(oneLineArches('[arch=${ARCH}]')).toBeUndefined();
    const t = 'Types: deb\nURIs: http://a\nArchitectures: amd64\n\nTypes: deb\nURIs: http://b\n';
    expect(deb822Arches(t, t.indexOf('URIs: http://a'))).toEqual(['amd64']);
    expect(deb822Arches(t, t.indexOf('URIs: http://b'))).toBeUndefined();
  });
});

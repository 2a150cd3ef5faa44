// simdeX86.json is what SIMDe 0.7.4's headers and the aarch64 cross compiler say today: scripts/gen-simde-table.mjs
// --check downloads Debian's libsimde-dev 0.7.4~rc2-2 (cached), preprocesses its x86 headers for aarch64 and compares
// the table byte for byte. Skipped outside CI when the compiler or apt-get is missing; under CI it must run.
import { describe, expect, it } from 'vitest';
import { runScript } from '../../helpers/runScript';
import { missingTools } from '../../helpers/cOracle';

const missing = missingTools(['aarch64-linux-gnu-gcc', 'apt-get', 'dpkg-deb']);
const inCI = !!process.env.CI && process.env.CI !== 'false';
if (missing.length && !inCI) console.warn(`SIMDe table check SKIPPED: missing ${missing.join(', ')}`);

describe.skipIf(missing.length > 0 && !inCI)('SIMDe table', () => {
  it('equals what the pinned libsimde-dev headers and aarch64-linux-gnu-gcc give', async () => {
    expect(missing, 'tools missing under CI').toEqual([]);
    const out = await runScript('gen-simde-table.mjs', '--check');
    expect(out).toMatch(/simdeX86\.json matches/);
  }, 300_000);
});

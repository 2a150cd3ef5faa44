// The end of every table generator: write the table, or with --check compare it with the shipped one byte for byte
// (the test suite runs the --check form, so a table that drifts from the compilers fails CI).
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, relative } from 'node:path';

/** Writes `text` to `out`, or checks it against `out` when the command line has --check; `script` is the generator. */
export function writeOrCheck(out, text, script) {
  const name = basename(out);
  if (process.argv.includes('--check')) {
    if (readFileSync(out, 'utf8') !== text) {
      process.stderr.write(`${name} differs from what the compilers say: run node ${relative(process.cwd(), script)}\n`);
      process.exit(1);
    }
    process.stdout.write(`${name} matches the compilers\n`);
  } else {
    writeFileSync(out, text);
    process.stdout.write(`wrote ${out}\n`);
  }
}

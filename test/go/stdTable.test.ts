// The bundled standard-library table and size classes are generated from the compiler; CI
// regenerates them and they must equal the committed file (only the Go version line may differ).
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { expect, it } from 'vitest';
import committed from '../../server/src/lang/go/stdTable.json';

it('equals what scripts/gen-go-std-table prints with this machine\'s Go', () => {
  const dir = path.resolve(__dirname, '../../scripts/gen-go-std-table');
  const fresh = JSON.parse(execFileSync('go', ['run', '.'], { cwd: dir, encoding: 'utf8', maxBuffer: 16 << 20 }));
  expect(fresh.types).toEqual(committed.types);
  expect(fresh.sizeClasses).toEqual(committed.sizeClasses);
}, 300_000);

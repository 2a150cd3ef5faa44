// The editor's fix-all: the mechanical fixes of one document applied round after round until its text settles
// (fixes/fixAll.ts), given as line edits of the document's current text. Fixes that would also change other files
// are left out (fix-all edits the document it is asked for; `arm64-port fix` applies those).
import * as path from 'node:path';
import type { Finding, TextEdit } from '../core/types';
import { fixToFixedPoint } from '../fixes/fixAll';
import { lineEdits } from '../fixes/diff';
import type { OpenDocument } from './documents';
import type { Service } from './service';

export function fixAllEdits(service: Service, d: OpenDocument, findings: Finding[]): TextEdit[] {
  const file = path.resolve(d.path);
  const ownFixes = (all: Finding[]) => all.filter((f) => f.fixes.find((x) => x.kind === 'fix')?.edits.every((e) => path.resolve(e.file ?? f.file) === file));
  const result = fixToFixedPoint(
    (_files, texts) => { const t = texts.get(file); return ownFixes(t === undefined ? findings : service.analyzeText(d, t)); },
    (f) => (f === file ? d.doc.getText() : undefined),
  );
  if (result.unsettled.length) service.log(`fix-all: ${d.path} still changes after ${result.rounds} rounds of fixes; offered as it is after the last one`);
  const changed = result.files.get(file);
  return changed ? lineEdits(changed.before, changed.after) : [];
}

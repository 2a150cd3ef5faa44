// Just enough of gofmt (go/printer + text/tabwriter) to print a struct's field list the way gofmt
// would: cells per field as go/printer emits them, columns aligned per block of consecutive field
// lines at one depth, blocks broken by comment lines, blank lines and multi-line fields.

export interface FieldLine {
  kind: 'field';
  names: string;
  type: string;
  tag?: string;
  comment?: string;
}
export interface RawLine { kind: 'raw'; text: string }
/** Ends an alignment block (blank line, or the end of a multi-line field). */
export interface BreakLine { kind: 'break'; blank: boolean }
/** The last line of a multi-line struct-typed field: `}` followed by the field's tag and comment. */
export interface CloseLine { kind: 'close'; tag?: string; comment?: string }
export type BodyLine = FieldLine | RawLine | BreakLine | CloseLine;

interface Cell { text: string; htab: boolean }

/** The cells go/printer writes for one field (fieldList in go/printer/nodes.go). */
function cellsOf(f: FieldLine): { cells: Cell[]; trailing: string } {
  const cells: Cell[] = [];
  let trailing = '';
  if (f.names) {
    cells.push({ text: f.names, htab: false });
    if (f.tag !== undefined) {
      cells.push({ text: f.type, htab: false }, { text: '', htab: false });
      if (f.comment !== undefined) { cells.push({ text: f.tag, htab: true }); trailing = f.comment; }
      else trailing = f.tag;
    } else if (f.comment !== undefined) {
      cells.push({ text: f.type, htab: false });
      trailing = f.comment;
    } else trailing = f.type;
  } else {
    if (f.tag !== undefined) {
      cells.push({ text: f.type, htab: false });
      if (f.comment !== undefined) { cells.push({ text: f.tag, htab: true }); trailing = f.comment; }
      else trailing = f.tag;
    } else if (f.comment !== undefined) {
      cells.push({ text: f.type, htab: false }, { text: '', htab: false });
      trailing = f.comment;
    } else trailing = f.type;
  }
  return { cells, trailing };
}

const width = (s: string) => [...s].length;

/** text/tabwriter's column-block algorithm (padding 1, DiscardEmptyColumns) over lines of cells. */
function alignBlock(lines: { cells: Cell[]; trailing: string }[]): string[] {
  const out = lines.map(() => '');
  const format = (line0: number, line1: number, column: number) => {
    let start = line0;
    for (let i = line0; i < line1; i++) {
      if (column >= lines[i].cells.length) continue;
      // a column block starts at line i: emit what precedes it for the columns known so far
      start = i;
      let w = 0, discardable = true;
      let j = i;
      for (; j < line1 && column < lines[j].cells.length; j++) {
        const c = lines[j].cells[column];
        w = Math.max(w, width(c.text) + 1);
        if (width(c.text) > 0 || c.htab) discardable = false;
      }
      if (discardable) w = 0;
      for (let k = start; k < j; k++) {
        const c = lines[k].cells[column];
        out[k] += c.text + ' '.repeat(Math.max(0, w - width(c.text)));
      }
      format(start, j, column + 1);
      i = j - 1;
    }
  };
  format(0, lines.length, 0);
  return out.map((prefix, i) => (prefix + lines[i].trailing).replace(/[ \t]+$/, ''));
}

/** Prints body lines at one indentation depth (tabs), aligning consecutive field lines. */
export function printBody(lines: BodyLine[], indent: string): string[] {
  const out: string[] = [];
  let block: FieldLine[] = [];
  const flush = () => {
    if (block.length) out.push(...alignBlock(block.map(cellsOf)).map((l) => indent + l));
    block = [];
  };
  for (const l of lines) {
    if (l.kind === 'field') { block.push(l); continue; }
    if (l.kind === 'close') {
      flush();
      // go/printer: names \v type [\v \v tag] [sep comment], where the type's last line is `}`
      const cells: Cell[] = [];
      let trailing = '}';
      if (l.tag !== undefined) {
        cells.push({ text: '}', htab: false }, { text: '', htab: false });
        if (l.comment !== undefined) { cells.push({ text: l.tag, htab: true }); trailing = l.comment; } else trailing = l.tag;
      } else if (l.comment !== undefined) {
        cells.push({ text: '}', htab: false });
        trailing = l.comment;
      }
      out.push(indent + alignBlock([{ cells, trailing }])[0]);
      continue;
    }
    flush();
    if (l.kind === 'raw') out.push(l.text === '' ? '' : l.text);
    else if (l.blank) out.push('');
  }
  flush();
  return out;
}

// How deep the C analysis (front end and layout engine) follows the input. Whatever the file, the analysis must neither overflow the stack
// nor take exponential time: nesting (structs, typedefs, enums, macros, expressions) is counted on one counter,
// and past MAX_NESTING levels a LimitError says why the struct is unresolved. Clang itself stops at 256 nested
// brackets (-fbracket-depth), so real code never gets there.

export const MAX_NESTING = 256;

/** Macros nested deeper than this are not followed in `#if` and constant expressions (each level is a recursion of the evaluator). */
export const MAX_MACRO_DEPTH = 32;

/** Tokens one macro expansion may produce (a real expansion of a member declaration is tiny). */
export const MAX_EXPANSION_TOKENS = 100_000;

/** The input is nested deeper (or expands larger) than the analysis follows; the message is the unresolved reason. */
export class LimitError extends Error {}

let depth = 0;

/** How many levels deep the analysis is now (0: at the top, nothing around it). */
export function nestingDepth(): number { return depth; }

/**
 * Runs fn one nesting level deeper. The count is shared by every kind of nesting (the analysis is synchronous),
 * so a struct nested in a typedef nested in a macro still stops at MAX_NESTING levels in all.
 */
export function deeper<T>(what: string, fn: () => T): T {
  if (depth >= MAX_NESTING) throw new LimitError(`${what} nesting deeper than ${MAX_NESTING} levels`);
  depth++;
  try {
    return fn();
  } finally {
    depth--;
  }
}

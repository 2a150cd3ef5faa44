// The "generated file" marker (https://go.dev/s/generatedcode, used beyond Go too), in any comment syntax.
const GENERATED = /^\s*(?:\/\/|#|\/\*|\*)\s*Code generated .* DO NOT EDIT\b/m;

/** Does this head of a file (for Go: the text before the package clause) carry the marker? */
export function hasGeneratedMarker(head: string): boolean { return GENERATED.test(head); }

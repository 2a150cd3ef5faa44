// Whether a C-family file is read as C or C++: one answer for the layouts, the C rules and the instance evidence
// (three heuristics used to disagree on headers).

const CXX_EXTENSION = /\.(cc|cpp|cxx|c\+\+|hpp|hh|hxx|inl|ipp|tpp)$/i;
const CXX_DECLARATION = /^[ \t]*(?:namespace(?:[ \t]+[A-Za-z_]\w*(?:::[A-Za-z_]\w*)*)?[ \t]*\{|template[ \t]*<|class[ \t]+[A-Za-z_]\w*[^;(\n]*\{|extern[ \t]+"C\+\+")/m;

/**
 * C++ by its extension; a `.h` file also when it declares a namespace, a template, a class with a body or an
 * `extern "C++"` block and never tests `__cplusplus` (a C header's C++ parts sit under `#ifdef __cplusplus`;
 * leveldb's `.h` are C++). Everything else (`.c`, `.h`, a cgo preamble in a `.go` file) is C.
 */
export function cLanguageOf(filePath: string, text: string): 'c' | 'cpp' {
  const byName = cLanguageByName(filePath);
  if (byName !== 'h') return byName;
  return !text.includes('__cplusplus') && CXX_DECLARATION.test(text) ? 'cpp' : 'c';
}

/** What the name alone says: C++, C, or `h` (a `.h` file: its text decides). */
export function cLanguageByName(filePath: string): 'c' | 'cpp' | 'h' {
  if (CXX_EXTENSION.test(filePath)) return 'cpp';
  return /\.h$/i.test(filePath) ? 'h' : 'c';
}

// Public API of the C/C++ front end (the rules and the CLI import from here).
export { layoutCFile, toLayoutContract } from './layoutFile';
export type { CStructLayout, CTargetLayout, CFieldResult, CMemberDeclaration, LayoutCFileInput, LayoutContractEntry } from './layoutFile';
export { compileFlagsFor, type CompileFlags } from './compileCommands';
export { evaluateConditionals } from './preprocessor';
export type { Activity, ConditionalRegion, ConditionalResult, CTargetMacros, PredefinedMacros, PreprocessorDirective } from './preprocessor';
export { PREDEFINED_MACROS, WELL_KNOWN_MACROS } from './predefinedMacros';

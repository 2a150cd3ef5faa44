// The #if evaluation of a header, reused between translation units. A header included by hundreds of files of a
// scan (<features.h>, a project's config.h, thousands of C++ headers including each other) was evaluated again
// for every includer, target and round (/usr/include: 90% of the work). The result depends on the text, the
// target and the answers to the questions the evaluation asked about macros (a guard, _GNU_SOURCE, a feature
// macro its includer set): each answer is recorded, and a result is reused only when every recorded question
// gets the same answer now. That is exact by construction, whatever the evaluation does with the answers.
import type { TargetId } from '../../core/targets';
import { memoOn } from './memoOn';
import { evaluateConditionals, type ConditionalResult } from './preprocessor';

/** What evaluateConditionals may ask about macros from outside the file (its parameters of the same names). */
export interface MacroQuestions {
  extra: (name: string) => string | undefined;
  definedUnknown: ReadonlySet<string>;
  assumeDefaults: (name: string) => boolean;
  closedWorld?: (name: string) => boolean;
  systemInclude?: (at: number, header: string) => ReadonlyMap<string, string> | undefined;
}

const EXTRA = 0, DEFINED_UNKNOWN = 1, ASSUME_DEFAULT = 2, CLOSED = 3, SYSTEM_INCLUDE = 4;
type Kind = typeof EXTRA | typeof DEFINED_UNKNOWN | typeof ASSUME_DEFAULT | typeof CLOSED | typeof SYSTEM_INCLUDE;
/** A system include's macros are one shared Map per header and target (systemHeaderMacros): compared by identity. */
type Answer = string | boolean | ReadonlyMap<string, string> | undefined;

function answer(q: MacroQuestions, kind: Kind, name: string): Answer {
  switch (kind) {
    case EXTRA: return q.extra(name);
    case DEFINED_UNKNOWN: return q.definedUnknown.has(name);
    case ASSUME_DEFAULT: return q.assumeDefaults(name);
    case SYSTEM_INCLUDE: {
      // name: `<offset> <header>`.
      const space = name.indexOf(' ');
      return q.systemInclude!(Number(name.slice(0, space)), name.slice(space + 1));
    }
    default: return q.closedWorld!(name);
  }
}

/** One evaluation: the questions it asked with their answers, and its result (shared: never changed). */
interface Entry { kinds: Kind[]; names: string[]; answers: Answer[]; result: ConditionalResult }

/** Results kept per text and target (different includers may answer differently), least recently used out. */
const PER_TEXT = 8;
/** Texts kept, by their total size in characters (a result holds the text's directives and regions). */
const MAX_CHARS = 4_000_000;
const cache = new Map<string, Map<string, Entry[]>>();
let chars = 0;

/**
 * evaluateConditionals(text, target, extra, definedUnknown, assumeDefaults, closedWorld), answered from an
 * earlier evaluation of the same text when every question it asked gets the same answer now.
 */
export function conditionalsOf(text: string, target: TargetId, questions: MacroQuestions): ConditionalResult {
  const key = `${target}${questions.closedWorld ? ' closed' : ''}${questions.systemInclude ? ' system' : ''}`;
  let byKey = cache.get(text);
  const entries = byKey?.get(key);
  if (entries) {
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      if (!sameAnswers(e, questions)) continue;
      if (i > 0) { entries.splice(i, 1); entries.unshift(e); }
      cache.delete(text); cache.set(text, byKey!); // most recently used last
      return e.result;
    }
  }
  const e: Entry = { kinds: [], names: [], answers: [], result: undefined! };
  const asked = new Set<string>();
  // The result's closures keep the lookups they were given: they are cut after the evaluation, so a cached result
  // does not keep the translation unit that asked first (its scope, files and trees) alive. (No closure of this
  // function may use `questions` itself.)
  let q: MacroQuestions | undefined = questions;
  const ask = <T extends Answer>(kind: Kind, name: string): T => {
    if (!q) return undefined as T;
    const a = answer(q, kind, name);
    if (!asked.has(kind + name)) { asked.add(kind + name); e.kinds.push(kind); e.names.push(name); e.answers.push(a); }
    return a as T;
  };
  e.result = evaluateConditionals(text, target, (n) => ask<string | undefined>(EXTRA, n), (n) => ask<boolean>(DEFINED_UNKNOWN, n),
    (n) => ask<boolean>(ASSUME_DEFAULT, n), questions.closedWorld && ((n) => ask<boolean>(CLOSED, n)),
    questions.systemInclude && ((at, header) => ask<ReadonlyMap<string, string> | undefined>(SYSTEM_INCLUDE, `${at} ${header}`)));
  q = undefined;
  asked.clear();
  if (!byKey) {
    cache.set(text, byKey = new Map());
    chars += text.length;
    for (const [t] of cache) {
      if (chars <= MAX_CHARS || t === text) break;
      cache.delete(t);
      chars -= t.length;
    }
  }
  const list = byKey.get(key) ?? [];
  list.unshift(e);
  if (list.length > PER_TEXT) list.pop();
  byKey.set(key, list);
  return e.result;
}

function sameAnswers(e: Entry, questions: MacroQuestions): boolean {
  for (let k = 0; k < e.names.length; k++) if (answer(questions, e.kinds[k], e.names[k]) !== e.answers[k]) return false;
  return true;
}

/**
 * What a function (a module-level one: it is the key) computes from an evaluation, once per evaluation: a cached
 * evaluation is read by many translation units.
 */
export function derivedOf<T>(cond: ConditionalResult, compute: (cond: ConditionalResult) => T): T {
  return memoOn(cond, compute, cond);
}

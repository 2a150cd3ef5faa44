// A value computed once per object and per computing function: what a parse or an #if evaluation yields is read
// by every translation unit that shares it. The function (a module-level one) is part of the key; both keys are
// weak, so a value goes when its object does.
const memos = new WeakMap<object, WeakMap<object, unknown>>();

/** compute(arg), computed once per `key` (an object standing for arg's content) and per `compute`. */
export function memoOn<A, T>(key: object, compute: (arg: A) => T, arg: A): T {
  let byKey = memos.get(compute);
  if (!byKey) memos.set(compute, byKey = new WeakMap());
  if (byKey.has(key)) return byKey.get(key) as T;
  const value = compute(arg);
  byKey.set(key, value);
  return value;
}

// "1 finding", "2 findings": every count the CLI and the reports print goes through here.

/** `n` and the noun, plural unless n is 1 (`many` for irregular plurals; `info` stays `info`). */
export function plural(n: number, noun: string, many = noun + 's'): string {
  return `${n} ${n === 1 ? noun : many}`;
}

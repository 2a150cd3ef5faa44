// Command-line parsing shared by the commands: each command declares its flags once (with a one-line
// description), which gives its `--help` and the list an unknown flag is answered with. Usage errors
// become UsageError (exit 2, one line).
import { parseArgs, type ParseArgsConfig } from 'node:util';

import { UsageError } from '../ops/errors';

export { UsageError };

export interface Flag {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  default?: string;
  /** The value's placeholder in the help (`FILE`, `N`). */
  value?: string;
  help: string;
}

export interface CommandSpec<F extends Record<string, Flag> = Record<string, Flag>> {
  name: string;
  /** What follows `arm64-port NAME` in the usage line. */
  usage: string;
  about: string;
  flags: F;
  exitCodes: string[];
}

/** Keeps the flags' literal types, so the parsed values are typed. */
export function command<const F extends Record<string, Flag>>(spec: CommandSpec<F>): CommandSpec<F> { return spec; }

type Values<F extends Record<string, Flag>> = {
  [K in keyof F]?: F[K]['type'] extends 'boolean' ? (F[K]['multiple'] extends true ? boolean[] : boolean) : (F[K]['multiple'] extends true ? string[] : string);
};

export type Parsed<F extends Record<string, Flag>> = { help: true } | { help: false; values: Values<F>; positionals: string[] };

/** `-h`/`--help` anywhere before `--` asks for the command's help, whatever else is on the line. */
export function parseCommand<F extends Record<string, Flag>>(spec: CommandSpec<F>, args: string[]): Parsed<F> {
  const end = args.indexOf('--');
  if ((end < 0 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h')) return { help: true };
  const options: NonNullable<ParseArgsConfig['options']> = Object.fromEntries(Object.entries(spec.flags).map(([name, f]) => [name, {
    type: f.type, ...(f.short ? { short: f.short } : {}), ...(f.multiple ? { multiple: true } : {}), ...(f.default !== undefined ? { default: f.default } : {}),
  }]));
  try {
    const r = parseArgs({ args, options, allowPositionals: true, strict: true });
    return { help: false, values: r.values as Values<F>, positionals: r.positionals };
  } catch {
    throw new UsageError(explainParseError(spec, args, options));
  }
}

/** One line naming the flag at fault, in our words (Node's message quotes oddly and mentions `--`). */
function explainParseError(spec: CommandSpec, args: string[], options: NonNullable<ParseArgsConfig['options']>): string {
  const { tokens } = parseArgs({ args, options, allowPositionals: true, strict: false, tokens: true });
  for (const t of tokens) {
    if (t.kind !== 'option') continue;
    const flag = Object.hasOwn(spec.flags, t.name) ? spec.flags[t.name] : undefined;
    if (!flag) return `${spec.name}: unknown flag ${t.rawName}; valid flags: ${flagList(spec)} (see arm64-port ${spec.name} --help)`;
    if (flag.type === 'boolean' && t.value !== undefined) return `${spec.name}: ${t.rawName} takes no value`;
    if (flag.type === 'string' && (t.value === undefined || (!t.inlineValue && t.value.startsWith('-')))) {
      const named = `${spec.name}: ${t.rawName}${flag.value ? ` ${flag.value}` : ''} needs a value`;
      if (t.value === undefined) return `${named}: ${flag.help}`;
      return `${named}, not the flag ${t.value} (write --${t.name}=${t.value} if that is the value)`;
    }
  }
  return `${spec.name}: cannot read the command line (see arm64-port ${spec.name} --help)`;
}

function flagList(spec: CommandSpec): string {
  return [...Object.entries(spec.flags).map(([n, f]) => (f.short ? `--${n} (-${f.short})` : `--${n}`)), '--help (-h)'].join(', ');
}

export function helpText(spec: CommandSpec): string {
  const rows = Object.entries(spec.flags).map(([n, f]) => [`${f.short ? `-${f.short}, ` : '    '}--${n}${f.value ? ` ${f.value}` : ''}`, f.help]);
  rows.push(['-h, --help', 'print this help']);
  const w = Math.max(...rows.map((r) => r[0].length));
  return [
    `usage: arm64-port ${spec.name} ${spec.usage}`, '', spec.about, '', 'flags:',
    ...rows.map(([l, h]) => `  ${l.padEnd(w)}  ${h}`), '', 'exit codes:', ...spec.exitCodes.map((c) => `  ${c}`),
  ].join('\n');
}

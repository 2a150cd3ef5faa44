// Command-line parsing shared by the commands; usage errors become UsageError (exit 2, one line).
import { parseArgs, type ParseArgsConfig } from 'node:util';

import { UsageError } from '../ops/errors';

export { UsageError };

type Options = NonNullable<ParseArgsConfig['options']>;

export function parse<T extends Options>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]);
  }
}

// What the text output may do on the user's terminal: colour (a TTY, unless NO_COLOR or --no-color;
// --color forces it) and the width to wrap messages at.
import { UsageError } from './options';

export function useColor(flags: { color?: boolean; 'no-color'?: boolean }, isTTY: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  if (flags.color && flags['no-color']) throw new UsageError('--color and --no-color contradict each other');
  if (flags.color) return true;
  if (flags['no-color']) return false;
  // https://no-color.org: any non-empty NO_COLOR turns colour off; a dumb terminal has none.
  if (env.NO_COLOR || env.TERM === 'dumb') return false;
  return isTTY;
}

export function terminalWidth(stream: { columns?: number } = process.stdout): number {
  return stream.columns && stream.columns >= 20 ? stream.columns : 80;
}

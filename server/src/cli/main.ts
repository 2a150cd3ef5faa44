// arm64-port command line: scan, layout, fix, rules. Exit 0 clean, 1 findings at --fail-on,
// 2 usage or internal error with one line on stderr (never a stack trace unless ARM64PORT_DEBUG).
import * as path from 'node:path';
import { layoutCommand } from './layoutCommand';
import { rulesCommand } from './rulesCommand';
import { scanCommand } from './scanCommand';
import { fixCommand } from './fixCommand';
import { command, helpText, parseCommand, UsageError } from './options';
import { runMcpServer } from '../mcp/server';
import { TOOL_VERSION } from '../core/version';

const USAGE = `usage: arm64-port <command> [flags]
  scan [PATH...]     the ARM64 portability report (text, json, sarif, markdown, html)
  layout FILE        struct layouts of a Go, C or C++ file, per target
  fix [PATH...]      apply the mechanical fixes (--dry-run: print them as a patch)
  rules              list the rules
  mcp                Model Context Protocol server on stdin/stdout (for coding agents)
arm64-port <command> --help describes a command, its flags and its exit codes.`;

const MCP = command({
  name: 'mcp',
  usage: '[--root DIR]...',
  about: `A Model Context Protocol server on stdin/stdout for coding agents (tools: scan, layout, explain_rule,
preview_fix, apply_fix, report). It works only inside its roots: the client's, else the --root folders,
else the current folder. Logs go to stderr.`,
  flags: {
    root: { type: 'string', multiple: true, value: 'DIR', help: 'a folder the server may read and fix (repeatable; default: the current folder)' },
  },
  exitCodes: ['0  the client closed the connection', '2  usage or internal error (one line on stderr)'],
});

export async function main(argv: string[]): Promise<number> {
  const out = (s: string) => process.stdout.write(s.endsWith('\n') ? s : s + '\n');
  const err = (s: string) => process.stderr.write(s + '\n');
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'scan': return await scanCommand(rest, out, err);
      case 'layout': return await layoutCommand(rest, out);
      case 'fix': return await fixCommand(rest, out, err);
      case 'rules': return rulesCommand(rest, out);
      case 'mcp': return await mcpCommand(rest, out, err);
      case '--help': case '-h': case 'help': out(USAGE); return 0;
      case '--version': out(TOOL_VERSION); return 0;
      case undefined: err(USAGE); return 2;
      default: throw new UsageError(`unknown command "${command}" (scan, layout, fix, rules, mcp)`);
    }
  } catch (e) {
    if (e instanceof UsageError) { err(`arm64-port: ${e.message}`); return 2; }
    err(`arm64-port: internal error: ${(e as Error)?.message ?? String(e)}`);
    if (process.env.ARM64PORT_DEBUG) err(String((e as Error)?.stack));
    return 2;
  }
}

async function mcpCommand(args: string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const parsed = parseCommand(MCP, args);
  if (parsed.help) { out(helpText(MCP)); return 0; }
  const { values, positionals } = parsed;
  if (positionals.length) throw new UsageError(`mcp takes no arguments besides --root DIR (got ${positionals[0]})`);
  const roots = (values.root?.length ? values.root : ['.']).map((r) => path.resolve(r));
  await runMcpServer({ roots, log: (m) => err(`arm64-port mcp: ${m}`) });
  return 0;
}

// A closed pipe (`| head`) ends the output quietly.
process.stdout.on('error', (e: NodeJS.ErrnoException) => { if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0); });

// main() answers every error with exit code 2 itself.
void main(process.argv.slice(2)).then((code) => { process.exitCode = code; });

// The tool's version, read from package.json (the one place it is written): the CLI's --version, the
// language server's serverInfo, the report's and SARIF's tool version, the MCP server's info and the
// result-cache key all use it. esbuild bundles only this field of package.json (JSON named imports are
// tree-shaken).
import { version } from '../../../package.json';

export const TOOL_VERSION: string = version;

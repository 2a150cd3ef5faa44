// An error in what the caller asked for (a path, an option, a rule id): the CLI prints it as one line
// and exits 2, the MCP server and the editor's tools return it as the tool's error text.
export class UsageError extends Error {}

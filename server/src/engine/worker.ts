// Worker thread entry for workspace scans (filled in by the parallel scan).
export {};

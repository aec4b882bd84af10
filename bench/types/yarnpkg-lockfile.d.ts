// @yarnpkg/lockfile ships no types: the one entry the benchmark calls (a CommonJS module: its
// exports come through the default import).
declare module '@yarnpkg/lockfile' {
  const lockfile: { parse(text: string): { type: 'success' | 'merge' | 'conflict'; object: Record<string, unknown> } };
  export default lockfile;
}

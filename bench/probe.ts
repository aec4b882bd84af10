/**
 * Loaded with `node --import` into a process the benchmark did not write (the CLI): prints the
 * process's peak RSS on stderr as it exits, for child.ts to read.
 */
import { writeSync } from 'node:fs';

process.on('exit', () => {
  writeSync(2, `\nbench-probe maxRssKb=${process.resourceUsage().maxRSS}\n`);
});

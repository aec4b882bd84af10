/**
 * Reads a policy file named on the command line (`check --policy`, `validate`). Only a regular
 * file, and never more than the size limit: `--policy /dev/zero` read for ever (gigabytes), and a
 * FIFO with no writer would block on open.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { decodeFile } from '../ecosystems/text.js';
import { MAX_POLICY_BYTES, policySizeProblem } from '../policy/load.js';

export type LocalPolicy = { ok: true; text: string } | { ok: false; reason: string };

export function readLocalPolicy(path: string): LocalPolicy {
  let fd: number;
  try {
    // Non-blocking: opening a FIFO must not wait for a writer (it is refused just below).
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    return { ok: false, reason: (error as NodeJS.ErrnoException).code ?? (error as Error).message };
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return { ok: false, reason: `it is ${kindOf(stats)}, not a regular file` };
    const declared = policySizeProblem(stats.size);
    if (declared) return { ok: false, reason: declared };
    // The size can lie (files in /proc say 0) or grow: read one byte past the limit, at most.
    const buffer = Buffer.alloc(MAX_POLICY_BYTES + 1);
    let length = 0;
    while (length < buffer.length) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
    }
    if (length > MAX_POLICY_BYTES) return { ok: false, reason: `it is over ${MAX_POLICY_BYTES} bytes; a policy file may be at most ${MAX_POLICY_BYTES} bytes (1 MiB)` };
    return { ok: true, text: decodeFile(buffer.subarray(0, length)) };
  } catch (error) {
    return { ok: false, reason: (error as NodeJS.ErrnoException).code ?? (error as Error).message };
  } finally {
    closeSync(fd);
  }
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isSocket()) return 'a socket';
  return 'not a file';
}

import { describe, expect, it } from '@jest/globals';
import type { Report } from '../../src/evaluation/report.js';
import { formatText } from '../../src/report/text.js';
import { printable } from '../../src/report/wording.js';

const report = (manifest: string, name: string): Report => ({
  schemaVersion: 1,
  conclusion: 'failure',
  conclusionReason: '1 error',
  base: 'a'.repeat(40),
  head: 'b'.repeat(40),
  manifests: [{ path: manifest, ecosystem: 'npm', packages: 1 }],
  changes: [{ change: 'added', ecosystem: 'npm', manifest, name, purl: 'pkg:npm/x@1.0.0', to: '1.0.0', scope: 'runtime', direct: true, license: 'GPL-3.0-only' }],
  findings: [{ rule: 'license/denied', severity: 'error', message: `${name}@1.0.0 is licensed GPL-3.0-only`, path: manifest, line: 3, help: 'Use an alternative.' }],
});

describe('text report of hostile names', () => {
  it('cannot be given fake lines by a path with a newline', () => {
    // A folder named "a\n  ✓ SUCCESS" would otherwise print a line of its own.
    const text = formatText(report('a\nSUCCESS  0 errors/package-lock.json', 'x'), { colour: false });
    expect(text.split('\n').filter((line) => line.startsWith('SUCCESS'))).toEqual([]);
    expect(text).toContain('a\\nSUCCESS  0 errors/package-lock.json:3');
  });

  it('does not pass terminal escape sequences through from package names', () => {
    const text = formatText(report('package-lock.json', 'evil\u001b[2J\u001b[32m'), { colour: false });
    expect(text).not.toContain('\u001b');
    expect(text).toContain('evil\\x1b[2J\\x1b[32m');
  });

  it('escapes every control character, and leaves other text alone', () => {
    expect(printable('a\tb\rc\u0000d\u007f\u2028é→')).toBe('a\\tb\\rc\\x00d\\x7f\\u2028é→');
  });
});

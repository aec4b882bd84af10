import { describe, expect, it } from '@jest/globals';
import { forEachLogicalLine, parseRequirements } from '../../../src/ecosystems/pip/requirements.js';
import { seededRandom } from '../../helpers/random.js';

const logicalLines = (content: string): [number, string][] => {
  const lines: [number, string][] = [];
  forEachLogicalLine(content, (line, text) => lines.push([line, text]));
  return lines;
};

/**
 * The rule as pip states it, written the plain way: a line ending in an unescaped backslash is
 * joined to the next (backslash dropped, one space between), unless the text so far is a comment.
 */
function referenceLogicalLines(content: string): [number, string][] {
  const physical = (content.startsWith('\uFEFF') ? content.slice(1) : content).split('\n').map((text) => (text.endsWith('\r') ? text.slice(0, -1) : text));
  const lines: [number, string][] = [];
  for (let index = 0; index < physical.length; ) {
    const first = index + 1;
    let logical = physical[index++] as string;
    while (/(^|[^\\])\\$/.test(logical) && !/^\s*#/.test(logical) && index < physical.length) logical = `${logical.slice(0, -1)} ${physical[index++]}`;
    lines.push([first, logical]);
  }
  return lines;
}

describe('requirements logical lines', () => {
  it('joins a pip-compile entry continued over one line per hash, at the line it starts', () => {
    const hashes = Array.from({ length: 40 }, (_, i) => `    --hash=sha256:${String(i).padStart(64, '0')}`);
    const content = `# header\nflask==3.0.3 \\\n${hashes.join(' \\\n')}\n    # via -r requirements.in\n`;
    const lines = logicalLines(content);
    expect(lines.map(([line]) => line)).toEqual([1, 2, 43, 44]);
    expect(lines[1]?.[1]).toBe(`flask==3.0.3  ${hashes.join('  ')}`);
    const parsed = parseRequirements('requirements.txt', content);
    expect(parsed.entries).toEqual([{ line: 2, name: 'flask', key: 'flask', version: '3.0.3', viaInput: true }]);
  });

  it('keeps the backslash of a comment line, of an escaped one, and of the last line', () => {
    expect(logicalLines('# note \\\na==1\nb==2 \\\\\nc==3 \\')).toEqual([
      [1, '# note \\'],
      [2, 'a==1'],
      [3, 'b==2 \\\\'],
      [4, 'c==3 \\'],
    ]);
  });

  it('ends a line that became a comment only once joined (blank, then `#`), not one that starts with text', () => {
    expect(logicalLines('  \\\n  # x \\\nb==1')).toEqual([
      [1, '     # x \\'],
      [3, 'b==1'],
    ]);
    expect(logicalLines('a \\\n \\\n# \\\nb')).toEqual([[1, 'a    #  b']]);
  });

  it('agrees with the plain joining rule on random text of backslashes, comments and line breaks', () => {
    const alphabets: [string[], number][] = [
      [['a', 'b==1', ' ', '  ', '\t', '#', '\\', '\\\\', '\n', '\n', '\r\n', '\r', '\u00a0', '--hash=x'], 14],
      // Few characters, so that blank lines continued into a comment come up often.
      [[' ', '\\', '\n', '#', 'a'], 24],
    ];
    const next = seededRandom(1309);
    for (const [pieces, longest] of alphabets) {
      for (let run = 0; run < 3000; run++) {
        const length = Math.floor(next() * longest);
        let content = next() < 0.05 ? '\uFEFF' : '';
        for (let i = 0; i < length; i++) content += pieces[Math.floor(next() * pieces.length)];
        expect([content, logicalLines(content)]).toEqual([content, referenceLogicalLines(content)]);
      }
    }
  });
});

describe('`# via` sources', () => {
  const viaInput = (note: string) => parseRequirements('requirements.txt', `a==1.0\n    # via ${note}\n`).entries[0]?.viaInput;

  it('finds an input file among comma-separated sources, blank ones left out', () => {
    expect(viaInput('b, -r requirements.in')).toBe(true);
    expect(viaInput('b, , c,')).toBe(false);
    expect(viaInput(' ,pyproject.toml')).toBe(true);
    expect(viaInput('b (setup.cfg)')).toBe(true);
    expect(viaInput('-c constraints.in')).toBe(false); // a constraint, though its name ends in .in
    expect(viaInput('-rfoo')).toBe(false); // `-r` needs white space after it
    expect(viaInput('setup.py.bak')).toBe(false);
  });

  it('keeps a `# via` with only blank sources open for the block lines below it', () => {
    const parsed = parseRequirements('requirements.txt', 'a==1.0\n    # via , \n    #   -r requirements.in\nb==2.0\n    # via\n    #   c\n');
    expect(parsed.entries.map((entry) => [entry.name, entry.viaInput])).toEqual([
      ['a', true],
      ['b', false],
    ]);
  });
});

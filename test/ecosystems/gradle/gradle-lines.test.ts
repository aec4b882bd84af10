import { describe, expect, it } from '@jest/globals';
import { extractGradleLockfile } from '../../../src/ecosystems/gradle/lockfile.js';
import { seededRandom } from '../../helpers/random.js';

const summary = (content: string, legacy?: string) => {
  const result = extractGradleLockfile({ path: 'gradle.lockfile', content }, legacy);
  return { entries: result.dependencies.map((d) => `${d.line} ${d.name} ${d.version} ${d.scope}`), problems: result.problems.map((p) => `${p.line} ${p.message}`) };
};

/** The format as documented (see lockfile.ts), read the plain way: every line split out, one regex each. */
function reference(content: string, legacy?: string) {
  const entries: string[] = [];
  const problems: string[] = [];
  const isTest = (name: string) => /^test(?![a-z])/.test(name) || /[a-z]Test(?:[A-Z]|$)/.test(name);
  (content.startsWith('\uFEFF') ? content.slice(1) : content).split(/\r?\n/).forEach((text, index) => {
    const line = text.trim();
    if (line === '' || line.startsWith('#') || (legacy === undefined && line.startsWith('empty='))) return;
    const [, group, artifact, version, list] = /^([^:=\s]+):([^:=\s]+):([^:=\s]+)(?:=(.*))?$/.exec(line) ?? [];
    if (!group || !artifact || !version || (legacy === undefined) !== (list !== undefined)) {
      const expected = legacy === undefined ? 'group:artifact:version=configurations' : 'group:artifact:version';
      problems.push(`${index + 1} not a Gradle lockfile entry (expected ${expected}): ${JSON.stringify(line.slice(0, 120))}`);
      return;
    }
    const named = (legacy !== undefined ? [legacy] : (list ?? '').split(',').map((c) => c.trim())).filter((c) => c !== '');
    const scope = named.length === 0 ? 'unknown' : named.every(isTest) ? 'development' : 'runtime';
    entries.push(`${index + 1} ${group}:${artifact} ${version} ${scope}`);
  });
  return { entries, problems };
}

describe('gradle.lockfile lines', () => {
  it('reads CRLF line breaks as LF ones', () => {
    const lf = '# comment\ncom.a:b:1.0=testCompileClasspath\n\nc.d:e:2.0=compileClasspath,testRuntimeClasspath\nempty=\n';
    expect(summary(lf.replace(/\n/g, '\r\n'))).toEqual(summary(lf));
    expect(summary(lf).entries).toEqual(['2 com.a:b 1.0 development', '4 c.d:e 2.0 runtime']);
  });

  it('gives each line the scope of its own list, past the lists remembered per file', () => {
    const lines = Array.from({ length: 1200 }, (_, i) => (i % 2 === 0 ? `g:a${i}:1=testRuntimeClasspath,testFixtures${i}RuntimeClasspath` : `g:a${i}:1=compileClasspath,testFixtures${i}RuntimeClasspath`));
    lines.push('g:same:1=testCompileClasspath', 'g:again:1=testCompileClasspath', 'g:none:1=', 'g:blank:1= , ');
    const { entries } = summary(lines.join('\n'));
    expect(entries).toHaveLength(1204);
    expect(entries.slice(1198, 1200)).toEqual(['1199 g:a1198 1 development', '1200 g:a1199 1 runtime']);
    expect(entries.filter((entry, i) => i < 1200 && !entry.endsWith(i % 2 === 0 ? ' development' : ' runtime'))).toEqual([]);
    expect(entries.slice(1200)).toEqual(['1201 g:same 1 development', '1202 g:again 1 development', '1203 g:none 1 unknown', '1204 g:blank 1 unknown']);
  });

  it('agrees with the plain reading on random lines, both layouts', () => {
    const pieces = ['org.a', 'b', ':', ':', '=', '1.0', ',', 'testCompileClasspath', 'runtimeClasspath', ' ', '\t', '#', 'empty=', '\n', '\n', '\r\n', '\r', '\u00a0', '\uFEFF'];
    const next = seededRandom(4177);
    for (let run = 0; run < 3000; run++) {
      const length = Math.floor(next() * 16);
      let content = '';
      for (let i = 0; i < length; i++) content += pieces[Math.floor(next() * pieces.length)];
      const legacy = run % 3 === 0 ? 'testRuntimeClasspath' : undefined;
      expect([content, summary(content, legacy)]).toEqual([content, reference(content, legacy)]);
    }
  });

  // The scanned lines (printable ASCII) and the rest (read by the regex) meet at these characters.
  it('agrees with the plain reading where a line leaves printable ASCII', () => {
    const entry = ['org.a:b:1.0=testCompileClasspath', 'org.a:b:1.0=runtimeClasspath', 'c:d:2', 'c:d:2='];
    const odd = ['\u2028', '\u2029', '\u0001', '\u007f', 'é', '\u00a0', '\u000b', '\r', '\t', ' ', ':', '=', '#', '\n'];
    const next = seededRandom(9301);
    for (let run = 0; run < 3000; run++) {
      const lines: string[] = [];
      for (let i = 0; i < 4; i++) {
        const text = entry[Math.floor(next() * entry.length)] as string;
        const at = Math.floor(next() * (text.length + 1));
        lines.push(next() < 0.6 ? `${text.slice(0, at)}${odd[Math.floor(next() * odd.length)]}${text.slice(at)}` : text);
      }
      const content = lines.join(next() < 0.5 ? '\n' : '\r\n');
      const legacy = run % 3 === 0 ? 'testRuntimeClasspath' : undefined;
      expect([content, summary(content, legacy)]).toEqual([content, reference(content, legacy)]);
    }
  });
});

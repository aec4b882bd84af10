/**
 * gatherFacts asks sources that share no kind at the same time, and sources that share one in
 * order. Fake sources in memory, deferred promises for the timing: no network, no timers.
 */
import { describe, expect, it } from '@jest/globals';
import type { Dependency } from '../../src/deps/model.js';
import type { FactKind, PackageFacts } from '../../src/facts/types.js';
import { gatherFacts } from '../../src/metadata/gather.js';
import type { FactSource, SourceAnswers } from '../../src/metadata/types.js';

const KINDS: ReadonlySet<FactKind> = new Set(['license', 'vulnerabilities']);

function npmDep(name: string): Dependency {
  return { ecosystem: 'npm', name, version: '1.0.0', purl: `pkg:npm/${name}@1.0.0`, manifest: 'package-lock.json', scope: 'runtime', direct: true };
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

/**
 * A source over every npm package whose lookup is `answer`, recording when it is entered and left
 * and what it was asked; `left` resolves once its lookup has returned.
 */
function fakeSource(name: string, provides: FactKind[], events: string[], answer: (asked: string[]) => Promise<SourceAnswers>): FactSource & { asked: string[][]; left: Promise<void> } {
  const asked: string[][] = [];
  const left = deferred();
  return {
    name,
    provides,
    asked,
    left: left.promise,
    supports: () => true,
    lookup: async (dependencies) => {
      const purls = dependencies.map((dependency) => dependency.purl);
      asked.push(purls);
      events.push(`${name} entered`);
      const answers = await answer(purls);
      events.push(`${name} left`);
      left.resolve();
      return answers;
    },
  };
}

const license = (value: string, source: string): PackageFacts => ({ license: { value, source } });
const noVulnerabilities = (source: string): PackageFacts => ({ vulnerabilities: { value: [], source } });

describe('gatherFacts: sources asked concurrently', () => {
  it('has a source with other kinds in flight while an earlier one is still answering, and lists findings in source order', async () => {
    const events: string[] = [];
    // The first source answers only once the second has answered: asked one after the other, this never ends.
    const first = fakeSource('licenses', ['license'], events, async () => {
      await second.left;
      return { answers: new Map([['pkg:npm/a@1.0.0', { failed: 'licenses broke' }], ['pkg:npm/b@1.0.0', { facts: license('MIT', 'licenses') }]]), lastFailure: 'licenses broke' };
    });
    const second = fakeSource('vulns', ['vulnerabilities'], events, async () => {
      return { answers: new Map([['pkg:npm/a@1.0.0', { facts: noVulnerabilities('vulns') }], ['pkg:npm/b@1.0.0', { failed: 'vulns broke' }]]), lastFailure: 'vulns broke' };
    });

    const gathered = await gatherFacts([npmDep('a'), npmDep('b')], [first, second], { kinds: KINDS });

    expect(events).toEqual(['licenses entered', 'vulns entered', 'vulns left', 'licenses left']);
    expect(gathered.facts.packages.get('pkg:npm/b@1.0.0')?.license?.value).toBe('MIT');
    expect(gathered.facts.packages.get('pkg:npm/a@1.0.0')?.vulnerabilities?.value).toEqual([]);
    expect([...gathered.facts.unchecked]).toEqual([['pkg:npm/a@1.0.0', 'licenses broke']]);
    expect(gathered.facts.uncheckedByKind?.vulnerabilities).toEqual(new Map([['pkg:npm/b@1.0.0', 'vulns broke']]));
    // The second source finished first; its finding still comes second.
    expect(gathered.findings.map((finding) => finding.message)).toEqual(['licenses failed for 1 package (licenses broke)', 'vulns failed for 1 package (vulns broke)']);
  });

  it('starts a source sharing a kind only after the earlier one finished, with what it left open, even while an unrelated source is still in flight', async () => {
    const events: string[] = [];
    const fallbackEntered = deferred();
    const primary = fakeSource('primary', ['license'], events, async () => ({ answers: new Map([['pkg:npm/a@1.0.0', { facts: license('MIT', 'primary') }]]) }));
    // The vulnerability source is still answering when the fallback starts: the fallback waits for the primary only.
    const vulns = fakeSource('vulns', ['vulnerabilities'], events, async (purls) => {
      await fallbackEntered.promise;
      return { answers: new Map(purls.map((purl) => [purl, { facts: noVulnerabilities('vulns') }])) };
    });
    const fallback = fakeSource('fallback', ['license'], events, async (purls) => {
      fallbackEntered.resolve();
      return { answers: new Map(purls.map((purl) => [purl, { facts: license('ISC', 'fallback') }])) };
    });

    const gathered = await gatherFacts([npmDep('a'), npmDep('b'), npmDep('c')], [primary, vulns, fallback], { kinds: KINDS });

    expect(events.indexOf('fallback entered')).toBeGreaterThan(events.indexOf('primary left'));
    expect(events.indexOf('fallback entered')).toBeLessThan(events.indexOf('vulns left'));
    expect(primary.asked).toEqual([['pkg:npm/a@1.0.0', 'pkg:npm/b@1.0.0', 'pkg:npm/c@1.0.0']]);
    expect(fallback.asked).toEqual([['pkg:npm/b@1.0.0', 'pkg:npm/c@1.0.0']]);
    const licenses = Object.fromEntries([...gathered.facts.packages].map(([purl, facts]) => [purl, facts.license?.source]));
    expect(licenses).toEqual({ 'pkg:npm/a@1.0.0': 'primary', 'pkg:npm/b@1.0.0': 'fallback', 'pkg:npm/c@1.0.0': 'fallback' });
    expect(gathered.findings).toEqual([]);
  });

  it('fails loud when a source throws, after every other source has finished', async () => {
    const events: string[] = [];
    const broken = fakeSource('broken', ['license'], events, async () => {
      throw new Error('a bug in a source');
    });
    const vulns = fakeSource('vulns', ['vulnerabilities'], events, async (purls) => ({ answers: new Map(purls.map((purl) => [purl, { facts: noVulnerabilities('vulns') }])) }));
    const after = fakeSource('after', ['license'], events, async () => ({ answers: new Map() }));

    await expect(gatherFacts([npmDep('a')], [broken, vulns, after], { kinds: KINDS })).rejects.toThrow('a bug in a source');
    expect(events).toEqual(['broken entered', 'vulns entered', 'vulns left']);
  });
});

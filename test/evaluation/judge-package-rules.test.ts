import { describe, expect, it } from '@jest/globals';
import type { Dependency } from '../../src/deps/model.js';
import { judge } from '../../src/evaluation/judge.js';
import type { Facts } from '../../src/facts/types.js';
import type { Policy } from '../../src/policy/types.js';
import { added, basePolicy, dep, factsOf, record, TODAY, upgraded } from '../rules/subject.js';

const MIT = { license: 'MIT' };
const summary = (result: ReturnType<typeof judge>) => ({ conclusion: result.conclusion, reason: result.conclusionReason, findings: result.findings.map((finding) => [finding.rule, finding.severity]) });

function run(changes: Parameters<typeof judge>[0]['changes'], facts: Facts, policy: Policy = basePolicy(), introducedBy?: (dependency: Dependency) => readonly string[] | undefined) {
  return judge({ changes, problems: [], policy, today: TODAY, facts, ...(introducedBy ? { introducedBy } : {}) });
}

describe('judge: package-intelligence rules', () => {
  it('concludes neutral offline, with the facts not checked beside the licenses not checked', () => {
    const offline: Facts = { packages: new Map(), unchecked: new Map(), nothingLookedUp: 'offline' };
    const withLicense = run([added(dep('a', '1.0.0', MIT)), added(dep('b', '2.0.0', MIT))], offline);
    expect(summary(withLicense)).toEqual({
      conclusion: 'neutral',
      reason: 'vulnerabilities and deprecation not checked for 2 packages: offline',
      findings: [['facts/unchecked', 'warning']],
    });
    expect(withLicense.findings[0]).toMatchObject({ message: 'vulnerabilities and deprecation not checked for 2 packages: offline — a@1.0.0, b@2.0.0', incomplete: true });
    const noLicense = run([added(dep('c', '1.0.0'))], offline);
    expect(noLicense.conclusionReason).toBe('1 license not checked: offline; vulnerabilities and deprecation not checked for 1 package: offline');
  });

  it('fails on a critical vulnerability, in a development dependency too', () => {
    const tool = dep('build-tool', '3.0.0', { ...MIT, scope: 'development' });
    const facts = factsOf({ [tool.purl]: { vulnerabilities: [record('GHSA-crit-crit-crit', { severity: 'critical', score: 9.8, fixed: ['3.0.1'] })], deprecation: { deprecated: false } } });
    // The license rules look at runtime dependencies only: the vulnerability rule still looks.
    const runtimeOnly = { ...basePolicy(), licenses: { ...basePolicy().licenses, scopes: ['runtime' as const] } };
    const result = run([added(tool)], facts, runtimeOnly);
    expect(summary(result)).toEqual({ conclusion: 'failure', reason: '1 error', findings: [['vulnerability', 'error']] });
    expect(result.findings[0]?.message).toBe('build-tool@3.0.0 is affected by GHSA-crit-crit-crit, critical (CVSS 9.8); fixed in 3.0.1');
  });

  it('gives the fixes notice for an upgrade out of a vulnerability, and concludes success', () => {
    const [before, after] = [dep('lodash', '4.17.20', MIT), dep('lodash', '4.17.21', MIT)];
    const facts = factsOf({ [before.purl]: { vulnerabilities: [record('GHSA-35jh-r3h4-6jhm')] }, [after.purl]: { vulnerabilities: [], deprecation: { deprecated: false } } });
    const result = run([upgraded(before, after)], facts);
    expect(summary(result)).toEqual({ conclusion: 'success', reason: undefined, findings: [['vulnerability/fixed', 'notice']] });
    expect(result.findings[0]?.message).toBe('upgrading lodash from 4.17.20 to 4.17.21 fixes GHSA-35jh-r3h4-6jhm (high)');
  });

  it('asks the input for the chain of a transitive dependency only when a finding names it', () => {
    const qs = dep('qs', '6.5.2', { ...MIT, direct: false });
    const clean = dep('clean', '1.0.0', { ...MIT, direct: false });
    const facts = factsOf({ [qs.purl]: { vulnerabilities: [record('GHSA-hrpp-h998-j3pp', { fixed: ['6.5.3'] })], deprecation: { deprecated: false } }, [clean.purl]: { vulnerabilities: [], deprecation: { deprecated: false } } });
    const asked: string[] = [];
    const result = run([added(qs), added(clean)], facts, basePolicy(), (dependency) => {
      asked.push(dependency.name);
      return ['pkg:npm/express@4.16.0', dependency.purl];
    });
    // The chain is a field of the finding, put there by the judge, not in the rule's message.
    expect(result.findings.map((finding) => [finding.message, finding.introducedBy])).toEqual([['qs@6.5.2 is affected by GHSA-hrpp-h998-j3pp, high; fixed in 6.5.3', ['pkg:npm/express@4.16.0', 'pkg:npm/qs@6.5.2']]]);
    expect(asked).toEqual(['qs']);
  });

  it("puts the chain on every finding about a transitive dependency, with its direct dependency's declaration from the inventory", () => {
    const express = dep('express', '4.16.0', { ...MIT, manifest: 'package-lock.json', declaredAt: { path: 'package.json', line: 7 } });
    const qs = dep('qs', '6.5.2', { ...MIT, direct: false, manifest: 'package-lock.json', line: 40 });
    const facts = factsOf({
      [qs.purl]: { vulnerabilities: [record('GHSA-1'), record('GHSA-2')], deprecation: { deprecated: false } },
      [express.purl]: { vulnerabilities: [record('GHSA-3')], deprecation: { deprecated: false } },
    });
    const result = judge({
      changes: [added(express), added(qs)],
      problems: [],
      policy: basePolicy(),
      today: TODAY,
      facts,
      introducedBy: (dependency) => (dependency.direct ? [dependency.purl] : [express.purl, dependency.purl]),
      inventory: [{ path: 'package-lock.json', ecosystem: 'npm', dependencies: [express, qs] }],
    });
    const traced = (name: string) => result.findings.filter((finding) => finding.name === name).map((finding) => [finding.introducedBy, finding.introducedAt, finding.introductionNotRecordedIn]);
    expect(traced('qs')).toEqual(Array(2).fill([['pkg:npm/express@4.16.0', 'pkg:npm/qs@6.5.2'], { path: 'package.json', line: 7 }, undefined]));
    expect(traced('express')).toEqual([[undefined, undefined, undefined]]); // direct: nothing to trace
  });

  it('says the chain is not recorded for a transitive dependency whose file records none, and nothing for a root chain of one', () => {
    const certifi = dep('certifi', '2024.2.2', { ...MIT, direct: false, ecosystem: 'pipenv', manifest: 'app/Pipfile.lock' });
    const member = dep('util', '2.0.0', { ...MIT, direct: false });
    const facts = factsOf({ [certifi.purl]: { vulnerabilities: [record('GHSA-c')], deprecation: { deprecated: false } }, [member.purl]: { vulnerabilities: [record('GHSA-u')], deprecation: { deprecated: false } } });
    const result = run([added(certifi), added(member)], facts, basePolicy(), (dependency) => (dependency === member ? [member.purl] : undefined));
    const fields = result.findings.map((finding) => [finding.name, finding.introducedBy, finding.introductionNotRecordedIn]);
    expect(fields).toEqual([
      ['certifi', undefined, 'app/Pipfile.lock'],
      ['util', undefined, undefined],
    ]);
  });

  it('lets an exception without a license condition cover the package rules, but never vulnerabilities or malware', () => {
    const old = dep('old-lib', '1.0.0', MIT);
    const facts = factsOf({ [old.purl]: { vulnerabilities: [record('GHSA-medi-medi-medi', { severity: 'medium' }), record('MAL-2025-9', { malicious: true })], deprecation: { deprecated: true, reason: 'unmaintained' } } });
    const exceptionFor = (extra: { license?: string; expires?: string }) => ({ ...basePolicy(), exceptions: [{ package: 'pkg:npm/old-lib', reason: 'approved (OSPO-7)', ...extra }] });
    expect(summary(run([added(old)], facts, exceptionFor({}))).findings).toEqual([['malware', 'error'], ['vulnerability', 'warning']]);
    // One with a license condition is about the license only: the deprecation is still judged.
    expect(summary(run([added(old)], facts, exceptionFor({ license: 'MIT' }))).findings).toEqual([['malware', 'error'], ['vulnerability', 'warning'], ['package/deprecated', 'warning']]);
    // An expired one covers nothing.
    expect(summary(run([added(old)], facts, exceptionFor({ expires: '2026-01-01' }))).findings).toEqual([['malware', 'error'], ['vulnerability', 'warning'], ['exception/expired', 'warning'], ['package/deprecated', 'warning']]);
  });

  it('reports a vulnerability error as a warning in warn mode, concluding neutral', () => {
    const pkg = dep('pkg', '1.0.0', MIT);
    const facts = factsOf({ [pkg.purl]: { vulnerabilities: [record('GHSA-high-high-high')], deprecation: { deprecated: false } } });
    expect(summary(run([added(pkg)], facts, { ...basePolicy(), mode: 'warn' }))).toEqual({
      conclusion: 'neutral',
      reason: '1 error, reported as warnings: the policy is in warn mode',
      findings: [['vulnerability', 'warning']],
    });
  });
});

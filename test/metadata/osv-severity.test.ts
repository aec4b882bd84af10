import { describe, expect, it } from '@jest/globals';
import { cvssBaseScore, ghsaSeverity, recordSeverity, severityOfScore } from '../../src/metadata/osv-severity.js';

// Expected scores worked out from the FIRST specifications:
// - v3.1 AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H: ISS = 1 - 0.44^3 = 0.9148, impact 6.42 * ISS = 5.87,
//   exploitability 8.22 * 0.85 * 0.77 * 0.85 * 0.85 = 3.89, roundup(9.76) = 9.8.
// - v3.1 AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N: ISS = 1 - 0.78^2 = 0.3916, impact (scope changed)
//   7.52 * (ISS - 0.029) - 3.25 * (ISS - 0.02)^15 = 2.73, exploitability 8.22 * 0.85 * 0.77 * 0.85 * 0.62
//   = 2.83, roundup(1.08 * 5.56) = 6.1.
// - v2 AV:N/AC:L/Au:N/C:P/I:P/A:P: impact 10.41 * (1 - 0.725^3) = 6.44, exploitability
//   20 * 1 * 0.71 * 0.704 = 10.0, (0.6 * 6.44 + 0.4 * 10.0 - 1.5) * 1.176 = 7.5.
// - v4.0 AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N: macrovector EQ1..EQ6 = 0,0,0,2,0,0,
//   whose value in the spec's lookup table is 9.3, and the vector is that macrovector's highest: 9.3.
const V31_CRITICAL = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H';
const V31_MEDIUM = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N';
const V2_HIGH = 'AV:N/AC:L/Au:N/C:P/I:P/A:P';
const V4_CRITICAL = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N';

describe('CVSS base scores of OSV severity entries', () => {
  it('scores v2, v3.0, v3.1 and v4.0 vectors', () => {
    expect(cvssBaseScore({ type: 'CVSS_V3', score: V31_CRITICAL })).toBe(9.8);
    expect(cvssBaseScore({ type: 'CVSS_V3', score: V31_MEDIUM })).toBe(6.1);
    // 3.0 and 3.1 share the base formulas (3.1 changed Roundup's floating-point handling): the same 9.8.
    expect(cvssBaseScore({ type: 'CVSS_V3', score: 'CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' })).toBe(9.8);
    expect(cvssBaseScore({ type: 'CVSS_V2', score: V2_HIGH })).toBe(7.5);
    expect(cvssBaseScore({ type: 'CVSS_V4', score: V4_CRITICAL })).toBe(9.3);
  });

  it('takes the base score, not the one lowered by temporal or threat metrics', () => {
    expect(cvssBaseScore({ type: 'CVSS_V3', score: `${V31_CRITICAL}/E:U` })).toBe(9.8);
    expect(cvssBaseScore({ type: 'CVSS_V4', score: `${V4_CRITICAL}/E:U` })).toBe(9.3);
  });

  it('ignores vectors the calculator rejects, incomplete ones, and ones whose type disagrees', () => {
    expect(cvssBaseScore({ type: 'CVSS_V3', score: 'CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' })).toBeUndefined();
    expect(cvssBaseScore({ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L' })).toBeUndefined();
    expect(cvssBaseScore({ type: 'CVSS_V3', score: 'not a vector' })).toBeUndefined();
    expect(cvssBaseScore({ type: 'CVSS_V2', score: V31_CRITICAL })).toBeUndefined();
    expect(cvssBaseScore({ type: 'CVSS_V3', score: V4_CRITICAL })).toBeUndefined();
    expect(cvssBaseScore({ type: 'Ubuntu', score: 'high' })).toBeUndefined();
  });
});

describe('severity bands', () => {
  it('maps scores to critical >= 9, high >= 7, medium >= 4, low > 0', () => {
    expect([10, 9, 8.9, 7, 6.9, 4, 3.9, 0.1, 0].map(severityOfScore)).toEqual(['critical', 'critical', 'high', 'high', 'medium', 'medium', 'low', 'low', 'unknown']);
  });

  it("reads GHSA's rating, MODERATE as medium", () => {
    expect(['CRITICAL', 'HIGH', 'MODERATE', 'LOW', 'SEVERE', 42].map(ghsaSeverity)).toEqual(['critical', 'high', 'medium', 'low', undefined, undefined]);
  });

  it('takes the highest score over the vectors, and falls back to the GHSA rating only without a usable vector', () => {
    expect(recordSeverity([{ type: 'CVSS_V3', score: V31_MEDIUM }, { type: 'CVSS_V4', score: V4_CRITICAL }], 'LOW')).toEqual({ severity: 'critical', score: 9.3, vector: V4_CRITICAL });
    expect(recordSeverity([{ type: 'CVSS_V2', score: V2_HIGH }])).toEqual({ severity: 'high', score: 7.5, vector: V2_HIGH });
    expect(recordSeverity([{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:Q' }], 'MODERATE')).toEqual({ severity: 'medium' });
    expect(recordSeverity([], undefined)).toEqual({ severity: 'unknown' });
  });
});

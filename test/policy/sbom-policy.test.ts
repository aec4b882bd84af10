import { describe, expect, it } from '@jest/globals';
import { loadPolicy, type PolicySource } from '../../src/policy/load.js';
import { validatePolicySource } from '../../src/policy/validate.js';

const repoFile = (text: string): PolicySource => ({ path: '.github/ospo-gatekeeper.yml', text });
const orgFile = (text: string): PolicySource => ({ path: 'acme/.github:.github/ospo-gatekeeper.yml', text });

function releaseAsset(layers: { org?: PolicySource; repo?: PolicySource }): boolean {
  const result = loadPolicy(layers);
  if (!result.ok) throw new Error(`did not load: ${JSON.stringify(result.errors)}`);
  return result.policy.sbom.releaseAsset;
}

describe('sbom: release-asset', () => {
  it('is off unless a layer turns it on; a later layer decides', () => {
    expect(releaseAsset({})).toBe(false);
    expect(releaseAsset({ repo: repoFile('sbom:\n  release-asset: true\n') })).toBe(true);
    expect(releaseAsset({ org: orgFile('sbom:\n  release-asset: true\noverrides:\n  allowed: [sbom]\n'), repo: repoFile('sbom:\n  release-asset: false\n') })).toBe(false);
    expect(releaseAsset({ org: orgFile('sbom:\n  release-asset: true\n'), repo: repoFile('mode: warn\n') })).toBe(true);
  });

  it('refuses anything but a boolean, and unknown keys, with their place', () => {
    expect(validatePolicySource(repoFile('sbom:\n  release-asset: yes please\n')).map((error) => [error.line, error.column])).toEqual([[2, 18]]);
    const unknown = validatePolicySource(repoFile('sbom:\n  release-assets: true\n'));
    expect(unknown).toHaveLength(1);
    expect(unknown[0]?.message).toContain('release-asset');
  });
});

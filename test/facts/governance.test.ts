import { describe, expect, it } from '@jest/globals';
import { governanceOf, governanceTable } from '../../src/facts/governance.js';
import { presetNames } from '../../src/policy/presets.js';

describe('policies/governance.yml', () => {
  it('classifies an organization as a foundation, a company, or (unlisted) community', () => {
    expect(governanceOf('github.com/apache/kafka')).toEqual({ kind: 'foundation', name: 'Apache Software Foundation', owner: 'apache' });
    expect(governanceOf('github.com/kubernetes/client-go')).toEqual({ kind: 'foundation', name: 'Cloud Native Computing Foundation', owner: 'kubernetes' });
    expect(governanceOf('github.com/hashicorp/terraform')).toEqual({ kind: 'company', name: 'HashiCorp', owner: 'hashicorp' });
    expect(governanceOf('github.com/akka/akka')).toEqual({ kind: 'company', name: 'Lightbend (Akka)', owner: 'akka' });
    expect(governanceOf('github.com/sindresorhus/got')).toEqual({ kind: 'community', owner: 'sindresorhus' });
  });

  it('reads the owner in any case, with a scheme or www, and knows nothing of other hosts', () => {
    expect(governanceOf('https://www.github.com/Elastic/elasticsearch.git')).toEqual({ kind: 'company', name: 'Elastic', owner: 'elastic' });
    expect(governanceOf('gitlab.com/gitlab-org/gitlab')).toBeUndefined();
    expect(governanceOf('github.com/only-owner')).toBeUndefined();
  });

  it('lists lower-case organizations, each a foundation or a company, and is not taken for a preset', () => {
    const table = governanceTable();
    expect(table.size).toBeGreaterThan(40);
    expect([...table.keys()].filter((owner) => owner !== owner.toLowerCase())).toEqual([]);
    expect(presetNames()).not.toContain('governance');
  });
});

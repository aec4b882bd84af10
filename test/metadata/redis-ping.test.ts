import { describe, expect, it } from '@jest/globals';
import { factCacheFromEnv } from '../../src/metadata/cache-config.js';

describe('the configured cache ping (what /readyz checks)', () => {
  it('the in-memory app cache has no ping (no Redis check without REDIS_URL)', () => {
    expect(factCacheFromEnv({}, 'app').ping).toBeUndefined();
  });
});

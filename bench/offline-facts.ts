/**
 * The facts the pipeline's fact step gives `check --offline` (metadata/gather.ts): nothing looked
 * up, said once. The floor and ratio sections judge with them, as the huge section's
 * `evaluateChange` does. Judging with no facts at all would read every license as looked up and
 * not found, and build one `license/unknown` warning per package: a state no run produces
 * offline, which cost the judge 4-7x more than the offline path (go.mod 5 MB: ~450 vs ~90 ms).
 */
import type { Facts } from '../src/facts/types.js';
import { OFFLINE_REASON } from '../src/metadata/gather.js';

export const OFFLINE_FACTS: Facts = { packages: new Map(), unchecked: new Map(), nothingLookedUp: OFFLINE_REASON };

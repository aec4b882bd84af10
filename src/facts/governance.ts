/**
 * Who governs a source repository: a foundation, one company, or its community, from the
 * curated table policies/governance.yml (GitHub organization -> foundation or company). An
 * organization the table does not list is community-governed. Static package data, read once.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const GOVERNANCE_FILE = 'governance.yml';

export type Governance =
  | { kind: 'foundation'; name: string; owner: string }
  | { kind: 'company'; name: string; owner: string }
  | { kind: 'community'; owner: string };

type Governor = { kind: 'foundation' | 'company'; name: string };

/** policies/ at the package root, from src/facts or dist/src/facts (as src/policy/presets.ts). */
function governancePath(): string {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const root = here.includes('/dist/') ? new URL('../../../', import.meta.url) : new URL('../../', import.meta.url);
  return fileURLToPath(new URL(`policies/${GOVERNANCE_FILE}`, root));
}

let table: ReadonlyMap<string, Governor> | undefined;

/** Organization (lower-case) -> its governor; throws on a malformed table (our own file: a bug, loud). */
export function governanceTable(): ReadonlyMap<string, Governor> {
  if (table) return table;
  const data = parse(readFileSync(governancePath(), 'utf8')) as { organizations?: unknown };
  const organizations = data.organizations;
  if (typeof organizations !== 'object' || organizations === null || Array.isArray(organizations)) {
    throw new Error(`${GOVERNANCE_FILE}: expected an "organizations" map`);
  }
  const byOwner = new Map<string, Governor>();
  for (const [owner, entry] of Object.entries(organizations as Record<string, unknown>)) {
    const { foundation, company } = (entry ?? {}) as { foundation?: unknown; company?: unknown };
    const governor: Governor | undefined =
      typeof foundation === 'string' && company === undefined ? { kind: 'foundation', name: foundation } : typeof company === 'string' && foundation === undefined ? { kind: 'company', name: company } : undefined;
    if (!governor) throw new Error(`${GOVERNANCE_FILE}: "${owner}" must have exactly one of foundation or company, a name`);
    const key = owner.toLowerCase();
    if (byOwner.has(key)) throw new Error(`${GOVERNANCE_FILE}: "${owner}" is listed twice`);
    byOwner.set(key, governor);
  }
  table = byOwner;
  return table;
}

/**
 * The governance of `github.com/owner/repo` (any case, an optional scheme or `.git`); undefined
 * for anything else (another host, no owner): the table only knows GitHub organizations.
 */
export function governanceOf(repository: string): Governance | undefined {
  const match = /^(?:https?:\/\/)?(?:www\.)?github\.com\/([^/\s]+)\/[^/\s]+/i.exec(repository.trim());
  if (!match) return undefined;
  const owner = (match[1] as string).toLowerCase();
  const governor = governanceTable().get(owner);
  return governor ? { kind: governor.kind, name: governor.name, owner } : { kind: 'community', owner };
}

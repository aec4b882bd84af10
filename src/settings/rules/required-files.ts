/**
 * `settings/required-files`: each file of `repository.required-files`, where GitHub looks for it.
 * Community-health files (SECURITY, CODE_OF_CONDUCT, CONTRIBUTING, SUPPORT) may sit in the root,
 * `.github/` or `docs/`, with any of the usual extensions, and GitHub falls back to the
 * organization's public `.github` repository for them; LICENSE counts only in the root and
 * CODEOWNERS only in the three places, neither with a fallback. An empty file is missing, and a
 * CODEOWNERS file GitHub reports errors in fails. Any other entry is a path from the root. Pure.
 */
import type { PresentFile, RepositorySettings } from '../snapshot.js';
import type { SettingsResult, SettingsRule } from './rule.js';

const RULE = 'settings/required-files';
const PLACES = ['', '.github/', 'docs/'] as const;
const HEALTH_EXTENSIONS = ['', '.md', '.txt', '.rst', '.markdown'];

/** How GitHub finds a known file: the names it accepts (lower case), the places, whether the org default counts. */
interface Kind {
  matches: (baseName: string) => boolean;
  places: readonly string[];
  orgFallback: boolean;
}

const stem = (name: string) => name.toLowerCase().replace(/\.(md|txt|rst|markdown)$/, '');
const healthFile = (fileStem: string): Kind => ({ matches: (base) => HEALTH_EXTENSIONS.some((ext) => base === `${fileStem}${ext}`), places: PLACES, orgFallback: true });

const KNOWN: Readonly<Record<string, Kind>> = {
  license: { matches: (base) => /^(un)?licen[cs]e([.-].+)?$/.test(base) || /^copying([.-].+)?$/.test(base), places: [''], orgFallback: false },
  codeowners: { matches: (base) => base === 'codeowners', places: PLACES, orgFallback: false },
  security: healthFile('security'),
  code_of_conduct: healthFile('code_of_conduct'),
  contributing: healthFile('contributing'),
  support: healthFile('support'),
  readme: { matches: (base) => HEALTH_EXTENSIONS.some((ext) => base === `readme${ext}`), places: PLACES, orgFallback: false },
};

/** The Kind of a policy entry; a path (`docs/ADR.md`) or an unknown name is looked up exactly, in the root. */
function kindOf(entry: string): Kind {
  const known = entry.includes('/') ? undefined : KNOWN[stem(entry)];
  return known ?? { matches: () => false, places: [], orgFallback: false };
}

function find(files: ReadonlyMap<string, PresentFile>, entry: string, kind: Kind): PresentFile[] {
  if (kind.places.length === 0) {
    const exact = files.get(entry);
    return exact ? [exact] : [];
  }
  const found: PresentFile[] = [];
  for (const file of files.values()) {
    const slash = file.path.lastIndexOf('/');
    const dir = file.path.slice(0, slash + 1);
    if (kind.places.includes(dir) && kind.matches(file.path.slice(slash + 1).toLowerCase())) found.push(file);
  }
  // GitHub prefers .github/, then the root, then docs/ (for the page it links): list them so.
  return found.sort((a, b) => rank(a.path) - rank(b.path));
}

const rank = (path: string) => (path.startsWith('.github/') ? 0 : path.startsWith('docs/') ? 2 : 1);

/** The directories to list for `entries`, beyond the root: where a file not found in `listed` may sit. */
export function directoriesToList(listed: ReadonlyMap<string, PresentFile>, entries: readonly string[]): string[] {
  const directories = new Set<string>();
  for (const entry of entries) {
    const kind = kindOf(entry);
    if (kind.places.length === 0) {
      if (entry.includes('/')) directories.add(entry.slice(0, entry.lastIndexOf('/')));
      continue;
    }
    if (find(listed, entry, kind).some((file) => file.size > 0)) continue;
    for (const place of kind.places) if (place !== '') directories.add(place.slice(0, -1));
  }
  return [...directories].sort();
}

/** The entries with an organization fallback that `files` lacks: the org's `.github` repository is read for them. */
export function missingWithOrgFallback(files: ReadonlyMap<string, PresentFile>, entries: readonly string[]): string[] {
  return entries.filter((entry) => {
    const kind = kindOf(entry);
    return kind.orgFallback && !find(files, entry, kind).some((file) => file.size > 0);
  });
}

export const requiredFilesRule: SettingsRule = {
  id: RULE,
  check(settings, policy) {
    return policy.requiredFiles.flatMap((entry) => judgeFile(settings, entry));
  },
};

function judgeFile(settings: RepositorySettings, entry: string): SettingsResult[] {
  const kind = kindOf(entry);
  const where = kind.places.length === 0 ? entry : kind.places.map((place) => (place === '' ? 'the root' : place)).join(', ');
  const base = { rule: RULE, check: entry, wanted: kind.places.length === 0 ? `${entry} exists and is not empty` : `${entry} in ${where}, not empty` } as const;
  const link = `${settings.repository.htmlUrl}/new/${settings.repository.defaultBranch}`;
  if (!settings.files.known) return [{ ...base, verdict: 'not-verifiable', found: `the files could not be listed: ${settings.files.reason}`, link }];
  const found = find(settings.files.value, entry, kind);
  const nonEmpty = found.find((file) => file.size > 0);
  if (nonEmpty) return [{ ...base, verdict: 'pass', found: `found at ${nonEmpty.path}` }, ...codeownersValidity(settings, entry, nonEmpty)];
  if (found.length > 0) return [{ ...base, verdict: 'fail', found: `${found[0]?.path} is empty`, fix: `Write the content of ${found[0]?.path}.`, link }];
  const missing = kind.places.length === 0 ? `${entry} does not exist` : `no ${entry} in ${where}`;
  if (!kind.orgFallback) return [{ ...base, verdict: 'fail', found: missing, fix: `Add ${entry}${kind.places.length > 1 ? ' (the root, .github/ or docs/)' : ''}.`, link }];
  const orgRepo = `${settings.repository.owner}/.github`;
  if (!settings.orgDefaults.known) return [{ ...base, verdict: 'not-verifiable', found: `${missing}; the organization default (${orgRepo}) could not be read: ${settings.orgDefaults.reason}`, link }];
  const fallback = find(settings.orgDefaults.value, entry, kind).find((file) => file.size > 0);
  if (fallback) return [{ ...base, verdict: 'pass', found: `the organization default applies: ${orgRepo}/${fallback.path}` }];
  return [{ ...base, verdict: 'fail', found: `${missing}, and ${orgRepo} has none to fall back on`, fix: `Add ${entry} here, or once for the whole organization in ${orgRepo}.`, link }];
}

/** A present CODEOWNERS file is also checked for the errors GitHub reports in it. */
function codeownersValidity(settings: RepositorySettings, entry: string, file: PresentFile): SettingsResult[] {
  if (stem(entry) !== 'codeowners') return [];
  const base = { rule: RULE, check: `${file.path} is valid`, wanted: 'GitHub reports no errors in CODEOWNERS' } as const;
  const errors = settings.codeownersErrors;
  if (!errors.known) return [{ ...base, verdict: 'not-verifiable', found: `its errors could not be read: ${errors.reason}` }];
  if (errors.value.length === 0) return [{ ...base, verdict: 'pass', found: 'no errors' }];
  const listed = errors.value.slice(0, 5).map((error) => `line ${error.line}: ${error.message.split('\n')[0]}`);
  const more = errors.value.length > 5 ? `; and ${errors.value.length - 5} more` : '';
  return [{ ...base, verdict: 'fail', found: `${errors.value.length} error${errors.value.length === 1 ? '' : 's'}: ${listed.join('; ')}${more}`, fix: 'Fix the lines GitHub flags (owners must exist and have write access).', link: `${settings.repository.htmlUrl}/blob/${settings.repository.defaultBranch}/${file.path}` }];
}

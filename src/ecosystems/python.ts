/**
 * What the Python ecosystems (pip, poetry, pipenv, uv) share: PEP 503 names, PEP 508 requirement
 * strings, PEP 440 version order.
 */
import { makePurl, purlOf } from '../deps/purl.js';

/** PEP 503 normalised name: lower-case, every run of `-`, `_`, `.` becomes one `-`. */
export function normalizePythonName(name: string): string {
  return name.trim().toLowerCase().replace(/[-_.]+/g, '-');
}

/** `pkg:pypi/<normalised name>@<version>`; undefined for a name that normalises to nothing. */
export function pythonPurl(name: string, version?: string): string | undefined {
  return purlOf('pypi', undefined, normalizePythonName(name), version);
}

/** `pkg:pypi/<normalised name>@<version>`. */
export function pypiPurl(name: string, version?: string): string {
  return makePurl('pypi', undefined, normalizePythonName(name), version);
}

/** A PEP 508 requirement, split into its parts (text as written, trimmed). */
export interface Pep508 {
  name: string;
  extras: string[];
  /** Version specifier without the optional parentheses: `>=1.0,<2`, `==1.2.3`, or ''. */
  specifier: string;
  /** `name @ url` direct reference. */
  url?: string;
  marker?: string;
}

const NAME = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*/;

/** Parses `name[extra] (>=1, <2) ; marker` or `name @ url ; marker`. Undefined if there is no name. */
export function parsePep508(text: string): Pep508 | undefined {
  const nameMatch = NAME.exec(text);
  if (!nameMatch?.[1]) return undefined;
  let rest = text.slice(nameMatch[0].length);
  let extras: string[] = [];
  const extrasMatch = /^\[([^\]]*)\]\s*/.exec(rest);
  if (extrasMatch) {
    extras = (extrasMatch[1] ?? '').split(',').map((extra) => extra.trim()).filter(Boolean);
    rest = rest.slice(extrasMatch[0].length);
  }
  if (rest.startsWith('@')) {
    // A URL may itself contain `;` only in rare cases; PEP 508 requires whitespace before the marker `;`.
    const markerAt = rest.search(/\s;/);
    const url = (markerAt === -1 ? rest.slice(1) : rest.slice(1, markerAt)).trim();
    const marker = markerAt === -1 ? undefined : rest.slice(markerAt).replace(/^\s*;/, '').trim();
    return { name: nameMatch[1], extras, specifier: '', url, ...(marker ? { marker } : {}) };
  }
  const semicolon = rest.indexOf(';');
  let specifier = (semicolon === -1 ? rest : rest.slice(0, semicolon)).trim();
  const marker = semicolon === -1 ? undefined : rest.slice(semicolon + 1).trim();
  if (specifier.startsWith('(') && specifier.endsWith(')')) specifier = specifier.slice(1, -1).trim();
  if (specifier !== '' && !/^[<>=!~]/.test(specifier)) return undefined;
  return { name: nameMatch[1], extras, specifier, ...(marker ? { marker } : {}) };
}

/** The exact version a specifier pins (`==1.2.3`, `===1.2.3`), or undefined for a range or wildcard. */
export function pinnedVersion(specifier: string): string | undefined {
  const match = /^\s*===?\s*([^\s,;*]+)\s*$/.exec(specifier);
  return match?.[1];
}

interface Pep440 {
  epoch: number;
  release: number[];
  /** [rank, number]: a=0, b=1, rc=2; absent = final. */
  pre?: [number, number];
  post?: number;
  dev?: number;
  local: string;
}

const PEP440 =
  /^v?(?:(\d+)!)?(\d+(?:\.\d+)*)(?:[-_.]?(a|alpha|b|beta|c|rc|pre|preview)[-_.]?(\d*))?(?:-(\d+)|[-_.]?(?:post|rev|r)[-_.]?(\d*))?(?:[-_.]?dev[-_.]?(\d*))?(?:\+([a-z0-9._-]+))?$/i;

function parsePep440(version: string): Pep440 | undefined {
  const match = PEP440.exec(version.trim());
  if (!match) return undefined;
  const preTag = match[3]?.toLowerCase();
  const preRank = preTag === undefined ? undefined : preTag.startsWith('a') ? 0 : preTag.startsWith('b') ? 1 : 2;
  const postText = match[5] ?? match[6];
  return {
    epoch: Number(match[1] ?? 0),
    release: (match[2] ?? '0').split('.').map(Number),
    ...(preRank !== undefined ? { pre: [preRank, Number(match[4] || 0)] as [number, number] } : {}),
    ...(postText !== undefined ? { post: Number(postText || 0) } : {}),
    ...(match[7] !== undefined ? { dev: Number(match[7] || 0) } : {}),
    local: match[8] ?? '',
  };
}

/**
 * PEP 440 order: epoch, release (trailing zeros ignored), then dev < pre < final < post.
 * Versions that are not PEP 440 fall back to a numeric-aware text order.
 */
export function comparePythonVersions(a: string, b: string): number {
  const x = parsePep440(a);
  const y = parsePep440(b);
  if (!x || !y) return a.localeCompare(b, 'en', { numeric: true });
  if (x.epoch !== y.epoch) return x.epoch - y.epoch;
  const length = Math.max(x.release.length, y.release.length);
  for (let i = 0; i < length; i++) {
    const diff = (x.release[i] ?? 0) - (y.release[i] ?? 0);
    if (diff !== 0) return diff;
  }
  const keyOf = (v: Pep440): number[] => [
    // A bare dev release (1.0.dev1) sorts before every pre-release of 1.0.
    v.pre ? v.pre[0] : v.dev !== undefined && v.post === undefined ? -1 : 3,
    v.pre ? v.pre[1] : 0,
    v.post === undefined ? -1 : v.post,
    v.dev === undefined ? Infinity : v.dev,
  ];
  const kx = keyOf(x);
  const ky = keyOf(y);
  for (let i = 0; i < kx.length; i++) {
    const left = kx[i] ?? 0;
    const right = ky[i] ?? 0;
    if (left !== right) return left < right ? -1 : 1;
  }
  return x.local.localeCompare(y.local, 'en', { numeric: true });
}

/** A plain object (TOML table / JSON object), or undefined. */
export function asTable(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)
    ? (value as Record<string, unknown>)
    : undefined;
}

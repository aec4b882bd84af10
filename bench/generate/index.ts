/**
 * Every format the engine reads (src/ecosystems/registry.ts), with its generator, and the on-disk
 * cache of generated cases: a case is written once per (format, size, seed, generator code) and
 * read back by the child processes that measure it.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GeneratedFile } from './graph.js';
import { bunLock, npmV1, npmV3, pnpmV6, pnpmV9, yarnBerry, yarnClassic } from './js.js';
import { gradleLockfile, nugetLock, pomXml } from './jvm-dotnet.js';
import { cargoLock, composerLock, gemfileLock, goMod, workflow } from './others.js';
import { pipfileLock, poetryLock, requirementsTxt, uvLock } from './python.js';

export type { GeneratedFile } from './graph.js';

export interface Format {
  id: string;
  /** The ecosystem id that reads it. */
  ecosystem: string;
  /** The file measured (the others are its companion manifests). */
  lockfile: string;
  /** The files whose bytes count, when the format is several files (workflows); default: `lockfile` alone. */
  measures?: (path: string) => boolean;
  generate(targetBytes: number, seed: number): GeneratedFile[];
}

export const FORMATS: readonly Format[] = [
  { id: 'npm-v1', ecosystem: 'npm', lockfile: 'package-lock.json', generate: npmV1 },
  { id: 'npm-v3', ecosystem: 'npm', lockfile: 'package-lock.json', generate: npmV3 },
  { id: 'pnpm-v6', ecosystem: 'pnpm', lockfile: 'pnpm-lock.yaml', generate: pnpmV6 },
  { id: 'pnpm-v9', ecosystem: 'pnpm', lockfile: 'pnpm-lock.yaml', generate: pnpmV9 },
  { id: 'yarn-classic', ecosystem: 'yarn', lockfile: 'yarn.lock', generate: yarnClassic },
  { id: 'yarn-berry', ecosystem: 'yarn', lockfile: 'yarn.lock', generate: yarnBerry },
  { id: 'bun', ecosystem: 'bun', lockfile: 'bun.lock', generate: bunLock },
  { id: 'go-mod', ecosystem: 'go', lockfile: 'go.mod', generate: goMod },
  { id: 'composer', ecosystem: 'composer', lockfile: 'composer.lock', generate: composerLock },
  { id: 'gemfile-lock', ecosystem: 'rubygems', lockfile: 'Gemfile.lock', generate: gemfileLock },
  { id: 'maven-pom', ecosystem: 'maven', lockfile: 'pom.xml', generate: pomXml },
  { id: 'gradle-lockfile', ecosystem: 'gradle', lockfile: 'gradle.lockfile', generate: gradleLockfile },
  { id: 'nuget', ecosystem: 'nuget', lockfile: 'packages.lock.json', generate: nugetLock },
  { id: 'actions-workflow', ecosystem: 'github-actions', lockfile: '.github/workflows/ci.yml', measures: (path) => path.startsWith('.github/workflows/'), generate: workflow },
  { id: 'requirements-txt', ecosystem: 'pip', lockfile: 'requirements.txt', generate: requirementsTxt },
  { id: 'poetry', ecosystem: 'poetry', lockfile: 'poetry.lock', generate: poetryLock },
  { id: 'pipenv', ecosystem: 'pipenv', lockfile: 'Pipfile.lock', generate: pipfileLock },
  { id: 'uv', ecosystem: 'uv', lockfile: 'uv.lock', generate: uvLock },
  { id: 'cargo', ecosystem: 'cargo', lockfile: 'Cargo.lock', generate: cargoLock },
];

/** A case on disk: its files by repository path, and where each one is. */
export interface CaseFiles {
  dir: string;
  files: { path: string; file: string }[];
  /** Size of the measured file. */
  bytes: number;
}

let codeHash: string | undefined;

/**
 * A hash of the generators' own code, so a changed generator never reuses stale files (hostile.ts
 * is left out: its small files are written anew on every run).
 */
function generatorHash(): string {
  if (codeHash) return codeHash;
  const here = dirname(fileURLToPath(import.meta.url));
  const hash = createHash('sha256');
  const sources = readdirSync(here).filter((file) => /\.(js|ts)$/.test(file) && !file.startsWith('hostile.'));
  for (const name of sources.sort()) hash.update(readFileSync(join(here, name)));
  codeHash = hash.digest('hex').slice(0, 12);
  return codeHash;
}

export function cacheRoot(): string {
  return process.env.BENCH_CACHE ?? join(tmpdir(), 'ospo-gatekeeper-bench');
}

export function writeCase(dir: string, files: readonly GeneratedFile[], measured: string | ((path: string) => boolean)): CaseFiles {
  const staging = `${dir}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  for (const file of files) {
    mkdirSync(dirname(join(staging, file.path)), { recursive: true });
    writeFileSync(join(staging, file.path), file.content);
  }
  rmSync(dir, { recursive: true, force: true });
  renameSync(staging, dir);
  return readCase(dir, files.map((file) => file.path), measured);
}

function readCase(dir: string, paths: readonly string[], measured: string | ((path: string) => boolean)): CaseFiles {
  const files = paths.map((path) => ({ path, file: join(dir, path) }));
  const counts = typeof measured === 'string' ? (path: string) => path === measured : measured;
  const bytes = paths.filter(counts).reduce((total, path) => total + readFileSync(join(dir, path)).length, 0);
  return { dir, files, bytes };
}

/** The files of `format` at `targetBytes`, generated now or found in the cache. */
export function materialize(format: Format, targetBytes: number, seed: number): CaseFiles {
  const dir = join(cacheRoot(), generatorHash(), `${format.id}-${targetBytes}-${seed}`);
  const index = join(dir, '.files.json');
  const measured = format.measures ?? format.lockfile;
  if (existsSync(index)) return readCase(dir, JSON.parse(readFileSync(index, 'utf8')) as string[], measured);
  const files = format.generate(targetBytes, seed);
  const written = writeCase(dir, files, measured);
  writeFileSync(index, JSON.stringify(files.map((file) => file.path)));
  return written;
}

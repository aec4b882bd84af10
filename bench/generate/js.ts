/**
 * JavaScript lockfiles, shaped like the corpus's (npm v1 and v3, pnpm v6 and v9, yarn classic and
 * berry, bun.lock), each with the package.json it locks.
 */
import { makeGraph, sized, type GeneratedFile, type Graph, type Pkg } from './graph.js';
import { NameSource, Rng, semverOf, sha512 } from './random.js';

function npmGraph(count: number, seed: number): { graph: Graph; rng: Rng } {
  const rng = new Rng(seed);
  const names = new NameSource(rng);
  return { graph: makeGraph(count, rng, { name: () => names.npm(), version: (major) => semverOf(rng, major), duplicates: 0.08 }), rng };
}

const at = (graph: Graph, index: number): Pkg => graph.packages[index] as Pkg;

function ranges(graph: Graph, indexes: readonly number[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const index of indexes) out[at(graph, index).name] = `^${at(graph, index).version}`;
  return out;
}

function packageJson(graph: Graph): GeneratedFile {
  const manifest = { name: 'bench-app', version: '1.0.0', private: true, dependencies: ranges(graph, graph.direct), devDependencies: ranges(graph, graph.directDev) };
  return { path: 'package.json', content: `${JSON.stringify(manifest, null, 2)}\n` };
}

function tarball(pkg: Pkg): string {
  const bare = pkg.name.slice(pkg.name.lastIndexOf('/') + 1);
  return `https://registry.npmjs.org/${pkg.name}/-/${bare}-${pkg.version}.tgz`;
}

/** Where npm installs a package: hoisted, or a second version nested under its one dependent. */
function installPath(graph: Graph, pkg: Pkg): string {
  return pkg.parent === undefined ? `node_modules/${pkg.name}` : `node_modules/${at(graph, pkg.parent).name}/node_modules/${pkg.name}`;
}

function byPath(graph: Graph): { path: string; pkg: Pkg }[] {
  return graph.packages.map((pkg) => ({ path: installPath(graph, pkg), pkg })).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export function npmV3(targetBytes: number, seed: number): GeneratedFile[] {
  return sized(targetBytes, (count) => {
    const { graph, rng } = npmGraph(count, seed);
    const packages: Record<string, unknown> = {
      '': { name: 'bench-app', version: '1.0.0', license: 'MIT', dependencies: ranges(graph, graph.direct), devDependencies: ranges(graph, graph.directDev) },
    };
    for (const { path, pkg } of byPath(graph)) {
      packages[path] = {
        version: pkg.version,
        resolved: tarball(pkg),
        integrity: sha512(rng),
        ...(pkg.dev ? { dev: true } : {}),
        license: pkg.license,
        ...(pkg.deps.length > 0 ? { dependencies: ranges(graph, pkg.deps) } : {}),
        ...(rng.chance(0.3) ? { engines: { node: `>=${rng.int(8, 20)}` } } : {}),
      };
    }
    const lock = { name: 'bench-app', version: '1.0.0', lockfileVersion: 3, requires: true, packages };
    return [{ path: 'package-lock.json', content: `${JSON.stringify(lock, null, 2)}\n` }, packageJson(graph)];
  }, 'package-lock.json');
}

export function npmV1(targetBytes: number, seed: number): GeneratedFile[] {
  return sized(targetBytes, (count) => {
    const { graph, rng } = npmGraph(count, seed);
    const entry = (pkg: Pkg): Record<string, unknown> => ({
      version: pkg.version,
      resolved: tarball(pkg),
      integrity: sha512(rng),
      ...(pkg.dev ? { dev: true } : {}),
      ...(pkg.deps.length > 0 ? { requires: ranges(graph, pkg.deps) } : {}),
    });
    const nested = new Map<number, Pkg[]>();
    for (const pkg of graph.packages) if (pkg.parent !== undefined) nested.set(pkg.parent, [...(nested.get(pkg.parent) ?? []), pkg]);
    const dependencies: Record<string, unknown> = {};
    for (const pkg of [...graph.packages].filter((p) => p.parent === undefined).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const inner = nested.get(pkg.index);
      dependencies[pkg.name] = { ...entry(pkg), ...(inner ? { dependencies: Object.fromEntries(inner.map((child) => [child.name, entry(child)])) } : {}) };
    }
    const lock = { name: 'bench-app', version: '1.0.0', lockfileVersion: 1, requires: true, dependencies };
    return [{ path: 'package-lock.json', content: `${JSON.stringify(lock, null, 2)}\n` }, packageJson(graph)];
  }, 'package-lock.json');
}

const yamlKey = (key: string): string => (/^[a-z0-9]/.test(key) && !/[:#{}[\],&*!|>'"%@`]/.test(key) ? key : `'${key}'`);

/** pnpm's reference to a package: the version, with a peer suffix for the few that have one. */
function pnpmRefs(graph: Graph, rng: Rng): string[] {
  const peer = at(graph, 0);
  return graph.packages.map((pkg) => (pkg.index > 0 && pkg.duplicateOf === undefined && rng.chance(0.02) ? `${pkg.version}(${peer.name}@${peer.version})` : pkg.version));
}

function pnpmImporter(graph: Graph, refs: readonly string[], indent: string): string[] {
  const lines: string[] = [];
  for (const [field, list] of [['dependencies', graph.direct], ['devDependencies', graph.directDev]] as const) {
    lines.push(`${indent}${field}:`);
    for (const index of list) {
      const pkg = at(graph, index);
      lines.push(`${indent}  ${yamlKey(pkg.name)}:`, `${indent}    specifier: ^${pkg.version}`, `${indent}    version: ${refs[index]}`);
    }
    lines.push('');
  }
  return lines;
}

export function pnpmV6(targetBytes: number, seed: number): GeneratedFile[] {
  return sized(targetBytes, (count) => {
    const { graph, rng } = npmGraph(count, seed);
    const refs = pnpmRefs(graph, rng);
    const lines = ["lockfileVersion: '6.0'", '', 'settings:', '  autoInstallPeers: true', '  excludeLinksFromLockfile: false', ''];
    lines.push(...pnpmImporter(graph, refs, ''), 'packages:', '');
    const sorted = [...graph.packages].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const pkg of sorted) {
      lines.push(`  ${yamlKey(`/${pkg.name}@${refs[pkg.index]}`)}:`, `    resolution: {integrity: ${sha512(rng)}}`);
      if (rng.chance(0.3)) lines.push(`    engines: {node: '>=${rng.int(8, 20)}'}`);
      if (pkg.deps.length > 0) {
        lines.push('    dependencies:');
        for (const dep of pkg.deps) lines.push(`      ${yamlKey(at(graph, dep).name)}: ${refs[dep]}`);
      }
      lines.push(`    dev: ${pkg.dev}`, '');
    }
    return [{ path: 'pnpm-lock.yaml', content: lines.join('\n') }, packageJson(graph)];
  }, 'pnpm-lock.yaml');
}

export function pnpmV9(targetBytes: number, seed: number): GeneratedFile[] {
  return sized(targetBytes, (count) => {
    const { graph, rng } = npmGraph(count, seed);
    const refs = pnpmRefs(graph, rng);
    const lines = ["lockfileVersion: '9.0'", '', 'settings:', '  autoInstallPeers: true', '  excludeLinksFromLockfile: false', '', 'importers:', '', '  .:'];
    lines.push(...pnpmImporter(graph, refs, '    '), 'packages:', '');
    const sorted = [...graph.packages].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const pkg of sorted) {
      lines.push(`  '${pkg.name}@${pkg.version}':`, `    resolution: {integrity: ${sha512(rng)}}`);
      if (rng.chance(0.3)) lines.push(`    engines: {node: '>=${rng.int(8, 20)}'}`);
      lines.push('');
    }
    lines.push('snapshots:', '');
    for (const pkg of sorted) {
      const key = `  '${pkg.name}@${refs[pkg.index]}':`;
      if (pkg.deps.length === 0) lines.push(`${key} {}`, '');
      else lines.push(key, '    dependencies:', ...pkg.deps.map((dep) => `      ${yamlKey(at(graph, dep).name)}: ${refs[dep]}`), '');
    }
    return [{ path: 'pnpm-lock.yaml', content: lines.join('\n') }, packageJson(graph)];
  }, 'pnpm-lock.yaml');
}

const quoted = (name: string): string => (name.startsWith('@') ? `"${name}"` : name);

export function yarnClassic(targetBytes: number, seed: number): GeneratedFile[] {
  return sized(targetBytes, (count) => {
    const { graph, rng } = npmGraph(count, seed);
    const lines = ['# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.', '# yarn lockfile v1', '', ''];
    const sorted = [...graph.packages].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const pkg of sorted) {
      const key = `${pkg.name}@^${pkg.version}`;
      lines.push(`${key.startsWith('@') ? `"${key}"` : key}:`, `  version "${pkg.version}"`);
      lines.push(`  resolved "${tarball(pkg).replace('registry.npmjs.org', 'registry.yarnpkg.com')}#${rng.hex(40)}"`, `  integrity ${sha512(rng)}`);
      if (pkg.deps.length > 0) {
        lines.push('  dependencies:');
        for (const dep of pkg.deps) lines.push(`    ${quoted(at(graph, dep).name)} "^${at(graph, dep).version}"`);
      }
      lines.push('');
    }
    return [{ path: 'yarn.lock', content: lines.join('\n') }, packageJson(graph)];
  }, 'yarn.lock');
}

export function yarnBerry(targetBytes: number, seed: number): GeneratedFile[] {
  return sized(targetBytes, (count) => {
    const { graph, rng } = npmGraph(count, seed);
    const lines = ['# This file is generated by running "yarn install" inside your project.', '# Manual changes might be lost - proceed with caution!', '', '__metadata:', '  version: 8', '  cacheKey: 10', ''];
    const deps = (indexes: readonly number[]) => indexes.map((dep) => `    ${quoted(at(graph, dep).name)}: "npm:^${at(graph, dep).version}"`);
    const entries: { key: string; body: string[] }[] = graph.packages.map((pkg) => ({
      key: `${pkg.name}@npm:^${pkg.version}`,
      body: [
        `  version: ${pkg.version}`,
        `  resolution: "${pkg.name}@npm:${pkg.version}"`,
        ...(pkg.deps.length > 0 ? ['  dependencies:', ...deps(pkg.deps)] : []),
        `  checksum: 10/${rng.hex(128)}`,
        '  languageName: node',
        '  linkType: hard',
      ],
    }));
    const own = [...graph.direct, ...graph.directDev];
    entries.push({
      key: 'bench-app@workspace:.',
      body: ['  version: 0.0.0-use.local', '  resolution: "bench-app@workspace:."', '  dependencies:', ...deps(own), '  languageName: unknown', '  linkType: soft'],
    });
    entries.sort((a, b) => (a.key < b.key ? -1 : 1));
    for (const entry of entries) lines.push(`"${entry.key}":`, ...entry.body, '');
    return [{ path: 'yarn.lock', content: lines.join('\n') }, packageJson(graph)];
  }, 'yarn.lock');
}

export function bunLock(targetBytes: number, seed: number): GeneratedFile[] {
  return sized(targetBytes, (count) => {
    const { graph, rng } = npmGraph(count, seed);
    const block = (indexes: readonly number[]) => indexes.map((index) => `        ${JSON.stringify(at(graph, index).name)}: "^${at(graph, index).version}",`);
    const lines = ['{', '  "lockfileVersion": 1,', '  "workspaces": {', '    "": {', '      "name": "bench-app",'];
    lines.push('      "dependencies": {', ...block(graph.direct), '      },', '      "devDependencies": {', ...block(graph.directDev), '      },', '    },', '  },', '  "packages": {');
    for (const { pkg } of byPath(graph)) {
      // bun keys a nested copy by its dependents' names: `parent/name`.
      const key = pkg.parent === undefined ? pkg.name : `${at(graph, pkg.parent).name}/${pkg.name}`;
      const meta = pkg.deps.length > 0 ? `{ "dependencies": { ${pkg.deps.map((dep) => `${JSON.stringify(at(graph, dep).name)}: "^${at(graph, dep).version}"`).join(', ')} } }` : '{}';
      lines.push(`    ${JSON.stringify(key)}: [${JSON.stringify(`${pkg.name}@${pkg.version}`)}, "", ${meta}, "${sha512(rng)}"],`, '');
    }
    lines.push('  }', '}', '');
    return [{ path: 'bun.lock', content: lines.join('\n') }, packageJson(graph)];
  }, 'bun.lock');
}

#!/usr/bin/env python3
"""Reference for the JS corpus change sets, written apart from src/ (not run by jest).

Who depends on which version is read straight from the lockfiles in ../shared/corpus (json,
PyYAML, a small hand parser for yarn classic), resolving install paths the way node does; then
the pairing rule of src/deps/diff.ts is applied: a new version pairs with the base version (gone,
or still present) that lost most of the dependents it gained, then the nearest in version order;
leftover new and gone versions pair by nearest version; each version in at most one pair.

Usage: python3 test/deps/pairing-reference.py npm|pnpm|yarn|bun
Prints per corpus pair the change sets (as the corpus tests summarise them), then the dependents
behind every pair whose `from` the head still has.
"""
import json, os, re, sys, urllib.parse
from functools import cmp_to_key
import yaml

C = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', 'shared', 'corpus') + '/'

# ---------- semver order ----------
def semver_key(v):
    m = re.match(r'^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+.*)?$', v)
    if not m:
        return None
    return (int(m[1]), int(m[2]), int(m[3]), m[4])

def cmp_ver(a, b):
    ka, kb = semver_key(a), semver_key(b)
    if ka is None or kb is None:
        return (a > b) - (a < b)
    if ka[:3] != kb[:3]:
        return (ka[:3] > kb[:3]) - (ka[:3] < kb[:3])
    pa, pb = ka[3], kb[3]
    if pa == pb: return 0
    if pa is None: return 1
    if pb is None: return -1
    xa, xb = pa.split('.'), pb.split('.')
    for x, y in zip(xa, xb):
        if x == y: continue
        if x.isdigit() and y.isdigit(): return (int(x) > int(y)) - (int(x) < int(y))
        if x.isdigit(): return -1
        if y.isdigit(): return 1
        return (x > y) - (x < y)
    return (len(xa) > len(xb)) - (len(xa) < len(xb))

# ---------- pairing rule (from the brief) ----------
def pair(base, head):
    """base/head: name -> version -> set(dependents). Returns summary lists and evidence."""
    out = {'added': [], 'removed': [], 'upgraded': [], 'downgraded': []}
    evidence = []
    for name in sorted(set(base) | set(head)):
        b, h = base.get(name, {}), head.get(name, {})
        fresh = [v for v in h if v not in b]
        gone = [v for v in b if v not in h]
        if not fresh and not gone: continue
        allv = sorted(set(b) | set(h), key=cmp_to_key(lambda x, y: cmp_ver(x, y) or ((x > y) - (x < y))))
        rank = {v: i for i, v in enumerate(allv)}
        dist = lambda r, n: abs(rank[r] - rank[n])
        cands = []
        for n in fresh:
            for r in b:
                lost = b[r] - h.get(r, set())
                ov = len(lost & h[n])
                if ov: cands.append((-ov, dist(r, n), rank[r], rank[n], r, n))
        pairs, used = {}, set()
        for c in sorted(cands):
            if c[5] in pairs or c[4] in used: continue
            pairs[c[5]] = c[4]; used.add(c[4])
        cands = [(dist(r, n), rank[r], rank[n], r, n) for n in fresh if n not in pairs for r in gone if r not in used]
        for c in sorted(cands):
            if c[4] in pairs or c[3] in used: continue
            pairs[c[4]] = c[3]; used.add(c[3])
        for n in fresh:
            if n in pairs:
                r = pairs[n]
                kind = 'downgraded' if cmp_ver(n, r) < 0 else 'upgraded'
                out[kind].append(f'{name}@{r}->{n}')
                if r in h:
                    evidence.append(f'{name}: {r} base by {sorted(b[r])} head by {sorted(h.get(r, set())) if r in h else "(gone)"}; {n} head by {sorted(h[n])}')
            else:
                out['added'].append(f'{name}@{n}')
        for r in gone:
            if r not in used: out['removed'].append(f'{name}@{r}')
    for k in out: out[k].sort()
    return out, evidence

def add(graph, name, version, dependent):
    graph.setdefault(name, {}).setdefault(version, set())
    if dependent is not None: graph[name][version].add(dependent)

# ---------- npm ----------
def ws(folder):
    return 'workspace:' + (folder if folder not in ('', '.') else '.')

def npm_packages(lock):
    pk = lock['packages']
    graph = {}
    def name_of(key, e): return e.get('name') or key.rsplit('node_modules/', 1)[1]
    def resolve(frm, dep):
        # node: every ancestor directory's node_modules, nearest first (not inside node_modules/@scope themselves)
        parts = frm.split('/') if frm else []
        for i in range(len(parts), -1, -1):
            d = parts[:i]
            if d and (d[-1] == 'node_modules' or (d[-1].startswith('@') and len(d) > 1 and d[-2] == 'node_modules')): continue
            cand = '/'.join(d + ['node_modules', dep])
            if cand in pk: return cand
        return None
    dependents = {}
    for key, e in pk.items():
        if e.get('link'): continue
        importer = 'node_modules/' not in key
        label = ws(key) if importer else name_of(key, e)
        fields = ['dependencies', 'optionalDependencies', 'peerDependencies'] + (['devDependencies'] if importer else [])
        for f in fields:
            for dep in (e.get(f) or {}):
                t = resolve(key, dep)
                if t: dependents.setdefault(t, set()).add(label)
    for key, e in pk.items():
        if 'node_modules/' not in key or e.get('link') or not isinstance(e.get('version'), str): continue
        n, v = name_of(key, e), e['version']
        add(graph, n, v, None)
        graph[n][v] |= dependents.get(key, set())
    return graph

def npm_v1(lock, pkgjson):
    graph = {}
    top = lock.get('dependencies', {})
    def real(name, e):
        m = re.match(r'^npm:((?:@[^/]+/)?[^@]+)@(.+)$', e.get('version', ''))
        return (m[1], m[2]) if m else (name, e.get('version'))
    def resolve(chain, dep):
        for level in reversed(chain):
            if dep in level: return level[dep]
        return None
    deps_of = {}
    def mark(entry, label): deps_of.setdefault(id(entry), set()).add(label)
    for f in ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies']:
        for dep in (pkgjson.get(f) or {}):
            t = resolve([top], dep)
            if t is not None: mark(t, 'workspace:.')
    def walk(chain):
        for name, e in chain[-1].items():
            inner = chain + [e['dependencies']] if 'dependencies' in e else chain
            for dep in (e.get('requires') or {}) if isinstance(e.get('requires'), dict) else {}:
                t = resolve(inner, dep)
                if t is not None: mark(t, real(name, e)[0])
            if 'dependencies' in e: walk(inner)
    walk([top])
    def collect(level):
        for name, e in level.items():
            v = e.get('version')
            if isinstance(v, str) and not re.match(r'^(file|link):', v):
                n, ver = real(name, e)
                add(graph, n, ver, None)
                graph[n][ver] |= deps_of.get(id(e), set())
            if 'dependencies' in e: collect(e['dependencies'])
    collect(top)
    return graph

def npm_side(slug, side, file):
    lock = json.load(open(f'{C}npm/{slug}/{side}/{file}'))
    if lock['lockfileVersion'] == 1:
        return npm_v1(lock, json.load(open(f'{C}npm/{slug}/{side}/package.json')))
    return npm_packages(lock)

# ---------- pnpm ----------
def pnpm_side(slug, side):
    lock = yaml.load(open(f'{C}pnpm/{slug}/{side}/pnpm-lock.yaml'), Loader=yaml.BaseLoader)
    gen = lock['lockfileVersion']
    gen = 9 if gen.startswith('9') else 6 if gen.startswith('6') else 5
    pk = lock.get('packages') or {}
    def parse_key(key):
        e = pk.get(key) or {}
        if 'name' in e and 'version' in e: return e['name'], e['version']
        if gen == 5:
            m = re.match(r'^/((?:@[^/]+/)?[^/]+)/([^_/]+)', key)
        elif gen == 6:
            m = re.match(r'^/((?:@[^/]+/)?[^@/]+)@([^(]+)', key)
        else:
            m = re.match(r'^((?:@[^/]+/)?[^@/]+)@([^(]+)', key)
        if not m: return None
        if ':' in m[2] or '/' in m[2]: return (e.get('name') or m[1], e.get('version')) if e.get('version') else None
        return m[1], m[2]
    def pkgkey(node): return re.sub(r'\(.*$', '', node) if gen == 9 else node
    def ref(name, r):
        if r.startswith('link:'): return None
        if gen == 9:
            m = re.match(r'^((?:@[^/]+/)?[^@/(:]+)@', r)
            return r if m and not r.startswith('file:') else f'{name}@{r}'
        if gen == 6:
            return r if r.startswith('/') or r.startswith('file:') else f'/{name}@{r}'
        return r if '/' in r else f'/{name}/{r}'
    dependents = {}
    importers = lock.get('importers') or {'.': lock}
    for path, imp in importers.items():
        for f in ['dependencies', 'optionalDependencies', 'devDependencies']:
            for name, spec in (imp.get(f) or {}).items():
                r = spec if isinstance(spec, str) else spec.get('version')
                k = ref(name, r)
                if k: dependents.setdefault(pkgkey(k), set()).add(ws(path))
    graph_section = lock.get('snapshots') if gen == 9 else pk
    for node, e in (graph_section or {}).items():
        frm = parse_key(pkgkey(node)) or ((pk.get(pkgkey(node)) or {}).get('name'), None)
        label = frm[0] if frm else None
        if not isinstance(e, dict): continue
        for f in ['dependencies', 'optionalDependencies']:
            for name, r in (e.get(f) or {}).items():
                k = ref(name, r)
                if k and label: dependents.setdefault(pkgkey(k), set()).add(label)
    graph = {}
    for key, e in pk.items():
        if key.startswith('file:') or re.match(r'^(?:@[^/]+/)?[^@/]+@(file|link|workspace):', key): continue
        if isinstance(e, dict) and isinstance(e.get('resolution'), dict) and 'directory' in e['resolution']: continue
        nv = parse_key(key)
        if not nv or nv[1] is None: continue
        add(graph, nv[0], nv[1], None)
        graph[nv[0]][nv[1]] |= dependents.get(key, set())
    return graph

# ---------- bun ----------
def bun_side(side):
    text = open(f'{C}bun/honojs-hono/{side}/bun.lock').read()
    lock = json.loads(re.sub(r',(\s*[}\]])', r'\1', text))
    pk = lock['packages']
    def names(path):
        seg, out, i = path.split('/'), [], 0
        while i < len(seg):
            if seg[i].startswith('@') and i + 1 < len(seg): out.append(seg[i] + '/' + seg[i + 1]); i += 2
            else: out.append(seg[i]); i += 1
        return out
    def resolve(frm, dep):
        p = names(frm) if frm else []
        for d in range(len(p), -1, -1):
            cand = '/'.join(p[:d] + [dep])
            if cand in pk: return cand
        return None
    dependents = {}
    for folder, w in lock['workspaces'].items():
        frm = '' if folder == '' else w.get('name', '')
        for f in ['dependencies', 'optionalDependencies', 'peerDependencies', 'devDependencies']:
            for dep in (w.get(f) or {}):
                t = resolve(frm, dep)
                if t: dependents.setdefault(t, set()).add(ws(folder))
    for key, v in pk.items():
        info = next((x for x in v if isinstance(x, dict)), {})
        opt = set(info.get('optionalPeers') or [])
        reqs = list(info.get('dependencies') or {}) + list(info.get('optionalDependencies') or {}) + [p for p in (info.get('peerDependencies') or {}) if p not in opt]
        label = v[0][:v[0].index('@', 1)]
        for dep in reqs:
            t = resolve(key, dep)
            if t: dependents.setdefault(t, set()).add(label)
    graph = {}
    for key, v in pk.items():
        n, ver = v[0][:v[0].index('@', 1)], v[0][v[0].index('@', 1) + 1:]
        if re.match(r'^(workspace|link|file|root):', ver) or ':' in ver or '/' in ver: continue
        add(graph, n, ver, None)
        graph[n][ver] |= dependents.get(key, set())
    return graph

# ---------- yarn ----------
def split_desc(d):
    i = d.index('@', 1) if '@' in d[1:] else len(d)
    return d[:i], d[i + 1:]

def yarn_classic_entries(text):
    entries = []
    cur = None
    section = None
    for line in text.split('\n'):
        if not line.strip() or line.startswith('#'): continue
        if not line.startswith(' '):
            descs = [d.strip().strip('"') for d in line.rstrip(':').split(',')]
            cur = {'descs': descs, 'version': None, 'deps': {}}
            entries.append(cur); section = None
        elif line.startswith('    ') and section:
            m = re.match(r'^\s+"?([^"\s]+)"?\s+"?([^"]*)"?$', line)
            cur['deps'][m[1]] = m[2]
        else:
            m = re.match(r'^  (\S+)\s*(.*)$', line)
            if m[1] in ('dependencies:', 'optionalDependencies:'): section = m[1]
            else:
                section = None
                if m[1] == 'version': cur['version'] = m[2].strip('"')
    for e in entries:
        n, r = split_desc(e['descs'][0])
        am = re.match(r'^npm:((?:@[^/]+/)?[^@]+)@', r)
        e['name'] = am[1] if am else n
        e['local'] = bool(re.match(r'^(file|link|workspace|portal|exec):', r))
        e['workspace'] = None
    return entries

def yarn_berry_entries(text):
    data = yaml.load(text, Loader=yaml.BaseLoader)
    entries = []
    for key, v in data.items():
        if key == '__metadata': continue
        res = v.get('resolution', '')
        n, r = split_desc(res)
        e = {'descs': [d.strip() for d in key.split(',')], 'deps': {}, 'workspace': None}
        while r.startswith('patch:'):
            inner = urllib.parse.unquote(r[len('patch:'):].split('#')[0])
            n, r = split_desc(inner)
        e['name'] = n
        e['local'] = not r.startswith('npm:')
        e['version'] = r[4:].split('::')[0] if r.startswith('npm:') else v.get('version')
        if r.startswith('workspace:'): e['workspace'] = r[len('workspace:'):]
        for f in ['dependencies', 'optionalDependencies']:
            e['deps'].update(v.get(f) or {})
        entries.append(e)
    return entries

def yarn_side(slug, side):
    text = open(f'{C}yarn/{slug}/{side}/yarn.lock').read()
    berry = '__metadata:' in text
    entries = yarn_berry_entries(text) if berry else yarn_classic_entries(text)
    by_desc = {}
    for e in entries:
        for d in e['descs']: by_desc[d] = e
    by_name = {}
    for e in entries:
        if e['workspace'] is None:
            for d in e['descs']: by_name.setdefault(split_desc(d)[0], []).append(e)
    patched = {}
    for e in entries:
        for d in e['descs']:
            n, r = split_desc(d)
            if r.startswith('patch:'): patched.setdefault(urllib.parse.unquote(r[6:].split('#')[0]), []).append(e)
    def lookup(name, rng):
        d = f'{name}@{rng}'
        e = by_desc.get(d)
        if e is None and berry:
            d = f'{name}@npm:{rng}'; e = by_desc.get(d)
        if e is None: return list({id(x): x for x in by_name.get(name, [])}.values())
        if e['workspace'] is not None: return []
        return [e] + patched.get(d, [])
    dependents = {}
    pj = json.load(open(f'{C}yarn/{slug}/{side}/package.json'))
    for f in ['dependencies', 'optionalDependencies', 'peerDependencies', 'devDependencies']:
        for name, rng in (pj.get(f) or {}).items():
            for t in lookup(name, rng): dependents.setdefault(id(t), set()).add('workspace:.')
    for e in entries:
        label = ws(e['workspace']) if e['workspace'] is not None else e['name']
        for name, rng in e['deps'].items():
            for t in lookup(name, rng): dependents.setdefault(id(t), set()).add(label)
    graph = {}
    for e in entries:
        if e['local'] or not e['version']: continue
        add(graph, e['name'], e['version'], None)
        graph[e['name']][e['version']] |= dependents.get(id(e), set())
    return graph

if __name__ == '__main__':
    which = sys.argv[1]
    if which == 'npm':
        for slug, f in [('mochajs-mocha-lockv1', 'package-lock.json'), ('axios-axios-lockv2', 'package-lock.json'),
                        ('aws-aws-toolkit-vscode-lockv3', 'package-lock.json'), ('firebase-firebase-tools-shrinkwrap', 'npm-shrinkwrap.json')]:
            out, ev = pair(npm_side(slug, 'base', f), npm_side(slug, 'head', f))
            print('==', slug); print(json.dumps(out)); print('\n'.join(ev))
    elif which == 'pnpm':
        for slug in ['vitejs-vite-lockv5', 'vitejs-vite-lockv6', 'vitejs-vite-lockv9']:
            out, ev = pair(pnpm_side(slug, 'base'), pnpm_side(slug, 'head'))
            print('==', slug); print(json.dumps(out)); print('\n'.join(ev))
    elif which == 'bun':
        out, ev = pair(bun_side('base'), bun_side('head'))
        print('== honojs-hono'); print(json.dumps(out)); print('\n'.join(ev))
    elif which == 'yarn':
        for slug in ['webpack-webpack-classic', 'prettier-prettier-berry']:
            out, ev = pair(yarn_side(slug, 'base'), yarn_side(slug, 'head'))
            print('==', slug); print(json.dumps(out)); print('\n'.join(ev))

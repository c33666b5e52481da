// Builds the history benchmark's repository, deterministically: the same seed gives
// the same commits, trees and hashes on every machine. `git fast-import` writes it
// in a few seconds, where thousands of `git commit` calls would take minutes.
//
// The history is a small shop back end evolving over `commits` commits: TypeScript,
// Python, JSON and Kubernetes YAML edited in place (windows of lines replaced),
// files added, renamed and deleted, feature branches merged back into main. Into
// it go synthetic secrets, made here at run time (nothing token-shaped is written
// in this file), in the situations a history scan must get right:
//   - one secret re-added by several commits (one finding, its first commit, the count);
//   - one in a file later renamed, and edited under the new name (still one finding);
//   - one deleted again, one rotated (two findings);
//   - one that only a merge commit introduces.
// `planted` lists what a scan must report, by marks resolved to commit hashes.
//
// Usage: node bench/make-history-repo.mjs DIR [COMMITS]
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { devNull } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { base62, crc32 } from '../dist/patterns/checksum.js';
import { createRng, typicalCommit } from './generate.mjs';

export const DEFAULT_COMMITS = 5000;
const SEED = 20240601;
const START = 1_700_000_000;
const AUTHORS = [
  ['Ada Park', 'ada@shop.example'],
  ['Bo Lindqvist', 'bo@shop.example'],
  ['Chidi Okafor', 'chidi@shop.example'],
  ['Dana Weiss', 'dana@shop.example'],
  ['Emi Sato', 'emi@shop.example'],
];
const MAX_LINES = 400;

const gitEnv = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: devNull };

// Synthetic tokens: a GitHub classic PAT carries a CRC-32 of its body in base62
// (github.blog, 2021-04-05); none of these was ever issued.
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
function randomText(rng, alphabet, length) {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(rng.next() * alphabet.length)];
  return out;
}
function githubToken(rng) {
  const body = randomText(rng, BASE62, 30);
  return ['ghp', '_', body, base62(crc32(body), 6)].join('');
}
function awsKeyId(rng) {
  return ['AK', 'IA', randomText(rng, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)].join('');
}

/** Snippets by file kind, cut from the realistic files of `typicalCommit`. */
function snippetLibrary() {
  const library = { ts: [], py: [], json: [], yaml: [], md: [] };
  const files = [];
  for (let seed = 1; seed <= 24; seed++) {
    const commit = typicalCommit(seed);
    for (const file of [...commit.initial, ...commit.staged]) {
      const kind = kindOf(file.path);
      if (!kind) continue;
      library[kind].push(file.content.split('\n').filter((line, i, all) => i < all.length - 1 || line !== ''));
      files.push({ ...file, seed });
    }
  }
  return { library, files };
}

function kindOf(path) {
  if (path.endsWith('.ts')) return 'ts';
  if (path.endsWith('.py')) return 'py';
  if (path.endsWith('.json')) return 'json';
  if (path.endsWith('.yaml')) return 'yaml';
  if (path.endsWith('.md')) return 'md';
  return undefined;
}

export function makeHistoryRepo(target, commits = DEFAULT_COMMITS) {
  const dir = resolve(target);
  const rng = createRng(SEED);
  const { library, files: seedFiles } = snippetLibrary();
  const tree = new Map();
  const out = [];
  let mark = 0;
  let clock = START;
  const planted = [];
  /** Secrets waiting for their commit: index → edit. */
  const plans = new Map();

  const emitData = (text) => {
    out.push(`data ${Buffer.byteLength(text)}\n${text}\n`);
  };
  const fileText = (lines) => `${lines.join('\n')}\n`;
  const commit = ({ branch, from, merge, changes, message }) => {
    mark++;
    clock += 1800 + Math.floor(rng.next() * 7200);
    const [name, email] = AUTHORS[Math.floor(rng.next() * AUTHORS.length)];
    out.push(`commit refs/heads/${branch}\nmark :${mark}\n`);
    out.push(`author ${name} <${email}> ${clock} +0000\ncommitter ${name} <${email}> ${clock} +0000\n`);
    emitData(message);
    if (from) out.push(`from :${from}\n`);
    if (merge) out.push(`merge :${merge}\n`);
    for (const change of changes) {
      if (change.type === 'M') {
        out.push(`M 100644 inline ${change.path}\n`);
        emitData(fileText(change.lines));
      } else if (change.type === 'D') {
        out.push(`D ${change.path}\n`);
      } else {
        out.push(`R ${change.from} ${change.path}\n`);
      }
    }
    return mark;
  };
  const snippet = (kind, min, max) => {
    const source = rng.pick(library[kind]);
    const length = Math.min(source.length, min + Math.floor(rng.next() * (max - min + 1)));
    const start = Math.floor(rng.next() * Math.max(1, source.length - length));
    return source.slice(start, start + length);
  };
  /** Replaces a window of `lines` with new lines of the same kind; keeps files bounded. */
  const edit = (path) => {
    const lines = [...tree.get(path)];
    const kind = kindOf(path);
    const at = Math.floor(rng.next() * (lines.length + 1));
    const removed = Math.floor(rng.next() * 12);
    lines.splice(at, removed, ...snippet(kind, 4, 36));
    if (lines.length > MAX_LINES) lines.splice(Math.floor(rng.next() * (lines.length - 60)), 60);
    tree.set(path, lines);
    return { type: 'M', path, lines };
  };
  const yamlTweak = (path) => {
    const lines = tree.get(path).map((line) => {
      if (/^\s+replicas: \d+$/.test(line) && rng.next() < 0.7) return line.replace(/\d+$/, String(1 + Math.floor(rng.next() * 9)));
      if (/^\s+image: /.test(line) && rng.next() < 0.7) return line.replace(/:[^:]*$/, `:1.${Math.floor(rng.next() * 40)}.${Math.floor(rng.next() * 10)}`);
      if (/^\s+value: "\d+"$/.test(line) && rng.next() < 0.5) return line.replace(/\d+/, String(Math.floor(rng.next() * 1000)));
      return line;
    });
    lines.push(...snippet('yaml', 2, 8));
    tree.set(path, lines);
    return { type: 'M', path, lines };
  };
  const paths = (kind) => [...tree.keys()].filter((path) => !kind || kindOf(path) === kind).sort();

  // The first commit: a service per seed, under its own directory.
  const initial = [];
  for (const file of seedFiles.slice(0, 40)) {
    const path = `services/s${file.seed}/${file.path}`;
    if (tree.has(path)) continue;
    const lines = file.content.split('\n').slice(0, -1);
    tree.set(path, lines);
    initial.push({ type: 'M', path, lines });
  }
  let main = commit({ branch: 'main', changes: initial, message: 'Initial import of the shop services\n' });

  // Where the planted secrets go (by commit number), spread over the history.
  const at = (fraction) => Math.max(2, Math.floor(commits * fraction));
  const tokens = {
    repeated: githubToken(rng),
    renamed: githubToken(rng),
    deleted: githubToken(rng),
    rotatedOld: awsKeyId(rng),
    rotatedNew: awsKeyId(rng),
    merge: githubToken(rng),
    late: githubToken(rng),
  };
  const firstOf = (pattern) => paths().find((path) => pattern.test(path));
  const tsFile = firstOf(/^services\/s1\/src\/.*service\.ts$/);
  const yamlFile = firstOf(/^services\/s2\/deploy\/.*\.yaml$/);
  const pyFile = firstOf(/^services\/s3\/pricing\/.*\.py$/);
  const secretLine = (kind, name, value, note) =>
    kind === 'yaml' ? `            - name: ${name}\n              value: "${value}"` : kind === 'py' ? `${name} = "${value}"  # ${note}` : `const ${name} = '${value}'; // ${note}`;
  const insert = (path, line) => () => {
    const lines = [...(tree.get(path) ?? [])];
    lines.splice(Math.min(lines.length, 8), 0, ...line.split('\n'));
    tree.set(path, lines);
    return [{ type: 'M', path, lines }];
  };
  const replace = (path, find, line) => () => {
    const lines = tree.get(path).filter((l) => !l.includes(find));
    lines.splice(Math.min(lines.length, 8), 0, ...line.split('\n'));
    tree.set(path, lines);
    return [{ type: 'M', path, lines }];
  };
  const plant = (index, what, expect) => {
    plans.set(index, what);
    if (expect) planted.push({ ...expect, at: index });
  };
  plant(at(0.06), insert(tsFile, secretLine('ts', 'githubToken', tokens.repeated, 'ci bot')), { path: tsFile, commits: 3, rule: 'github-pat' });
  plant(at(0.24), replace(tsFile, tokens.repeated, secretLine('ts', 'githubToken', tokens.repeated, 'ci bot, read only')));
  plant(at(0.5), replace(tsFile, tokens.repeated, secretLine('ts', 'githubToken', tokens.repeated, 'ci bot (TODO rotate)')));
  plant(at(0.16), insert(yamlFile, secretLine('yaml', 'GITHUB_TOKEN', tokens.renamed, '')), { path: yamlFile, commits: 2, rule: 'github-pat' });
  const renamedTo = yamlFile.replace('/deploy/', '/deploy/k8s/');
  plant(at(0.3), () => {
    tree.set(renamedTo, tree.get(yamlFile));
    tree.delete(yamlFile);
    return [{ type: 'R', from: yamlFile, path: renamedTo }];
  });
  plant(at(0.32), () => {
    const lines = tree.get(renamedTo).map((line) => (line.includes(tokens.renamed) ? `${line} ` : line));
    tree.set(renamedTo, lines);
    return [{ type: 'M', path: renamedTo, lines }];
  });
  plant(at(0.4), insert(pyFile, secretLine('py', 'GITHUB_TOKEN', tokens.deleted, 'temporary')), { path: pyFile, commits: 1, rule: 'github-pat' });
  plant(at(0.42), replace(pyFile, tokens.deleted, 'GITHUB_TOKEN = os.environ["GITHUB_TOKEN"]'));
  plant(at(0.6), insert(pyFile, secretLine('py', 'AWS_ACCESS_KEY_ID', tokens.rotatedOld, 'uploads')), { path: pyFile, commits: 1, rule: 'aws-access-key-id' });
  plant(at(0.62), replace(pyFile, tokens.rotatedOld, secretLine('py', 'AWS_ACCESS_KEY_ID', tokens.rotatedNew, 'uploads, rotated')), {
    path: pyFile,
    commits: 1,
    rule: 'aws-access-key-id',
  });
  plant(at(0.9), insert(tsFile, secretLine('ts', 'releaseToken', tokens.late, 'release bot')), { path: tsFile, commits: 1, rule: 'github-pat' });
  const mergeSecretAt = at(0.7);

  // Feature branches: every 100 commits one starts from main; its commits (which
  // touch only its own directory) alternate with main's for 12 commits, then main
  // merges it.
  let branch;
  let featureCount = 0;
  for (let i = 1; i < commits; ) {
    if (!branch && i % 100 === 50 && i + 14 < commits) {
      featureCount++;
      branch = { name: `feature/f${featureCount}`, tip: main, dir: `features/f${featureCount}`, left: 12, files: new Map() };
    }
    if (branch && branch.left === 0 && !plans.has(i)) {
      const changes = [...branch.files].map(([path, lines]) => ({ type: 'M', path, lines }));
      let message = `Merge branch '${branch.name}'\n`;
      if (i >= mergeSecretAt && !planted.some((p) => p.merge)) {
        // Only this merge commit holds the line: it is in neither parent.
        const path = [...branch.files.keys()][0];
        const lines = [...branch.files.get(path)];
        lines.splice(3, 0, secretLine(kindOf(path) === 'py' ? 'py' : 'ts', 'deployToken', tokens.merge, 'merge fix'));
        const change = changes.find((c) => c.path === path);
        change.lines = lines;
        planted.push({ path, commits: 1, rule: 'github-pat', merge: true, at: i });
        message = `Merge branch '${branch.name}' (resolve conflicts)\n`;
      }
      for (const change of changes) tree.set(change.path, change.lines);
      main = commit({ branch: 'main', from: main, merge: branch.tip, changes, message });
      branch = undefined;
      i++;
      continue;
    }
    if (branch && branch.left > 0 && i % 2 === 1 && !plans.has(i)) {
      const kind = rng.pick(['ts', 'py']);
      const path = `${branch.dir}/${kind === 'ts' ? 'src/handler.ts' : 'jobs/report.py'}`;
      const lines = [...(branch.files.get(path) ?? []), ...snippet(kind, 10, 50)];
      branch.files.set(path, lines);
      branch.tip = commit({
        branch: branch.name,
        from: branch.tip,
        changes: [{ type: 'M', path, lines }],
        message: `${branch.name}: ${kind === 'ts' ? 'handler' : 'report job'} step ${13 - branch.left}\n`,
      });
      branch.left--;
      i++;
      continue;
    }
    let changes;
    let message;
    if (plans.has(i)) {
      changes = plans.get(i)();
      message = `Update ${changes[0].path.split('/').pop()}\n`;
    } else {
      const roll = rng.next();
      if (roll < 0.14) {
        const path = rng.pick(paths('yaml'));
        changes = [yamlTweak(path)];
        message = `Tune ${path.split('/').pop()}\n`;
      } else if (roll < 0.18) {
        const kind = rng.pick(['ts', 'py', 'json', 'yaml', 'md']);
        const source = rng.pick(library[kind]);
        const path = `services/s${1 + Math.floor(rng.next() * 30)}/extra/m${i}.${kind === 'yaml' ? 'yaml' : kind}`;
        tree.set(path, [...source]);
        changes = [{ type: 'M', path, lines: source }];
        message = `Add ${path.split('/').pop()}\n`;
      } else if (roll < 0.19) {
        const path = rng.pick(paths().filter((p) => p.includes('/extra/')));
        if (path) {
          const to = path.replace('/extra/', '/lib/');
          tree.set(to, tree.get(path));
          tree.delete(path);
          changes = [{ type: 'R', from: path, path: to }];
          message = `Move ${path.split('/').pop()} to lib\n`;
        }
      } else if (roll < 0.2) {
        const path = rng.pick(paths().filter((p) => p.includes('/lib/')));
        if (path && ![tsFile, pyFile, renamedTo, yamlFile].includes(path)) {
          tree.delete(path);
          changes = [{ type: 'D', path }];
          message = `Remove ${path.split('/').pop()}\n`;
        }
      }
      if (!changes) {
        const count = 1 + Math.floor(rng.next() * 3);
        const chosen = rng.sample(paths().filter((p) => kindOf(p) !== 'yaml' || rng.next() < 0.3), count);
        changes = chosen.map(edit);
        message = `Refactor ${chosen.map((p) => p.split('/').pop()).join(', ')}\n`;
      }
    }
    main = commit({ branch: 'main', from: main, changes, message });
    i++;
  }

  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const git = (args, input) => {
    const result = spawnSync('git', args, { cwd: dir, env: gitEnv, input, encoding: 'utf8', maxBuffer: 1 << 30 });
    if (result.status !== 0) throw new Error(`git ${args[0]} failed: ${result.stderr}`);
    return result.stdout;
  };
  git(['-c', 'init.defaultBranch=main', 'init', '--quiet']);
  const marks = join(dir, '.git', 'bench-marks');
  git(['fast-import', '--quiet', `--export-marks=${marks}`], out.join(''));
  git(['reset', '--quiet', '--hard', 'main']);
  const hashes = new Map(
    readFileSync(marks, 'utf8')
      .trim()
      .split('\n')
      .map((line) => line.split(' '))
      .map(([m, hash]) => [Number(m.slice(1)), hash]),
  );
  // Commit i (0 = the initial import) is mark i + 1 on main or on a branch.
  return {
    commits: mark,
    merges: featureCount,
    planted: planted.map((p) => ({ path: p.path, rule: p.rule, commits: p.commits, commit: hashes.get(p.at + 1), merge: p.merge === true })),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [dir, count] = process.argv.slice(2);
  if (!dir || dir.startsWith('-') || (count !== undefined && !(Number(count) > 0))) {
    console.error('usage: node bench/make-history-repo.mjs DIR [COMMITS]');
    process.exit(2);
  }
  console.log(JSON.stringify(makeHistoryRepo(dir, count ? Number(count) : DEFAULT_COMMITS), null, 2));
}

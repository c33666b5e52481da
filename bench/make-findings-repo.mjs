// A history with many findings, for the cost of fingerprints: COMMITS commits, each
// adding a dotenv file with a guessable password (a word and a number: the slow
// fingerprint) and a random API key (the fast one), every value distinct. Made at
// run time; nothing here was ever a real credential.
//
// Usage: node bench/make-findings-repo.mjs DIR [COMMITS]
//   then: leakgate history --no-config --format json (in DIR), timed (hyperfine, /usr/bin/time)
//   against an earlier build, for the ratio.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const dir = resolve(process.argv[2] ?? 'findings-repo');
const commits = Number(process.argv[3] ?? 50);
const WORDS = ['harbor', 'lantern', 'meadow', 'copper', 'falcon', 'juniper', 'quartz', 'saffron'];
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

let state = 20261201;
const next = () => {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return state >>> 0;
};
const randomKey = () => Array.from({ length: 40 }, () => ALPHABET[next() % 62]).join('');

const git = (...args) => {
  const result = spawnSync('git', args, { cwd: dir, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
};

rmSync(dir, { recursive: true, force: true });
mkdirSync(join(dir, 'config'), { recursive: true });
git('init', '-q');
git('config', 'user.name', 'Bench');
git('config', 'user.email', 'bench@example.com');
git('config', 'commit.gpgsign', 'false');
for (let i = 0; i < commits; i++) {
  const word = WORDS[i % WORDS.length];
  writeFileSync(join(dir, 'config', `service-${i}.env`), `DB_PASSWORD=${word}${1000 + i}!\nSERVICE_API_KEY=${randomKey()}\n`);
  git('add', '.');
  git('commit', '-q', '--no-verify', '-m', `service ${i}`);
}
console.log(`${commits} commits in ${dir}`);

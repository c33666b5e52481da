import { describe, expect, it } from 'vitest';
import { IGNORE_CONTEXT } from '../../src/detectors/detector.js';
import { secretFileDetector } from '../../src/detectors/secret-files.js';
import { scanFragments } from '../helpers/engine.js';
import { password } from '../helpers/secrets.js';

const found = (path: string, text: string): [string, string, string][] =>
  secretFileDetector({ path, text }, IGNORE_CONTEXT).map((f) => [f.ruleId, text.slice(f.start, f.end), f.confidence]);

describe('files that are a secret whole', () => {
  const key = Buffer.from('0c1d2e3f40516273a4b5c6d7e8f90a1b', 'hex').toString('hex');

  it('reports a Rails master key or per-environment key', () => {
    expect(found('config/master.key', `${key}\n`)).toEqual([['rails-master-key', key, 'high']]);
    expect(found('app/config/credentials/production.key', key)).toEqual([['rails-master-key', key, 'high']]);
  });

  it('reports the password in an Ansible vault password file, not a script that fetches it', () => {
    const secret = password(4);
    expect(found('ansible/.vault_pass', `${secret}\n`)).toEqual([['ansible-vault-password-file', secret, 'high']]);
    expect(found('deploy/vault-password.txt', `\n  ${secret}\r\n`)).toEqual([['ansible-vault-password-file', secret, 'high']]);
    expect(found('ansible/vault_pass.sh', '#!/bin/sh\nvault kv get -field=password secret/ansible\n')).toEqual([]);
    expect(found('ansible/.vault_pass', '<your vault password>\n')).toEqual([]);
  });

  it('leaves other files with the same content alone', () => {
    expect(found('config/settings.key', key)).toEqual([]);
    expect(found('config/master.key', `${key}\nmore text`)).toEqual([]);
    expect(found('docs/vault.md', password(5))).toEqual([]);
  });
});

describe('rules limited to paths (`paths:` globs)', () => {
  // A credential-store line: the `git-credentials` rule reports it only in the files git keeps it in.
  const line = 'https://deploy:Zq8vP3mK7wXr2LtN9sBd@git.example.org\n'; // leakgate:allow (test input)
  const rules = async (path: string): Promise<string[]> =>
    (await scanFragments([{ path, text: line }])).findings.map((f) => `${f.file} ${f.ruleId}`).filter((f) => f.endsWith(' git-credentials'));

  it('reports in every file the globs name, at any depth, dot files included', async () => {
    expect(await rules('.git-credentials')).toEqual(['.git-credentials git-credentials']);
    expect(await rules('home/ci/.git-credentials')).toEqual(['home/ci/.git-credentials git-credentials']);
    expect(await rules('home/ci/.config/git/credentials')).toEqual(['home/ci/.config/git/credentials git-credentials']);
  });

  it('stays silent on the same line in any other file, however many fragments came before', async () => {
    for (let i = 0; i < 3; i++) {
      expect(await rules('docs/setup.md')).toEqual([]);
      expect(await rules('home/ci/.git-credentials.bak')).toEqual([]);
    }
  });
});

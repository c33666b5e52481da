/**
 * Files that are a secret whole, with no name inside to point at it: a Rails
 * master key (`config/master.key`, 32 hex characters that decrypt
 * `credentials.yml.enc`) and an Ansible vault password file. Both are meant to
 * stay out of the repository; committed, they open everything they protect.
 */
import type { RawFinding } from '../types.js';
import type { Detector } from './detector.js';
import { isPlaceholderValue } from './filters.js';

export const RAILS_MASTER_KEY_RULE_ID = 'rails-master-key';
export const VAULT_PASSWORD_FILE_RULE_ID = 'ansible-vault-password-file';

/** `config/master.key`, `config/credentials/production.key` (Rails 5.2 and later). */
const RAILS_KEY_FILE = /(?:^|\/)config\/(?:master|credentials\/[\w-]+)\.key$/;
/** `.vault_pass`, `.vault_pass.txt`, `vault_password`, `vault-password-file`: what `ansible.cfg` points at. */
const VAULT_PASSWORD_FILE = /(?:^|\/)\.?vault[_-]?pass(?:word)?(?:[._-][\w.-]*)?$/i;

export const secretFileDetector: Detector = (fragment) => {
  if (fragment.binary) return [];
  const { path, text } = fragment;
  // Most files are neither: a plain look at the end of the path first.
  if (!path.endsWith('.key') && !/vault/i.test(path.slice(path.lastIndexOf('/')))) return [];
  const findings: RawFinding[] = [];
  if (RAILS_KEY_FILE.test(path)) {
    const key = /^\s*([0-9a-f]{32})\s*$/.exec(text);
    if (key) {
      const start = text.indexOf(key[1]!);
      findings.push({
        ruleId: RAILS_MASTER_KEY_RULE_ID,
        title: 'Rails master key: it decrypts the credentials file',
        severity: 'critical',
        confidence: 'high',
        start,
        end: start + 32,
        secret: key[1]!,
      });
    }
  } else if (VAULT_PASSWORD_FILE.test(path)) {
    // The first line is the password; an executable script that prints it (`#!`) is the safe way.
    const line = /^[ \t]*(\S[^\n]*?)[ \t]*\r?$/m.exec(text);
    const password = line?.[1];
    if (password && !password.startsWith('#!') && !isPlaceholderValue(password)) {
      const start = (line.index ?? 0) + line[0].indexOf(password);
      findings.push({
        ruleId: VAULT_PASSWORD_FILE_RULE_ID,
        title: 'Ansible vault password file: it decrypts every vault in the repository',
        severity: 'critical',
        confidence: password.length >= 8 ? 'high' : 'medium',
        start,
        end: start + password.length,
        secret: password,
      });
    }
  }
  return findings;
};

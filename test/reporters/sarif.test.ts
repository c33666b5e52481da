/**
 * SARIF as code scanning shows it: each rule described by its own title, what it
 * finds, how to rotate and how to allow, with its documentation link; and every
 * log valid against the SARIF 2.1.0 schema (the OASIS schema as Microsoft's SARIF
 * SDK ships it in @microsoft/jest-sarif, MIT; JSON Schema draft-04).
 */
import { createRequire } from 'node:module';
import AjvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { afterAll, describe, expect, it } from 'vitest';
import { DETECTOR_RULES } from '../../src/detectors/rule-info.js';
import { loadRuleFiles, PATTERNS_DIR } from '../../src/patterns/load.js';
import { ruleCatalog, sarifReport } from '../../src/reporters/sarif.js';
import { DETECTOR_RULE_IDS } from '../../src/engine/scan.js';
import type { Finding, ScanResult } from '../../src/types.js';
import { HOMEPAGE, TOOL } from '../../src/version.js';
import { removeTempRepos, tempRepo } from '../helpers/repo.js';
import { githubToken, password } from '../helpers/secrets.js';

afterAll(removeTempRepos);

const require = createRequire(import.meta.url);
// The schema's language pattern is not valid with the u flag: compile its patterns without it.
// CommonJS packages: their classes are on `default` under NodeNext typing (and at run time).
const ajv = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
ajvFormats.default(ajv);
const validateSarif = ajv.compile(require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json') as object);

function expectValid(log: unknown): void {
  const valid = validateSarif(log);
  expect(valid ? [] : validateSarif.errors).toEqual([]);
}

const base: Omit<Finding, 'ruleId' | 'title' | 'severity'> = {
  confidence: 'high',
  file: 'src/settings.py',
  line: 3,
  column: 15,
  endLine: 3,
  endColumn: 31,
  secret: 'Qz…4N',
  context: 'SMTP_PASSWORD = "Qz…4N"',
  fingerprint: 'lg1:0123456789abcdef0123456789abcdef',
};
const smtp: Finding = { ...base, ruleId: 'generic-password', title: 'Password assigned to `SMTP_PASSWORD`', severity: 'high' };
const db: Finding = { ...base, ruleId: 'generic-password', title: 'Password assigned to `DB_PASSWORD`', severity: 'high', line: 4, fingerprint: 'lg1:1123456789abcdef0123456789abcdef' };
const pat: Finding = { ...base, ruleId: 'github-pat', title: 'GitHub personal access token (classic)', severity: 'critical', file: 'ci/deploy.sh' };
const role: Finding = { ...base, ruleId: 'k8s-rbac-secret-read', title: 'Role "reader" can read Secrets', severity: 'low', file: 'k8s/rbac.yaml' };
const result: ScanResult = { findings: [smtp, db, pat], policy: [role], notes: [], stats: { files: 3, bytes: 10, commits: 0, durationMs: 1 } };

const specs = await loadRuleFiles(PATTERNS_DIR);
const catalog = ruleCatalog(specs, DETECTOR_RULES);

describe('SARIF rule metadata', () => {
  const log = JSON.parse(sarifReport(result, catalog));
  const driver = log.runs[0].tool.driver;
  const rule = (id: string) => driver.rules.find((candidate: { id: string }) => candidate.id === id);

  it('is a valid SARIF 2.1.0 log', () => expectValid(log));

  it('names the tool, its version and where to read about it', () => {
    expect(driver).toMatchObject({ name: 'leakgate', version: TOOL.version, semanticVersion: TOOL.version, informationUri: HOMEPAGE });
  });

  it("describes a rule by its own title, not by its first finding's message", () => {
    expect(driver.rules.map((r: { id: string }) => r.id)).toEqual(['generic-password', 'github-pat', 'k8s-rbac-secret-read']);
    expect(rule('generic-password').shortDescription).toEqual({ text: 'Password in code or configuration' });
    expect(rule('generic-password').fullDescription.text).toBe(DETECTOR_RULES['generic-password']!.description);
    expect(rule('github-pat').shortDescription).toEqual({ text: 'GitHub personal access token (classic)' });
    expect(rule('github-pat').fullDescription.text).toBe(
      'GitHub personal access token (classic): a value in this format (rule github-pat of the GitHub rules). Whoever can read the text where it was found can use it until it is revoked.',
    );
  });

  it("links the rule's documentation, and helps in text and Markdown: what it is, how to rotate, how to allow", () => {
    const docs = specs.find((spec) => spec.id === 'github-pat')!.docs!;
    const github = rule('github-pat');
    expect(github.helpUri).toBe(docs);
    expect(github.help.text).toContain(`Rotate it: a secret that reached a commit is leaked. Revoke it where it was issued (${docs})`);
    expect(github.help.text).toContain('If it is not a secret: allow it in .leakgate.yaml, with an ignore: entry');
    expect(github.help.text).toContain('rules.github-pat.allow.paths');
    expect(github.help.markdown).toContain(`**GitHub personal access token (classic)** (\`github-pat\`)`);
    expect(github.help.markdown).toContain(`Revoke it where it was issued ([documentation](${docs}))`);
    expect(github.help.markdown).toContain('`leakgate:allow`');
    // A policy rule asks for a change of practice, not a rotation.
    expect(rule('k8s-rbac-secret-read').help.text).toContain('Change the practice');
    expect(rule('k8s-rbac-secret-read').help.text).not.toContain('Rotate');
    expect(rule('k8s-rbac-secret-read').properties.tags).toEqual(['security', 'policy']);
    // No docs link for a rule without one.
    expect(rule('generic-password')).not.toHaveProperty('helpUri');
  });

  it('every rule has its metadata: the provider rules their title and docs link, every detector rule an entry', () => {
    // Rules with no documentation to link (a format no provider documents): their alerts have no helpUri.
    expect(specs.filter((spec) => !spec.docs).map((spec) => spec.id)).toEqual(['aws-mws-auth-token', 'generic-secret-assignment']);
    expect(specs.filter((spec) => !spec.provider).map((spec) => spec.id)).toEqual([]);
    expect(Object.keys(DETECTOR_RULES).sort()).toEqual([...DETECTOR_RULE_IDS].sort());
  });

  it('every rule of the catalog makes a valid log', () => {
    const findings = [...catalog.keys()].map((ruleId, i): Finding => ({ ...base, ruleId, title: `finding ${i}`, severity: 'medium', fingerprint: `lg1:${String(i).padStart(32, '0')}` }));
    const all = JSON.parse(sarifReport({ ...result, findings, policy: [] }, catalog));
    expectValid(all);
    expect(all.runs[0].tool.driver.rules.filter((r: { shortDescription: { text: string } }) => r.shortDescription.text.startsWith('finding '))).toEqual([]);
  });
});

describe('leakgate --format sarif', () => {
  it('writes a valid log whose rules carry their metadata', async () => {
    const repo = await tempRepo();
    await repo.stage({
      'ci/deploy.sh': `export GITHUB_TOKEN=${githubToken(61)}\n`,
      'config/settings.py': `SMTP_PASSWORD = "${password(62)}"\n`,
    });
    const run = await repo.run(['staged', '--format', 'sarif']);
    expect(run.code, run.stderr).toBe(1);
    const log = JSON.parse(run.stdout);
    expectValid(log);
    const rules = log.runs[0].tool.driver.rules as { id: string; shortDescription: { text: string }; helpUri?: string }[];
    expect(rules.map((r) => [r.id, r.shortDescription.text])).toEqual([
      ['generic-password', 'Password in code or configuration'],
      ['github-pat', 'GitHub personal access token (classic)'],
    ]);
    expect(rules[1]!.helpUri).toMatch(/^https:\/\/docs\.github\.com\//);
    expect(run.stdout).not.toContain(githubToken(61));
    expect(run.stdout).not.toContain(password(62));
  });
});

// Deterministic content for the benchmark repositories: realistic source files of a
// small shop back end, chosen by a seeded PRNG so that every run (and every machine)
// scans exactly the same bytes. Nothing here is, or looks like, a credential: the
// benchmark measures the clean commit that every leakgate user pays for.

/** mulberry32: small, fast, good enough to pick names and numbers. */
export function createRng(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min, max) => min + Math.floor(next() * (max - min + 1));
  const pick = (items) => items[int(0, items.length - 1)];
  const sample = (items, count) => {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = int(0, i);
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy.slice(0, count);
  };
  return { next, int, pick, sample };
}

const DOMAINS = [
  { entity: 'order', owner: 'customerId', amount: 'totalCents', statuses: ['pending', 'paid', 'shipped', 'cancelled'] },
  { entity: 'invoice', owner: 'accountId', amount: 'amountDueCents', statuses: ['draft', 'issued', 'settled', 'void'] },
  { entity: 'shipment', owner: 'carrierId', amount: 'feeCents', statuses: ['created', 'in_transit', 'delivered', 'returned'] },
  { entity: 'subscription', owner: 'planId', amount: 'monthlyCents', statuses: ['trialing', 'active', 'past_due', 'canceled'] },
];
const CURRENCIES = ['EUR', 'USD', 'GBP', 'CHF', 'SEK', 'JPY'];
const REGIONS = ['eu-west-1', 'eu-central-1', 'us-east-1', 'us-west-2', 'ap-southeast-1'];
const FLAGS = ['asyncExports', 'bulkActions', 'csvImport', 'darkLaunchSearch', 'newCheckout', 'partialRefunds', 'smartRetries'];

const pascal = (word) => word.replace(/(^|_)([a-z])/g, (_, __, c) => c.toUpperCase());
const snake = (word) => word.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const lines = (...parts) => `${parts.flat().join('\n')}\n`;

/**
 * A "typical commit" on top of a small repository: `initial` is committed first,
 * then `staged` is written over it and added. Two committed files get new lines
 * (TypeScript and Markdown), three files are new (Python, JSON, Kubernetes YAML).
 */
export function typicalCommit(seed = 1) {
  const rng = createRng(seed);
  const d = { ...rng.pick(DOMAINS), currency: rng.pick(CURRENCIES) };
  d.Entity = pascal(d.entity);
  d.service = `${d.entity}s-api`;
  const ts = typescriptModule(rng, d);
  const readme = readmeDoc(rng, d);
  return {
    initial: [
      { path: '.gitignore', content: lines('node_modules/', 'dist/', '__pycache__/', '*.log') },
      { path: 'package.json', content: `${JSON.stringify(packageJson(d), null, 2)}\n` },
      { path: 'src/errors.ts', content: errorsModule() },
      { path: `src/${d.entity}s/service.ts`, content: ts.before },
      { path: 'README.md', content: readme.before },
    ],
    staged: [
      { path: `src/${d.entity}s/service.ts`, content: ts.after },
      { path: 'README.md', content: readme.after },
      { path: `pricing/${d.entity}_pricing.py`, content: pythonModule(rng, d) },
      { path: `config/${d.service}.json`, content: `${JSON.stringify(serviceConfig(rng, d), null, 2)}\n` },
      { path: `deploy/${d.service}.yaml`, content: kubernetesManifest(rng, d) },
    ],
  };
}

function packageJson(d) {
  return {
    name: `@shop/${d.service}`,
    version: '1.4.0',
    private: true,
    type: 'module',
    scripts: { build: 'tsc -p .', test: 'vitest run', start: 'node dist/server.js' },
    dependencies: { fastify: '^4.28.1', pino: '^9.4.0' },
    devDependencies: { typescript: '~5.6.2', vitest: '^2.1.1' },
  };
}

function errorsModule() {
  return lines(
    'export class NotFoundError extends Error {',
    "  override readonly name = 'NotFoundError';",
    '}',
    '',
    'export class ValidationError extends Error {',
    "  override readonly name = 'ValidationError';",
    '}',
    '',
    'export class ConflictError extends Error {',
    "  override readonly name = 'ConflictError';",
    '}',
  );
}

function typescriptModule(rng, d) {
  const { entity: e, Entity: E, owner, amount, statuses } = d;
  const [first, second, third, last] = statuses;
  const pageSize = rng.pick([20, 25, 50, 100]);
  const crypto = "import { randomUUID } from 'node:crypto';";
  const errorsBefore = "import { NotFoundError } from '../errors.js';";
  const errorsAfter = "import { ConflictError, NotFoundError, ValidationError } from '../errors.js';";
  const body = [
    '',
    `export type ${E}Status = ${statuses.map((s) => `'${s}'`).join(' | ')};`,
    '',
    `export interface ${E} {`,
    '  id: string;',
    `  ${owner}: string;`,
    `  status: ${E}Status;`,
    `  ${amount}: number;`,
    '  currency: string;',
    '  createdAt: Date;',
    '  updatedAt: Date;',
    '}',
    '',
    `export interface ${E}Filter {`,
    `  status?: ${E}Status;`,
    `  ${owner}?: string;`,
    '  limit?: number;',
    '}',
    '',
    `export interface ${E}Repository {`,
    `  findById(id: string): Promise<${E} | undefined>;`,
    `  list(filter: ${E}Filter): Promise<${E}[]>;`,
    `  save(${e}: ${E}): Promise<void>;`,
    '}',
    '',
    `export function create${E}(input: Pick<${E}, '${owner}' | '${amount}' | 'currency'>): ${E} {`,
    '  const now = new Date();',
    `  return { ...input, id: randomUUID(), status: '${first}', createdAt: now, updatedAt: now };`,
    '}',
    '',
    `export class ${E}Service {`,
    `  constructor(private readonly repository: ${E}Repository) {}`,
    '',
    `  async get(id: string): Promise<${E}> {`,
    `    const ${e} = await this.repository.findById(id);`,
    `    if (!${e}) throw new NotFoundError(\`${e} \${id} not found\`);`,
    `    return ${e};`,
    '  }',
    '',
    `  async list(filter: ${E}Filter = {}): Promise<${E}[]> {`,
    `    return this.repository.list({ limit: ${pageSize}, ...filter });`,
    '  }',
  ];
  const tail = ['}'];
  const transitions = [[first, [second, last]], [second, [third, last]], [third, [last]], [last, []]];
  const methods = [
    '',
    `  async transition(id: string, next: ${E}Status): Promise<${E}> {`,
    `    const ${e} = await this.get(id);`,
    `    if (!ALLOWED_TRANSITIONS[${e}.status].includes(next)) {`,
    `      throw new ConflictError(\`cannot move ${e} \${id} from \${${e}.status} to \${next}\`);`,
    '    }',
    `    const updated = { ...${e}, status: next, updatedAt: new Date() };`,
    '    await this.repository.save(updated);',
    '    return updated;',
    '  }',
    '',
    `  async totalsFor(${owner}: string): Promise<Map<string, number>> {`,
    `    const items = await this.repository.list({ ${owner}, limit: ${pageSize * 10} });`,
    `    return sumByCurrency(items.filter((item) => item.status !== '${last}'));`,
    '  }',
    '',
    '  async closeStale(days: number): Promise<number> {',
    `    const stale = olderThan(await this.list({ status: '${first}' }), days);`,
    `    for (const item of stale) await this.transition(item.id, '${last}');`,
    '    return stale.length;',
    '  }',
  ];
  const helpers = [
    '',
    `export const ALLOWED_TRANSITIONS: Record<${E}Status, readonly ${E}Status[]> = {`,
    ...transitions.map(([from, to]) => `  ${from}: [${to.map((s) => `'${s}'`).join(', ')}],`),
    '};',
    '',
    `export function validate${E}(${e}: ${E}): void {`,
    `  if (!Number.isInteger(${e}.${amount}) || ${e}.${amount} < 0) {`,
    `    throw new ValidationError('${amount} must be a non-negative integer');`,
    '  }',
    `  if (!/^[A-Z]{3}$/.test(${e}.currency)) {`,
    `    throw new ValidationError(\`unknown currency: \${${e}.currency}\`);`,
    '  }',
    `  if (${e}.updatedAt < ${e}.createdAt) {`,
    "    throw new ValidationError('updatedAt is before createdAt');",
    '  }',
    '}',
    '',
    `export function sumByCurrency(items: readonly ${E}[]): Map<string, number> {`,
    '  const totals = new Map<string, number>();',
    '  for (const item of items) {',
    `    totals.set(item.currency, (totals.get(item.currency) ?? 0) + item.${amount});`,
    '  }',
    '  return totals;',
    '}',
    '',
    `export function countByStatus(items: readonly ${E}[]): Record<${E}Status, number> {`,
    `  const counts: Record<${E}Status, number> = { ${statuses.map((s) => `${s}: 0`).join(', ')} };`,
    '  for (const item of items) counts[item.status] += 1;',
    '  return counts;',
    '}',
    '',
    `export function groupBy${pascal(owner)}(items: readonly ${E}[]): Map<string, ${E}[]> {`,
    `  const groups = new Map<string, ${E}[]>();`,
    '  for (const item of items) {',
    `    const group = groups.get(item.${owner});`,
    '    if (group) group.push(item);',
    `    else groups.set(item.${owner}, [item]);`,
    '  }',
    '  return groups;',
    '}',
    '',
    `export function formatAmount(cents: number, currency = '${d.currency}', locale = 'en-GB'): string {`,
    "  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(cents / 100);",
    '}',
    '',
    'export function page<T>(items: readonly T[], pageNumber: number, size = ' + pageSize + '): T[] {',
    '  if (pageNumber < 1) throw new ValidationError(`page must be at least 1, got ${pageNumber}`);',
    '  const start = (pageNumber - 1) * size;',
    '  return items.slice(start, start + size);',
    '}',
    '',
    `export function olderThan(items: readonly ${E}[], days: number, now = new Date()): ${E}[] {`,
    `  const cutoff = now.getTime() - days * ${24 * 60 * 60 * 1000};`,
    '  return items.filter((item) => item.createdAt.getTime() < cutoff);',
    '}',
    '',
    `export function sortNewestFirst(items: readonly ${E}[]): ${E}[] {`,
    '  return [...items].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());',
    '}',
  ];
  return {
    before: lines(crypto, errorsBefore, body, tail),
    after: lines(crypto, errorsAfter, body, methods, tail, helpers),
  };
}

function readmeDoc(rng, d) {
  const { entity: e, Entity: E, service, statuses, amount, owner } = d;
  const port = rng.pick([3000, 8080, 8081, 9090]);
  const before = [
    `# ${service}`,
    '',
    `HTTP service that owns ${e}s: creation, status changes and reporting.`,
    '',
    '## Development',
    '',
    '```sh',
    'npm ci',
    'npm run build',
    'npm test',
    '```',
    '',
    `The server listens on port ${port}; set \`PORT\` to change it.`,
  ];
  const added = [
    '',
    `## ${E} API`,
    '',
    '| Method | Path | Description |',
    '| ------ | ---- | ----------- |',
    `| GET | \`/${e}s\` | List ${e}s, newest first; filters: \`status\`, \`${owner}\` |`,
    `| GET | \`/${e}s/:id\` | One ${e}; 404 when it does not exist |`,
    `| POST | \`/${e}s\` | Create a ${e} in status \`${statuses[0]}\` |`,
    `| POST | \`/${e}s/:id/transitions\` | Move a ${e} to another status |`,
    `| GET | \`/${e}s/totals\` | Totals per currency for one \`${owner}\` |`,
    '',
    '### Status lifecycle',
    '',
    ...statuses.map((s, i) => `${i + 1}. \`${s}\`${i === 0 ? ' (initial)' : ''}`),
    '',
    'A transition that is not allowed answers `409 Conflict` with the current status.',
    '',
    '### Example',
    '',
    '```sh',
    `curl -s localhost:${port}/${e}s \\`,
    "  -H 'content-type: application/json' \\",
    `  -d '{"${owner}": "c-1042", "${amount}": ${rng.int(5, 400) * 100}, "currency": "${d.currency}"}'`,
    '```',
    '',
    '```json',
    '{',
    `  "id": ${rng.int(1000, 9999)},`,
    `  "status": "${statuses[0]}",`,
    `  "currency": "${d.currency}"`,
    '}',
    '```',
    '',
    '### Configuration',
    '',
    `Settings live in \`config/${service}.json\`; environment variables override them:`,
    '',
    `- \`PORT\`: listening port (default ${port})`,
    '- `LOG_LEVEL`: `debug`, `info` (default), `warn` or `error`',
    '- `DB_HOST`, `DB_PORT`: the database server',
    '',
    `Deployment manifests are in \`deploy/\`; see \`deploy/${service}.yaml\`.`,
  ];
  return { before: lines(before), after: lines(before, added) };
}

function pythonModule(rng, d) {
  const { entity: e, Entity: E, currency } = d;
  const tiers = [1, 10, 50, 200].map((min, i) => [min, i * rng.int(2, 4)]);
  const vat = rng.pick(['0.19', '0.20', '0.21', '0.25']);
  return lines(
    `"""Pricing rules for ${e}s: line items, volume tiers and tax."""`,
    '',
    'from __future__ import annotations',
    '',
    'from dataclasses import dataclass, field',
    'from decimal import ROUND_HALF_UP, Decimal',
    'from typing import Iterable',
    '',
    'CENT = Decimal("0.01")',
    `DEFAULT_CURRENCY = "${currency}"`,
    `VAT_RATE = Decimal("${vat}")`,
    '',
    '# (minimum quantity, discount in percent), checked from the largest tier down.',
    'VOLUME_TIERS: tuple[tuple[int, int], ...] = (',
    ...tiers.map(([min, pct]) => `    (${min}, ${pct}),`),
    ')',
    '',
    '',
    '@dataclass(frozen=True)',
    'class LineItem:',
    '    sku: str',
    '    quantity: int',
    '    unit_price: Decimal',
    '',
    '    def __post_init__(self) -> None:',
    '        if self.quantity <= 0:',
    '            raise ValueError(f"quantity must be positive, got {self.quantity}")',
    '        if self.unit_price < 0:',
    '            raise ValueError(f"unit price must not be negative: {self.unit_price}")',
    '',
    '',
    '@dataclass',
    `class ${E}Quote:`,
    `    currency: str = DEFAULT_CURRENCY`,
    '    items: list[LineItem] = field(default_factory=list)',
    '',
    '    def add(self, sku: str, quantity: int, unit_price: str) -> None:',
    '        self.items.append(LineItem(sku, quantity, Decimal(unit_price)))',
    '',
    '    @property',
    '    def subtotal(self) -> Decimal:',
    '        return round_cents(sum((line_total(item) for item in self.items), Decimal(0)))',
    '',
    '    @property',
    '    def tax(self) -> Decimal:',
    '        return round_cents(self.subtotal * VAT_RATE)',
    '',
    '    @property',
    '    def total(self) -> Decimal:',
    '        return self.subtotal + self.tax',
    '',
    '',
    'def round_cents(amount: Decimal) -> Decimal:',
    '    return amount.quantize(CENT, rounding=ROUND_HALF_UP)',
    '',
    '',
    'def volume_discount(quantity: int) -> int:',
    '    for minimum, percent in reversed(VOLUME_TIERS):',
    '        if quantity >= minimum:',
    '            return percent',
    '    return 0',
    '',
    '',
    'def line_total(item: LineItem) -> Decimal:',
    '    gross = item.unit_price * item.quantity',
    '    discount = gross * Decimal(volume_discount(item.quantity)) / 100',
    '    return round_cents(gross - discount)',
    '',
    '',
    'def to_cents(amount: Decimal) -> int:',
    '    return int((amount / CENT).to_integral_value(rounding=ROUND_HALF_UP))',
    '',
    '',
    'def largest_items(items: Iterable[LineItem], count: int = 3) -> list[LineItem]:',
    '    return sorted(items, key=line_total, reverse=True)[:count]',
  );
}

function serviceConfig(rng, d) {
  return {
    service: d.service,
    port: rng.pick([3000, 8080, 8081]),
    logLevel: 'info',
    currency: d.currency,
    database: {
      host: `${d.entity}s-db.internal`,
      port: 5432,
      name: `${snake(d.entity)}s`,
      pool: { min: rng.int(1, 4), max: rng.int(8, 32), idleMillis: 30000 },
      statementTimeoutMillis: rng.pick([2000, 5000, 10000]),
    },
    cache: { enabled: true, ttlSeconds: rng.pick([30, 60, 300]), maxEntries: rng.pick([1000, 5000, 10000]) },
    retry: { attempts: rng.int(2, 5), baseDelayMillis: rng.pick([50, 100, 200]), maxDelayMillis: 2000, jitter: true },
    pagination: { defaultSize: 25, maxSize: 200 },
    regions: rng.sample(REGIONS, 3),
    features: Object.fromEntries(rng.sample(FLAGS, 5).map((flag) => [flag, rng.next() < 0.6])),
    http: { bodyLimitBytes: 1048576, keepAliveSeconds: 65, cors: { origins: ['https://shop.example.com'], maxAgeSeconds: 600 } },
  };
}

function kubernetesManifest(rng, d) {
  const name = d.service;
  const version = `1.${rng.int(4, 30)}.${rng.int(0, 9)}`;
  const port = 8080;
  return lines(
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${name}`,
    `  labels: { app: ${name}, team: commerce }`,
    'spec:',
    `  replicas: ${rng.int(2, 4)}`,
    '  selector:',
    `    matchLabels: { app: ${name} }`,
    '  template:',
    '    metadata:',
    `      labels: { app: ${name}, version: "${version}" }`,
    '    spec:',
    '      containers:',
    `        - name: ${name}`,
    `          image: registry.example.com/shop/${name}:${version}`,
    `          ports: [{ containerPort: ${port}, name: http }]`,
    '          env:',
    `            - { name: PORT, value: "${port}" }`,
    '            - { name: LOG_LEVEL, value: info }',
    `            - { name: DB_HOST, value: ${d.entity}s-db.internal }`,
    '          resources:',
    `            requests: { cpu: ${rng.pick([100, 200, 250])}m, memory: ${rng.pick([128, 256])}Mi }`,
    `            limits: { cpu: "1", memory: ${rng.pick([512, 768])}Mi }`,
    '          readinessProbe:',
    '            httpGet: { path: /healthz, port: http }',
    '            periodSeconds: 5',
    '          livenessProbe:',
    '            httpGet: { path: /livez, port: http }',
    '            initialDelaySeconds: 10',
    '---',
    'apiVersion: v1',
    'kind: Service',
    'metadata:',
    `  name: ${name}`,
    `  labels: { app: ${name} }`,
    'spec:',
    `  selector: { app: ${name} }`,
    '  ports:',
    '    - { name: http, port: 80, targetPort: http }',
  );
}

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from './errors.js';
import { readEnv, secretValues } from './env.js';
import { type Config, ConfigFileSchema } from './schema.js';

export { ConfigError } from './errors.js';

/** Used when there is no config file: one dry-run-capable channel per platform, the example inbox. */
export const EMBEDDED_DEFAULTS = {
  site: { name: 'crier', campaign: 'crier' },
  channels: [
    { id: 'x', platform: 'twitter' },
    { id: 'telegram', platform: 'telegram' },
    { id: 'facebook', platform: 'facebook' },
  ],
};

export interface LoadOptions {
  /** --config; falls back to CRIER_CONFIG, then config/crier.yaml, then the embedded defaults. */
  configPath?: string;
  /** Defaults to process.env merged over ./.env. */
  env?: Record<string, string | undefined>;
  cwd?: string;
}

/** The environment as crier sees it: process.env over the .env file (process.env wins). */
export function processEnv(cwd = process.cwd()): Record<string, string | undefined> {
  const file = path.join(cwd, '.env');
  const fromFile = existsSync(file) ? parseDotenv(readFileSync(file)) : {};
  return { ...fromFile, ...process.env };
}

function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

function knownKeys(schema: unknown, at: PropertyKey[]): string[] {
  // Walk the zod schema along the path to list the keys allowed there (for "did you mean").
  let s = schema as { def?: Record<string, unknown>; shape?: Record<string, unknown> } | undefined;
  const unwrap = () => {
    for (let i = 0; i < 10 && s?.def; i++) {
      const d = s.def as { innerType?: unknown; in?: unknown; element?: unknown; schema?: unknown };
      const next = d.innerType ?? d.in ?? d.schema;
      if (!next || s.shape) break;
      s = next as typeof s;
    }
  };
  for (const key of at) {
    unwrap();
    if (typeof key === 'number') s = (s?.def as { element?: typeof s } | undefined)?.element;
    else s = s?.shape?.[key as string] as typeof s;
  }
  unwrap();
  return s?.shape ? Object.keys(s.shape) : [];
}

function formatPath(p: PropertyKey[]): string {
  return p.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? String(k) : `.${String(k)}`)).join('');
}

/** One line per problem is too many for a start-up error: report the first, with its fix. */
export function describeZodError(where: string, error: z.ZodError): string {
  // A typo'd key usually also makes a required key "missing": report the typo, it is the cause.
  const issue = error.issues.find((i) => i.code === 'unrecognized_keys') ?? error.issues[0]!;
  const at = formatPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    const options = knownKeys(ConfigFileSchema, issue.path);
    const best = options
      .map((o) => ({ o, d: levenshtein(key.toLowerCase(), o.toLowerCase()) }))
      .sort((a, b) => a.d - b.d)[0];
    const hint =
      best && best.d <= 3 ? `did you mean "${best.o}"?` : `allowed keys: ${options.join(', ') || 'none'}`;
    return `${where}: unknown key "${at ? `${at}.` : ''}${key}": ${hint}`;
  }
  return `${where}: ${at || '(top level)'}: ${issue.message}`;
}

/** Reads .env and the YAML config, validates both, and returns one Config or throws a one-line ConfigError. */
export function loadConfig(opts: LoadOptions = {}): Config {
  const cwd = opts.cwd ?? process.cwd();
  const env = opts.env ?? processEnv(cwd);
  const explicit = opts.configPath ?? env.CRIER_CONFIG;
  const candidate = path.resolve(cwd, explicit ?? 'config/crier.yaml');
  let raw: unknown = EMBEDDED_DEFAULTS;
  let configPath = '(embedded defaults)';
  if (existsSync(candidate)) {
    configPath = path.relative(cwd, candidate) || candidate;
    let text: string;
    try {
      text = readFileSync(candidate, 'utf8');
    } catch (err) {
      throw new ConfigError(`${configPath}: cannot read the config file (${(err as Error).message})`);
    }
    try {
      raw = parseYaml(text) ?? {};
    } catch (err) {
      const first = String((err as Error).message).split('\n')[0];
      throw new ConfigError(`${configPath}: not valid YAML: ${first}`);
    }
  } else if (explicit !== undefined) {
    throw new ConfigError(`${explicit}: config file not found: check --config or CRIER_CONFIG`);
  }
  const parsed = ConfigFileSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(describeZodError(configPath, parsed.error));
  const file = parsed.data;
  const ids = new Set<string>();
  for (const ch of file.channels) {
    if (ids.has(ch.id)) throw new ConfigError(`${configPath}: channels: id "${ch.id}" is used twice`);
    ids.add(ch.id);
  }
  if (file.site.articleUrl !== undefined && !/^https?:\/\/[^/]+/.test(file.site.articleUrl)) {
    throw new ConfigError(
      `${configPath}: site.articleUrl must be an http(s) template such as "https://news.example.com/{slug}"`,
    );
  }
  const envConfig = readEnv(env);
  return { ...file, ...envConfig, dataDir: path.resolve(cwd, envConfig.dataDir), configPath };
}

export { secretValues };

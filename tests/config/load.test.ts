import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, secretValues } from '../../src/config/load.js';

function tmp(): string {
  return mkdtempSync(path.join(tmpdir(), 'crier-config-'));
}

function withConfig(yaml: string): string {
  const dir = tmp();
  mkdirSync(path.join(dir, 'config'));
  writeFileSync(path.join(dir, 'config', 'crier.yaml'), yaml);
  return dir;
}

const repoRoot = path.resolve(import.meta.dirname, '../..');

describe('loadConfig', () => {
  it('loads the shipped config/crier.yaml with one channel per platform and no credentials', () => {
    const config = loadConfig({ cwd: repoRoot, env: {} });
    expect(config.configPath).toBe(path.join('config', 'crier.yaml'));
    expect(config.channels.map((c) => c.platform)).toEqual(['twitter', 'telegram', 'facebook']);
    expect(config.credentials).toEqual({});
    expect(config.site.articleUrl).toBe('https://news.example.com/{slug}');
    expect(config.dataDir).toBe(path.join(repoRoot, 'data'));
    expect(config.http).toEqual({ host: '127.0.0.1', port: 8787 });
  });

  it('falls back to embedded defaults when there is no config file', () => {
    const config = loadConfig({ cwd: tmp(), env: {} });
    expect(config.configPath).toBe('(embedded defaults)');
    expect(config.channels).toHaveLength(3);
    expect(config.delivery.maxAttempts).toBe(5);
    expect(config.sources.inbox.path).toBe('articles/inbox');
  });

  it('names a misspelt key and suggests the right one', () => {
    const dir = withConfig('channels:\n  - id: x\n    platfrom: twitter\n');
    expect(() => loadConfig({ cwd: dir, env: {} })).toThrowError(
      'config/crier.yaml: unknown key "channels[0].platfrom": did you mean "platform"?',
    );
  });

  it('names a wrong type with its path', () => {
    const dir = withConfig('delivery:\n  maxAttempts: "five"\n');
    const err = (() => {
      try {
        loadConfig({ cwd: dir, env: {} });
      } catch (e) {
        return e as Error;
      }
      throw new Error('no error');
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toMatch(/^config\/crier\.yaml: delivery\.maxAttempts: /);
    expect(err.message).not.toContain('\n');
  });

  it('rejects invalid YAML, unknown platforms, a bad time zone and duplicate ids in one line each', () => {
    expect(() => loadConfig({ cwd: withConfig('channels: [\n'), env: {} })).toThrowError(
      /^config\/crier\.yaml: not valid YAML: /,
    );
    expect(() =>
      loadConfig({ cwd: withConfig('channels:\n  - id: m\n    platform: myspace\n'), env: {} }),
    ).toThrowError(/channels\[0\]\.platform: /);
    expect(() =>
      loadConfig({
        cwd: withConfig(
          'channels:\n  - id: t\n    platform: telegram\n    schedule: { timezone: Mars/Base }\n',
        ),
        env: {},
      }),
    ).toThrowError(/channels\[0\]\.schedule\.timezone: expected an IANA time zone/);
    expect(() =>
      loadConfig({
        cwd: withConfig('channels:\n  - {id: a, platform: telegram}\n  - {id: a, platform: twitter}\n'),
        env: {},
      }),
    ).toThrowError('config/crier.yaml: channels: id "a" is used twice');
    expect(() =>
      loadConfig({
        cwd: withConfig('channels:\n  - id: f\n    platform: facebook\n    schedule: { mode: slots }\n'),
        env: {},
      }),
    ).toThrowError(/mode "slots" needs at least one entry in times/);
  });

  it('rejects a non-http articleUrl template', () => {
    const dir = withConfig('site:\n  articleUrl: "javascript:alert(1)/{slug}"\n');
    expect(() => loadConfig({ cwd: dir, env: {} })).toThrowError(
      /site\.articleUrl must be an http\(s\) template/,
    );
  });

  it('reports an explicit config path that does not exist', () => {
    expect(() => loadConfig({ cwd: tmp(), env: {}, configPath: 'nope.yaml' })).toThrowError(
      'nope.yaml: config file not found: check --config or CRIER_CONFIG',
    );
  });

  it('reads credentials for each platform and their API roots', () => {
    const config = loadConfig({
      cwd: tmp(),
      env: {
        TWITTER_APP_KEY: 'ak',
        TWITTER_APP_SECRET: 'as',
        TWITTER_ACCESS_TOKEN: 'at',
        TWITTER_ACCESS_SECRET: 'sec',
        TWITTER_API_ROOT: 'http://127.0.0.1:9999/',
        TELEGRAM_BOT_TOKEN: '123:abc',
        TELEGRAM_CHAT_ID: '@news',
        FACEBOOK_PAGE_ID: '42',
        FACEBOOK_PAGE_TOKEN: 'pt',
        FACEBOOK_GRAPH_VERSION: 'v25.0',
        CRIER_HTTP_PORT: '0',
        CRIER_DATA_DIR: '/tmp/crier-x',
      },
    });
    expect(config.credentials.twitter).toMatchObject({ appKey: 'ak', apiRoot: 'http://127.0.0.1:9999' });
    expect(config.credentials.telegram).toEqual({
      botToken: '123:abc',
      chatId: '@news',
      apiRoot: 'https://api.telegram.org',
    });
    expect(config.credentials.facebook).toMatchObject({ pageId: '42', graphVersion: 'v25.0' });
    expect(config.http.port).toBe(0);
    expect(config.dataDir).toBe('/tmp/crier-x');
  });

  it('treats partial credentials as an error naming the missing variable', () => {
    expect(() => loadConfig({ cwd: tmp(), env: { TELEGRAM_BOT_TOKEN: '123:abc' } })).toThrowError(
      /^TELEGRAM_CHAT_ID is not set but TELEGRAM_BOT_TOKEN is: set all of TELEGRAM_BOT_TOKEN, TELEGRAM_CHAT_ID for Telegram/,
    );
    expect(() =>
      loadConfig({
        cwd: tmp(),
        env: { TWITTER_APP_KEY: 'a', TWITTER_APP_SECRET: 'b', TWITTER_ACCESS_TOKEN: 'c' },
      }),
    ).toThrowError(/^TWITTER_ACCESS_SECRET is not set/);
  });

  it('rejects a bad port, API root and Graph version', () => {
    expect(() => loadConfig({ cwd: tmp(), env: { CRIER_HTTP_PORT: 'eighty' } })).toThrowError(
      /CRIER_HTTP_PORT/,
    );
    expect(() =>
      loadConfig({
        cwd: tmp(),
        env: { TELEGRAM_BOT_TOKEN: '1:a', TELEGRAM_CHAT_ID: '@c', TELEGRAM_API_ROOT: 'ftp://x' },
      }),
    ).toThrowError(/TELEGRAM_API_ROOT must be an http\(s\) URL/);
    expect(() => loadConfig({ cwd: tmp(), env: { FACEBOOK_GRAPH_VERSION: '24' } })).toThrowError(
      /FACEBOOK_GRAPH_VERSION must look like "v24.0"/,
    );
  });

  it('reads .env from the working directory, with process env taking precedence', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, '.env'), 'CRIER_HTTP_PORT=9001\nCRIER_WEBHOOK_TOKEN=from-file\n');
    const config = loadConfig({ cwd: dir, env: undefined });
    expect(config.http.port).toBe(process.env.CRIER_HTTP_PORT ? Number(process.env.CRIER_HTTP_PORT) : 9001);
    expect(config.webhookToken).toBe(process.env.CRIER_WEBHOOK_TOKEN || 'from-file');
  });

  it('lists secret values for scrubbing, and not the non-secret ones', () => {
    const secrets = secretValues({
      TELEGRAM_BOT_TOKEN: '123:secret',
      TELEGRAM_CHAT_ID: '@news',
      CRIER_WEBHOOK_TOKEN: 'hook',
    });
    expect(secrets).toEqual(['123:secret', 'hook']);
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { ConfigError } from '../../src/config/errors.js';
import { runCrier } from '../../bench/support/child.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'crier-bad-config-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CASES: [name: string, yaml: string, names: RegExp][] = [
  ['channels as a string', 'channels: x\n', /channels/],
  ['tickMs as text', 'delivery:\n  tickMs: fast\n', /delivery\.tickMs/],
  [
    'an unknown platform',
    'channels:\n  - { id: main, platform: myspace }\n',
    /channels\.0\.platform|channels\[0\]\.platform/,
  ],
  [
    'a feed URL that is not http',
    'sources:\n  feeds:\n    - { url: "ftp://example.com/feed" }\n',
    /sources\.feeds/,
  ],
  ['a negative body limit', 'sources:\n  webhook: { maxBodyBytes: -5 }\n', /maxBodyBytes/],
  ['an unknown key', 'delivery:\n  tickMS: 100\n', /tickMS/],
  ['broken YAML', 'channels: [\n  - id: x\n', /YAML|yaml|parse/],
];

describe('bad config', () => {
  it.each(CASES)('%s: loadConfig throws one line naming the file and the field', (_name, yaml, names) => {
    const file = path.join(dir, 'crier.yaml');
    writeFileSync(file, yaml);
    let error: unknown;
    try {
      loadConfig({ cwd: dir, configPath: file, env: {} });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toContain('crier.yaml');
    expect(message).toMatch(names);
  });

  it('`crier run` with a bad config exits non-zero with that one line, and no stack trace', async () => {
    const file = path.join(dir, 'bad.yaml');
    writeFileSync(file, 'delivery:\n  tickMs: fast\n');
    const r = await runCrier(['--config', file, 'run'], {
      cwd: dir,
      env: { CRIER_DATA_DIR: path.join(dir, 'data') },
    });
    expect(r.code).not.toBe(0);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/bad\.yaml.*delivery\.tickMs/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

/**
 * `crier` as users run it: `node dist/cli.js ...` in a child process, with exactly the environment
 * given (plus PATH), so nothing leaks in from the developer's shell or a .env file in the repo.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { CLI } from './paths.js';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Wall time of the whole process, startup included. */
  ms: number;
}

/** Runs one CLI command to completion. */
export function runCrier(
  args: string[],
  opts: { env: Record<string, string>; cwd: string },
): Promise<CliRun> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: opts.cwd,
      env: { PATH: process.env.PATH ?? '', ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({
        code,
        stdout: Buffer.concat(out).toString(),
        stderr: Buffer.concat(err).toString(),
        ms: performance.now() - started,
      }),
    );
  });
}

export interface ServiceChild {
  readonly pid: number;
  /** `http://host:port` from the "crier is running" log line ('' until then). */
  readonly http: string;
  /** Every stdout and stderr line so far (pino JSON when stdout is not a TTY). */
  readonly lines: string[];
  /** Resolves with the exit code (or null when killed by a signal). */
  readonly exited: Promise<number | null>;
  /** Resolves once the service logged "crier is running"; rejects if it exits first. */
  readonly ready: Promise<void>;
  kill(signal: NodeJS.Signals): void;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<number | null>;
}

export interface StartOptions {
  cwd: string;
  env: Record<string, string>;
  configPath: string;
  /** Called with each output line as it arrives. */
  onLine?: (line: string) => void;
}

/** Starts `crier run`; await `ready` before relying on the HTTP address. */
export function startServiceChild(opts: StartOptions): ServiceChild {
  const child: ChildProcess = spawn(process.execPath, [CLI, '--config', opts.configPath, 'run'], {
    cwd: opts.cwd,
    env: { PATH: process.env.PATH ?? '', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let http = '';
  let markReady: () => void = () => undefined;
  let failReady: (err: Error) => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    failReady = reject;
  });
  ready.catch(() => undefined); // a caller that never awaits `ready` must not see an unhandled rejection
  const exited = new Promise<number | null>((resolve) => {
    child.on('close', (code) => {
      failReady(
        new Error(`crier run exited (${code}) before it was running:\n${lines.slice(-5).join('\n')}`),
      );
      resolve(code);
    });
  });
  const split = (stream: NodeJS.ReadableStream | null): void => {
    let rest = '';
    stream?.on('data', (d: Buffer) => {
      const parts = (rest + d.toString()).split('\n');
      rest = parts.pop() ?? '';
      for (const line of parts) {
        if (line === '') continue;
        lines.push(line);
        opts.onLine?.(line);
        if (!http && line.includes('crier is running')) {
          try {
            http = String((JSON.parse(line) as { http?: string }).http ?? '');
          } catch {
            http = /https?:\/\/[\d.:a-z]+/.exec(line)?.[0] ?? '';
          }
          markReady();
        }
      }
    });
  };
  split(child.stdout);
  split(child.stderr);
  return {
    pid: child.pid ?? -1,
    get http() {
      return http;
    },
    lines,
    exited,
    ready,
    kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

export interface Rss {
  /** Resident set size now, bytes. */
  rss: number;
  /** Peak resident set size (high-water mark), bytes. */
  hwm: number;
}

/** RSS of a process from /proc (Linux); undefined elsewhere or once it is gone. */
export function readRss(pid: number): Rss | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) =>
      Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return undefined;
  }
}

/** Resolves once `check` returns true, polling every `intervalMs`; rejects after `timeoutMs`. */
export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 60_000,
  intervalMs = 50,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

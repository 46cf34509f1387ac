#!/usr/bin/env node
import { Command } from 'commander';
import { ArticleError } from './articles/article.js';
import { ConfigError } from './config/errors.js';
import { processEnv, secretValues } from './config/load.js';
import { makeScrubber } from './log.js';
import { StoreError } from './store/errors.js';
import { CommandFailed } from './commands/context.js';
import { doctorCommand } from './commands/doctor.js';
import { postCommand } from './commands/post.js';
import { previewCommand, summarizeCommand } from './commands/preview.js';
import { runCommand } from './commands/run.js';
import { retryCommand, statusCommand } from './commands/status.js';

const program = new Command()
  .name('crier')
  .description('Cross-post news articles to X, Telegram and Facebook Pages.')
  .option('-c, --config <path>', 'config file (default: $CRIER_CONFIG, then config/crier.yaml)')
  .showHelpAfterError();

const global = () => program.opts<{ config?: string }>();

program
  .command('run')
  .description('run the service: watch sources, post on schedule, serve /articles, /healthz, /metrics')
  .action(() => runCommand(global()));

program
  .command('preview')
  .description("show each channel's post for articles (files or directories), without posting")
  .argument('<paths...>', '.txt/.md files or directories of them')
  .option('--json', 'one JSON object per article per line, with the exact request bodies')
  .option('--url <url>', 'article URL to link to (overrides front matter and site.articleUrl)')
  .option('--channels <ids>', 'comma-separated channel ids (default: all enabled)')
  .action((paths: string[], opts) => previewCommand(paths, opts, global()));

program
  .command('summarize')
  .description('print the extractive summary of articles within a character budget')
  .argument('<paths...>', '.txt/.md files or directories of them')
  .option('--chars <n>', 'character budget', '280')
  .option('--json', 'one JSON object per article per line')
  .action((paths: string[], opts) => summarizeCommand(paths, opts, global()));

program
  .command('post')
  .description('ingest articles (files, directories or http(s) URLs) into the outbox; --now also posts them')
  .argument('<inputs...>', 'files, directories or article URLs')
  .option('--now', 'post right away (ignoring slots) and print each receipt')
  .option('--channels <ids>', 'comma-separated channel ids (default: all enabled)')
  .option('--url <url>', 'article URL to link to, for files')
  .option('--wait <seconds>', 'with --now: how long to wait for the posts', '120')
  .action((inputs: string[], opts) => postCommand(inputs, opts, global()));

program
  .command('status')
  .description('list deliveries: status, attempts, next attempt, post URL, last error')
  .option('--json', 'machine-readable output')
  .option('--limit <n>', 'most recent N deliveries (0 for all)', '50')
  .option('--status <list>', 'only these statuses, e.g. failed,uncertain')
  .option('--channel <id>', 'only this channel')
  .action((opts) => statusCommand(opts, global()));

program
  .command('retry')
  .description('queue failed or uncertain deliveries again')
  .argument('[ids...]', 'delivery ids (see crier status)')
  .option('--failed', 'every failed delivery')
  .option('--uncertain', 'every uncertain delivery (check the platform first: it may have the post)')
  .action((ids: string[], opts) => retryCommand(ids, opts, global()));

program
  .command('doctor')
  .description("check the config, data folder and each channel's credentials against its platform")
  .option('--json', 'machine-readable output')
  .action((opts) => doctorCommand(opts, global()));

try {
  await program.parseAsync(process.argv);
} catch (err) {
  const known =
    err instanceof ConfigError ||
    err instanceof ArticleError ||
    err instanceof CommandFailed ||
    err instanceof StoreError;
  const env = processEnv();
  const scrub = makeScrubber(secretValues(env));
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(scrub(`crier: ${known ? message : `unexpected error: ${message}`}\n`));
  if (!known && err instanceof Error && env.CRIER_DEBUG) process.stderr.write(scrub(`${err.stack}\n`));
  process.exitCode = err instanceof CommandFailed ? err.exitCode : err instanceof ConfigError ? 2 : 1;
}

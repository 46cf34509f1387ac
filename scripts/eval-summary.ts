/**
 * Scores crier's extractive summary against the Lead baseline on news-dev (CNN highlights and BBC
 * extractive summaries): ROUGE-1/2/L F1 at 200, 400 and 800 characters, plus sentence-level
 * precision/recall on BBC (whose references are sentences copied from the article).
 *
 * Usage: node build/scripts/eval-summary.js [--data ../shared/data/news-dev] [--json]
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Article } from '../src/articles/article.js';
import { articleSentences, leadBaseline, summarize } from '../src/compose/summary.js';
import { splitSentences } from '../src/compose/sentences.js';
import { rouge } from './rouge.js';

interface Case {
  corpus: 'cnn' | 'bbc';
  article: Article;
  reference: string;
  referenceSentences: string[];
}

const BUDGETS = [200, 400, 800] as const;
const SYSTEMS = { crier: summarize, lead: leadBaseline } as const;

function blocks(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((b) => b.replace(/\s*\n\s*/g, ' ').trim())
    .filter((b) => b.length > 0);
}

function article(id: string, title: string, paragraphs: string[]): Article {
  return { id, title, paragraphs, tags: [], source: { kind: 'file', ref: id } };
}

function loadCnn(dir: string): Case[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.story'))
    .sort()
    .map((f) => {
      const [body = '', ...highlights] = readFileSync(path.join(dir, f), 'utf8').split('@highlight');
      const refs = highlights.map((h) => h.trim()).filter(Boolean);
      // CNN stories carry no headline line: the article title stays empty.
      return {
        corpus: 'cnn' as const,
        article: article(f, '', blocks(body)),
        reference: refs.join('\n'),
        referenceSentences: refs,
      };
    });
}

function loadBbc(dir: string): Case[] {
  const cases: Case[] = [];
  for (const topic of readdirSync(path.join(dir, 'article')).sort()) {
    for (const f of readdirSync(path.join(dir, 'article', topic)).sort()) {
      const text = readFileSync(path.join(dir, 'article', topic, f), 'utf8');
      const [title = '', ...paragraphs] = blocks(text.replace(/\n/, '\n\n'));
      const summary = readFileSync(path.join(dir, 'summary', topic, f), 'utf8');
      const refs = summary
        .split('\n')
        .flatMap((line) => splitSentences(line))
        .filter(Boolean);
      cases.push({
        corpus: 'bbc',
        article: article(`${topic}/${f}`, title, paragraphs),
        reference: refs.join('\n'),
        referenceSentences: refs,
      });
    }
  }
  return cases;
}

function normal(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Share of picked sentences that are reference sentences, and of reference sentences picked. */
function sentencePR(c: Case, summary: string): { p: number; r: number } {
  const refs = new Set(c.referenceSentences.map(normal));
  const picked = articleSentences(c.article)
    .filter((s) => summary.includes(s))
    .map(normal);
  const hits = picked.filter((s) => refs.has(s)).length;
  return { p: picked.length ? hits / picked.length : 0, r: refs.size ? hits / refs.size : 0 };
}

type Row = Record<string, number | string>;

function evaluate(cases: Case[]): Row[] {
  const rows: Row[] = [];
  for (const corpus of ['cnn', 'bbc', 'all'] as const) {
    const subset = cases.filter((c) => corpus === 'all' || c.corpus === corpus);
    for (const budget of BUDGETS) {
      for (const [system, fn] of Object.entries(SYSTEMS)) {
        const sums = { r1: 0, r2: 0, rl: 0, sp: 0, sr: 0, chars: 0 };
        for (const c of subset) {
          const out = fn(c.article, budget);
          const s = rouge(c.reference, out);
          sums.r1 += s.rouge1.f;
          sums.r2 += s.rouge2.f;
          sums.rl += s.rougeL.f;
          sums.chars += out.length;
          const pr = sentencePR(c, out);
          sums.sp += pr.p;
          sums.sr += pr.r;
        }
        const n = subset.length;
        const row: Row = { corpus, budget, system, n };
        row.rouge1 = sums.r1 / n;
        row.rouge2 = sums.r2 / n;
        row.rougeL = sums.rl / n;
        row.avgChars = sums.chars / n;
        if (corpus === 'bbc') {
          row.sentP = sums.sp / n;
          row.sentR = sums.sr / n;
        }
        rows.push(row);
      }
    }
  }
  return rows;
}

function main(argv: string[]): void {
  const i = argv.indexOf('--data');
  const data = i >= 0 && argv[i + 1] ? argv[i + 1]! : path.resolve('../shared/data/news-dev');
  const cases = [...loadCnn(path.join(data, 'cnn')), ...loadBbc(path.join(data, 'bbc'))];
  const rows = evaluate(cases);
  if (argv.includes('--json')) {
    process.stdout.write(JSON.stringify({ data, cases: cases.length, rows }, null, 2) + '\n');
    return;
  }
  const f = (v: unknown): string =>
    typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(4)) : String(v ?? '');
  const head = ['corpus', 'budget', 'system', 'rouge1', 'rouge2', 'rougeL', 'avgChars', 'sentP', 'sentR'];
  console.log(head.map((h) => h.padEnd(9)).join(' '));
  for (const row of rows) {
    console.log(
      head.map((h) => (h === 'avgChars' ? Number(row[h]).toFixed(0) : f(row[h])).padEnd(9)).join(' '),
    );
  }
}

main(process.argv.slice(2));

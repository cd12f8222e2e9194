import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { numberOptions } from '../lib/args.ts';
import { note, printResult } from '../lib/result.ts';
import { withTempDir } from '../lib/temp.ts';
import { extractFile } from '../../src/server/extract/index.ts';
import { makeNumberedPdf } from '../../test/fixtures/documents/make-pdf.ts';

/**
 * PDF text extraction speed: extractFile on a generated 200-page text PDF, median of `--runs`
 * runs after one warm-up; when poppler's pdftotext is installed, it is timed on the same file
 * and `ratio` is our pages per second divided by its pages per second.
 */

const PAGES = 200;
const { runs } = numberOptions(process.argv.slice(2), { runs: 5 });

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

const round = (value: number): number => Math.round(value * 10) / 10;

async function timeRuns(work: () => Promise<void> | void): Promise<number> {
  await work();
  const seconds: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    await work();
    seconds.push((performance.now() - started) / 1000);
  }
  return median(seconds);
}

function hasPdftotext(): boolean {
  const probe = spawnSync('pdftotext', ['-v'], { stdio: 'ignore' });
  return !probe.error;
}

await withTempDir('bench-extract', async (dir) => {
  const path = join(dir, 'report.pdf');
  await writeFile(path, makeNumberedPdf(PAGES));
  const sniffed = { supported: true, type: 'pdf', category: 'document', mime: 'application/pdf' } as const;

  const ours = await timeRuns(async () => {
    const result = await extractFile(path, 'report.pdf', sniffed);
    if (result.sections.length !== PAGES) throw new Error(`expected ${PAGES} sections, got ${result.sections.length}`);
  });
  const pagesPerSecond = PAGES / ours;
  note(`extractFile: ${PAGES} pages in ${(ours * 1000).toFixed(0)} ms (median of ${runs})`);

  let pdftotextPagesPerSecond: number | null = null;
  if (hasPdftotext()) {
    const output = join(dir, 'report.txt');
    const theirs = await timeRuns(() => {
      const run = spawnSync('pdftotext', ['-enc', 'UTF-8', path, output]);
      if (run.status !== 0) throw new Error(`pdftotext failed: ${run.stderr.toString()}`);
    });
    pdftotextPagesPerSecond = PAGES / theirs;
    note(`pdftotext: ${PAGES} pages in ${(theirs * 1000).toFixed(0)} ms (median of ${runs}, process start included)`);
  } else {
    note('pdftotext is not installed: no comparison');
  }

  printResult({
    pages: PAGES,
    pages_per_s: round(pagesPerSecond),
    pdftotext_pages_per_s: pdftotextPagesPerSecond === null ? null : round(pdftotextPagesPerSecond),
    ratio: pdftotextPagesPerSecond === null ? null : Math.round((pagesPerSecond / pdftotextPagesPerSecond) * 100) / 100,
  });
});

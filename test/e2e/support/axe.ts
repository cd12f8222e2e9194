import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Result } from 'axe-core';
import type { Page } from 'playwright-core';
import { ROOT } from './build-renderer.ts';

const AXE_SOURCE = join(ROOT, 'node_modules/axe-core/axe.min.js');
const BLOCKING: ReadonlySet<string> = new Set(['serious', 'critical']);

/** One violation as a failing test prints it: the rule, why, and where. */
export interface Violation {
  rule: string;
  impact: string;
  help: string;
  nodes: string[];
}

/**
 * Runs axe-core over the whole page and returns its serious and critical violations. axe is
 * evaluated through the DevTools protocol, which the page's content security policy does not
 * govern, so the page keeps the policy it ships with.
 */
export async function blockingViolations(page: Page): Promise<Violation[]> {
  if (!(await page.evaluate("typeof axe === 'object'"))) await page.evaluate(await readFile(AXE_SOURCE, 'utf8'));
  const violations = await page.evaluate<Result[]>("axe.run(document, { resultTypes: ['violations'] }).then((results) => results.violations)");
  return violations
    .filter((violation) => BLOCKING.has(violation.impact ?? ''))
    .map((violation) => ({
      rule: violation.id,
      impact: violation.impact ?? '',
      help: violation.help,
      nodes: violation.nodes.map((node) => `${node.target.join(' ')}: ${node.failureSummary ?? ''}`),
    }));
}

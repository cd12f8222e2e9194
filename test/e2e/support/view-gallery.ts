import type { Page } from 'playwright-core';
import type { AppSession } from './app-session.ts';
import { openView, type ViewName } from './window.ts';

export const VIEWS: readonly ViewName[] = ['queue', 'folders', 'search', 'activity', 'settings'];
export const LANGUAGES = ['en', 'zh-CN'] as const;
export const THEMES = ['light', 'dark'] as const;
export type Language = (typeof LANGUAGES)[number];
export type Theme = (typeof THEMES)[number];

/** A query that finds LIBRARY's files in each language. */
const QUERIES: Record<Language, string> = { en: 'bicycles orchards', 'zh-CN': '会议纪要' };

/** Sets the language and theme as Settings would, and waits until the window shows them. */
export async function setAppearance(session: AppSession, language: Language, theme: Theme): Promise<void> {
  const outcome = await session.app.service.call('updateSettings', { language, theme });
  if ('error' in outcome) throw new Error(outcome.error.message);
  await session.page.locator(`html[lang="${language}"][data-theme="${theme}"]`).waitFor();
}

/**
 * Opens a view and waits until it shows LIBRARY's content: the queue its files, the folders
 * their card, search the results of a query in the window's language, activity its entries.
 * Selectors are the window's structure, not its words, so they hold in every language.
 */
export async function showView(page: Page, view: ViewName, language: Language): Promise<void> {
  await openView(page, view);
  const panel = page.getByRole('tabpanel');
  if (view === 'queue') await panel.locator('.file-row.state-skipped').waitFor();
  if (view === 'folders') await panel.locator('.folder-card').first().waitFor();
  if (view === 'activity') await panel.locator('.activity-list li').first().waitFor();
  if (view === 'settings') await panel.locator('#theme').waitFor();
  if (view === 'search') {
    await page.locator('#search-query').fill(QUERIES[language]);
    await page.locator('#search-query').press('Enter');
    await panel.locator('.results mark').first().waitFor();
  }
}

import { describe, expect, it } from 'vitest';
import { E2E_TEST_TIMEOUT_MS } from './support/app-session.ts';
import { sessionWithLibrary } from './support/library.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { LANGUAGES, setAppearance, showView, THEMES, VIEWS, type Language } from './support/view-gallery.ts';

const TAB_LABELS: Record<Language, string[]> = {
  en: ['Queue', 'Folders', 'Search', 'Activity', 'Settings'],
  'zh-CN': ['队列', '文件夹', '搜索', '动态', '设置'],
};

/**
 * Every view in both languages and both themes, saved to test-results/screenshots/ for people
 * to look at; each is checked to be in its language and to fit the window without scrolling sideways.
 */
describe('screenshots of every view', { timeout: E2E_TEST_TIMEOUT_MS }, () => {
  const session = sessionWithLibrary();

  for (const language of LANGUAGES) {
    for (const theme of THEMES) {
      it(`${language}, ${theme}`, async () => {
        const { page } = session();
        await setAppearance(session(), language, theme);
        for (const view of VIEWS) {
          await showView(page, view, language);
          expect(await page.getByRole('tab').allInnerTexts()).toEqual(TAB_LABELS[language]);
          const overflowing = await page.locator('html').evaluate((html) =>
            [html, ...html.querySelectorAll('.view, .view-panel > *')].filter((element) => element.scrollWidth > element.clientWidth).map((element) => element.className || element.tagName),
          );
          expect(overflowing, `${view} is wider than the window`).toEqual([]);
          await saveScreenshot(page, `${view}-${theme}-${language}`);
        }
      });
    }
  }
});

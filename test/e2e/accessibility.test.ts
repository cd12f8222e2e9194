import { describe, expect, it } from 'vitest';
import { E2E_TEST_TIMEOUT_MS } from './support/app-session.ts';
import { blockingViolations } from './support/axe.ts';
import { sessionWithLibrary } from './support/library.ts';
import { dropOnWindow } from './support/real-drop.ts';
import { setAppearance, showView, THEMES, VIEWS } from './support/view-gallery.ts';
import { openView } from './support/window.ts';
import { makeFolder } from './support/workspace.ts';

/** axe-core over every view with content in it, and over the folder-drop dialog, in both themes: no serious or critical violation. */
describe('accessibility of every view', { timeout: E2E_TEST_TIMEOUT_MS }, () => {
  const session = sessionWithLibrary();

  for (const theme of THEMES) {
    it.each(VIEWS)(`%s, ${theme}`, async (view) => {
      const { page } = session();
      await setAppearance(session(), 'en', theme);
      await showView(page, view, 'en');
      expect(await blockingViolations(page)).toEqual([]);
    });

    it(`the dialog for a dropped folder, ${theme}`, async () => {
      const { page } = session();
      await setAppearance(session(), 'en', theme);
      await openView(page, 'queue');
      const folder = await makeFolder(session().folder(`dropped-${theme}`), { 'note.txt': { content: 'A note.\n' } });
      await dropOnWindow(page, [folder]);
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      expect(await blockingViolations(page)).toEqual([]);
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'detached' });
    });
  }
});

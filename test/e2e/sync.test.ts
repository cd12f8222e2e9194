import { randomBytes } from 'node:crypto';
import { utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makePdf } from '../fixtures/documents/make-pdf.ts';
import { E2E_TEST_TIMEOUT_MS, sessionForSuite } from './support/app-session.ts';
import { dropOnWindow } from './support/real-drop.ts';
import { addFolderByPath, fileRow, openView, waitForFileState } from './support/window.ts';
import { documentFixture, makeFolder, sample } from './support/workspace.ts';

describe('syncing from the window in a browser', { timeout: E2E_TEST_TIMEOUT_MS }, () => {
  const session = sessionForSuite();

  it('adds a folder typed by its path, syncs its files, and keeps watching it', async () => {
    const { page } = session();
    const notes = await makeFolder(session().folder('notes'), {
      '会议纪要.txt': { copyOf: sample('会议纪要.txt') },
      'guide.md': { copyOf: sample('guide.md') },
      'reports/orchards.pdf': { copyOf: documentFixture('english-2-pages.pdf') },
    });

    await addFolderByPath(page, notes);
    const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: notes, exact: true }) });
    await card.getByText('Watching', { exact: true }).waitFor();

    await openView(page, 'queue');
    for (const name of ['会议纪要.txt', 'guide.md', 'orchards.pdf']) await waitForFileState(page, name, 'Done');
    expect(await fileRow(page, 'orchards.pdf').innerText()).toContain('notes / reports/orchards.pdf');

    await writeFile(join(notes, 'later.txt'), 'Written after the folder was added.\n');
    await waitForFileState(page, 'later.txt', 'Done');
  });

  it('uploads files dropped on the window once, through the web host', async () => {
    const { page } = session();
    const desk = await makeFolder(session().folder('desk'), {
      'dropped-report.docx': { copyOf: documentFixture('report.docx') },
      'dropped-notes.txt': { content: 'Notes dropped onto the window.\n' },
    });
    await openView(page, 'queue');

    await dropOnWindow(page, [join(desk, 'dropped-report.docx'), join(desk, 'dropped-notes.txt')]);

    await page.getByTestId('drop-notice').getByText('2 files added to the queue.').waitFor();
    const report = await waitForFileState(page, 'dropped-report.docx', 'Done');
    await waitForFileState(page, 'dropped-notes.txt', 'Done');
    // The drop's folder on the host is named for when it was dropped.
    await report.getByText(/^dropped-\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2}-[0-9a-f]{6} \/ dropped-report\.docx$/).waitFor();
  });

  it('asks what to do with a dropped folder, and uploads what is in it once (a browser cannot watch it)', async () => {
    const { page } = session();
    const album = await makeFolder(session().folder('album'), {
      'first.txt': { content: 'The first note of the album.\n' },
      'inner/second.md': { content: '# Second\n\nThe second note, one folder down.\n' },
      'inner/deeper/third.txt': { content: 'The third note, two folders down.\n' },
    });
    await openView(page, 'queue');

    await dropOnWindow(page, [album]);
    const dialog = page.getByRole('dialog', { name: 'Watch this folder?' });
    await dialog.getByText('Keep album in sync (watch it), or upload what is in it now, once?').waitFor();
    await dialog.getByText('In a browser the app cannot watch a dropped folder', { exact: false }).waitFor();
    expect(await dialog.getByRole('button', { name: 'Watch', exact: true }).count()).toBe(0);

    await dialog.getByRole('button', { name: 'Upload once' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('drop-notice').getByText('3 files added to the queue.').waitFor();
    await waitForFileState(page, 'first.txt', 'Done');
    await waitForFileState(page, 'second.md', 'Done');
    const third = await waitForFileState(page, 'third.txt', 'Done');
    expect(await third.innerText()).toContain('album/inner/deeper/third.txt');
  });

  it('offers to add a dropped folder by its path instead', async () => {
    const { page } = session();
    const shelf = await makeFolder(session().folder('shelf'), { 'book.txt': { content: 'A book on the shelf.\n' } });
    await openView(page, 'queue');

    await dropOnWindow(page, [shelf]);
    await page.getByRole('dialog').getByRole('button', { name: 'Add by path…' }).click();

    await page.locator('#tab-folders[aria-selected="true"]').waitFor();
    await page.getByLabel('Folder path').and(page.locator(':focus')).waitFor();
  });

  it('shows why files were skipped, and syncs a fixed file when it is retried', async () => {
    const { page } = session();
    const realPdf = makePdf([['Inventory of the orchard shed.', 'Ladders, baskets and a blue bicycle.']]);
    const inbox = await makeFolder(session().folder('inbox'), {
      'scan.pdf': { content: randomBytes(realPdf.length) },
      'empty.txt': { content: '' },
      'locked.pdf': { copyOf: documentFixture('encrypted-password.pdf') },
    });
    // A fixed time, so that the repaired file below has the size and time the app recorded: only a retry checks it again.
    const recorded = new Date('2024-03-01T08:00:00Z');
    await utimes(join(inbox, 'scan.pdf'), recorded, recorded);

    await addFolderByPath(page, inbox);
    await openView(page, 'queue');
    const reasons = { 'scan.pdf': 'named .pdf but the content is not a PDF', 'empty.txt': 'the file is empty', 'locked.pdf': 'the PDF is password-protected' };
    for (const [name, reason] of Object.entries(reasons)) {
      const row = await waitForFileState(page, name, 'Skipped');
      await row.getByText(reason, { exact: true }).waitFor();
    }

    await writeFile(join(inbox, 'scan.pdf'), realPdf);
    await utimes(join(inbox, 'scan.pdf'), recorded, recorded);
    await fileRow(page, 'scan.pdf').getByRole('button', { name: 'Retry scan.pdf' }).click();

    const retried = await waitForFileState(page, 'scan.pdf', 'Done');
    expect(await retried.getByText(reasons['scan.pdf']).count()).toBe(0);
  });
});

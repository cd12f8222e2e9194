import { join } from 'node:path';
import type { FileRecord } from '../engine/ledger/types.ts';
import type { SyncEngine } from '../engine/sync-engine.ts';
import { FILTER_STATES } from '../shared/app-api.ts';
import { AppServiceError } from './app-error.ts';
import type { Handlers } from './dispatch.ts';
import type { DesktopActions } from './ports.ts';
import type { ServiceContext } from './service-context.ts';
import { toFileView, toFolderView } from './views.ts';

function knownFile(engine: SyncEngine, fileId: number): FileRecord {
  const file = engine.ledger.files.get(fileId);
  if (!file) throw new AppServiceError('not_found', `no file has the id ${fileId}`);
  return file;
}

/** Where a ledger file is on disk; the window names files by id, never by path. */
function pathOf(engine: SyncEngine, file: FileRecord): string {
  const folder = engine.ledger.folders.get(file.folderId);
  if (!folder) throw new AppServiceError('not_found', `the folder of ${file.relativePath} is no longer synced`);
  return join(folder.path, ...file.relativePath.split('/'));
}

function needDesktop(desktop: DesktopActions | undefined, what: string): DesktopActions {
  if (!desktop) throw new AppServiceError('unsupported', `${what} needs the desktop app; the browser cannot reach your files`);
  return desktop;
}

/** The queue: listing files and what the person can do with one. */
export function fileMethods(context: ServiceContext): Pick<Handlers, 'listFiles' | 'retryFile' | 'ignoreFile' | 'revealFile' | 'openFile' | 'revealSource'> {
  return {
    async listFiles({ filter, folderId, text, offset, limit }) {
      const { engine } = await context.session();
      const page = engine.ledger.files.page({ states: filter === 'all' ? undefined : FILTER_STATES[filter], folderId, text, offset, limit });
      return { total: page.total, items: page.items.map(toFileView) };
    },
    async retryFile({ fileId }) {
      const { engine } = await context.session();
      knownFile(engine, fileId);
      const file = engine.retryFile(fileId);
      return file ? toFileView(file) : null;
    },
    async ignoreFile({ fileId }) {
      const { engine } = await context.session();
      knownFile(engine, fileId);
      const folder = await engine.ignoreFile(fileId);
      context.events.announceFolders(engine);
      return context.events.folders(engine).find((view) => view.id === folder.id) ?? toFolderView(folder, undefined);
    },
    async revealFile({ fileId }) {
      const desktop = needDesktop(context.desktop, 'Showing a file in its folder');
      const { engine } = await context.session();
      await desktop.revealPath(pathOf(engine, knownFile(engine, fileId)));
      return null;
    },
    async openFile({ fileId }) {
      const desktop = needDesktop(context.desktop, 'Opening a file');
      const { engine } = await context.session();
      await desktop.openPath(pathOf(engine, knownFile(engine, fileId)));
      return null;
    },
    async revealSource({ folderId, relativePath }) {
      const desktop = needDesktop(context.desktop, 'Showing a file in its folder');
      const { engine } = await context.session();
      const folders = folderId ? [folderId] : engine.folders().map((folder) => folder.id);
      const file = folders.map((id) => engine.ledger.files.byPath(id, relativePath)).find((found) => found !== undefined);
      if (!file) throw new AppServiceError('not_found', `${relativePath} is not a file of a synced folder`);
      await desktop.revealPath(pathOf(engine, file));
      return null;
    },
  };
}

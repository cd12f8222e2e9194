import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { SyncEngine } from '../engine/sync-engine.ts';
import type { FolderView } from '../shared/app-api.ts';
import { AppServiceError } from './app-error.ts';
import type { Handlers } from './dispatch.ts';
import { previewRules } from './preview-rules.ts';
import type { ServiceContext } from './service-context.ts';

function knownFolder(engine: SyncEngine, folderId: string): void {
  if (!engine.ledger.folders.get(folderId)) throw new AppServiceError('not_found', `no folder has the id ${folderId}`);
}

function viewOf(context: ServiceContext, engine: SyncEngine, folderId: string): FolderView {
  context.events.announceFolders(engine);
  return context.events.folders(engine).find((view) => view.id === folderId) as FolderView;
}

/** A path the window sent, once the host trusts it and it exists. */
async function trustedPath(context: ServiceContext, path: string, kind: 'folder' | 'any'): Promise<string> {
  context.checkPath(path);
  const absolute = resolve(path);
  const info = await stat(absolute).catch(() => undefined);
  if (!info || (kind === 'folder' && !info.isDirectory())) throw new AppServiceError('not_found', `${absolute} is not a ${kind === 'folder' ? 'folder' : 'file or folder'} that exists`);
  return absolute;
}

/** Folders: choosing, changing and dropping them. */
export function folderMethods(context: ServiceContext): Pick<Handlers, 'pickFolder' | 'addFolder' | 'removeFolder' | 'updateFolder' | 'previewRules' | 'uploadOnce'> {
  return {
    async pickFolder() {
      if (!context.desktop) throw new AppServiceError('unsupported', 'Picking a folder needs the desktop app; type the folder path instead');
      const path = await context.desktop.pickFolder();
      return path === null ? null : { path };
    },
    async addFolder({ path, ...options }) {
      const absolute = await trustedPath(context, path, 'folder');
      const { engine } = await context.session();
      if (engine.folders().some((folder) => folder.path === absolute)) throw new AppServiceError('invalid', `${absolute} is already synced`);
      const folder = await engine.addFolder({ path: absolute, ...options });
      return viewOf(context, engine, folder.id);
    },
    async removeFolder({ folderId }) {
      const { engine } = await context.session();
      knownFolder(engine, folderId);
      await engine.removeFolder(folderId);
      context.events.forgetFolder(folderId);
      context.events.announceFolders(engine);
      return null;
    },
    async updateFolder({ folderId, changes }) {
      const { engine } = await context.session();
      knownFolder(engine, folderId);
      await engine.updateFolder(folderId, changes);
      return viewOf(context, engine, folderId);
    },
    async previewRules({ path, types, ignore }) {
      return previewRules({ path: await trustedPath(context, path, 'folder'), types, ignore });
    },
    async uploadOnce({ paths }) {
      const absolute: string[] = [];
      for (const path of paths) absolute.push(await trustedPath(context, path, 'any'));
      const { engine } = await context.session();
      const files = await engine.uploadOnce(absolute);
      context.events.announceFolders(engine);
      return { files };
    },
  };
}

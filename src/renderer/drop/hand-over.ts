import type { AppApi } from '../../shared/app-api.ts';
import { walkFolder, type DroppedItems } from './dropped-items.ts';

/** Uploads dropped files and folders once; returns how many files the app took. */
export async function uploadOnce(api: AppApi, { files, folders }: DroppedItems): Promise<number> {
  const { drop } = api;
  if (drop.kind === 'paths') {
    const paths = [...files, ...folders.flatMap((folder) => (folder.file ? [folder.file] : []))].map((file) => drop.pathFor(file));
    if (paths.length === 0) return 0;
    return (await api.call('uploadOnce', { paths })).files;
  }
  for (const file of files) await drop.upload(file, file.name);
  for (const folder of folders) for (const found of await walkFolder(folder.entry)) await drop.upload(found.file, found.relativePath);
  return (await drop.finish()).files;
}

/** Watches dropped folders (desktop only: a browser cannot tell the app where a folder is). */
export async function watchFolders(api: AppApi, { folders }: DroppedItems): Promise<void> {
  const { drop } = api;
  if (drop.kind !== 'paths') throw new Error('A browser cannot watch a dropped folder.');
  for (const folder of folders) if (folder.file) await api.call('addFolder', { path: drop.pathFor(folder.file) });
}

/** A file to upload with its path inside what was dropped (`folder/sub/file.pdf`, or just `file.pdf`). */
export interface DroppedFile {
  file: File;
  relativePath: string;
}

/** A dropped folder: its `File` (which the desktop turns into a path) and its entry (which a browser walks). */
export interface DroppedFolder {
  name: string;
  file: File | null;
  entry: FileSystemDirectoryEntry;
}

export interface DroppedItems {
  files: File[];
  folders: DroppedFolder[];
}

/** Splits a drop into files and folders; must run during the drop event, while the items are readable. */
export function droppedItems(transfer: DataTransfer): DroppedItems {
  const files: File[] = [];
  const folders: DroppedFolder[] = [];
  for (const item of Array.from(transfer.items)) {
    if (item.kind !== 'file') continue;
    const entry = item.webkitGetAsEntry();
    const file = item.getAsFile();
    if (entry?.isDirectory) folders.push({ name: entry.name, file, entry: entry as FileSystemDirectoryEntry });
    else if (file) files.push(file);
  }
  return { files, folders };
}

const readBatch = (reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> =>
  new Promise((resolve, reject) => reader.readEntries(resolve, reject));
const entryFile = (entry: FileSystemFileEntry): Promise<File> => new Promise((resolve, reject) => entry.file(resolve, reject));

/** Every file under a dropped folder, with paths that start at the folder's name. */
export async function walkFolder(folder: FileSystemDirectoryEntry): Promise<DroppedFile[]> {
  const found: DroppedFile[] = [];
  const pending: { entry: FileSystemDirectoryEntry; path: string }[] = [{ entry: folder, path: folder.name }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const reader = next.entry.createReader();
    // readEntries returns the entries in batches until it returns none.
    for (let batch = await readBatch(reader); batch.length > 0; batch = await readBatch(reader)) {
      for (const entry of batch) {
        const path = `${next.path}/${entry.name}`;
        if (entry.isDirectory) pending.push({ entry: entry as FileSystemDirectoryEntry, path });
        else if (entry.isFile) found.push({ file: await entryFile(entry as FileSystemFileEntry), relativePath: path });
      }
    }
  }
  return found;
}

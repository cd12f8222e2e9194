import type { DatabaseSync } from 'node:sqlite';
import { FolderSettings } from '../../shared/folder-settings.ts';

/** The folders the person chose, with their settings. */
export class FolderLedger {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  save(settings: FolderSettings, now = Date.now()): void {
    this.#db
      .prepare('INSERT INTO folders (id, settings, added_at) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET settings = excluded.settings')
      .run(settings.id, JSON.stringify(settings), now);
  }

  /** Forgets a folder and its files; their memories stay in MemOS. */
  remove(id: string): boolean {
    return this.#db.prepare('DELETE FROM folders WHERE id = ?').run(id).changes > 0;
  }

  get(id: string): FolderSettings | undefined {
    const row = this.#db.prepare('SELECT settings FROM folders WHERE id = ?').get(id) as { settings: string } | undefined;
    return row && FolderSettings.parse(JSON.parse(row.settings));
  }

  all(): FolderSettings[] {
    const rows = this.#db.prepare('SELECT settings FROM folders ORDER BY added_at, id').all() as unknown as { settings: string }[];
    return rows.map((row) => FolderSettings.parse(JSON.parse(row.settings)));
  }
}

/** What `memos-sync watch` was asked to do, whichever way it runs. */
export interface WatchOptions {
  /** Absolute paths. */
  folders: string[];
  /** As given with --target; absent means the default (or, with --web, what the window last saved). */
  target?: string;
  userId?: string;
  dataRoot: string;
  json: boolean;
}

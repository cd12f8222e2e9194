/**
 * Desktop notifications, only when the person turned them on: at most one a minute, problems
 * that need the person before anything else, and what was added told as one digest
 * ("12 files added to memory") instead of a notification per file.
 */
import { Notification } from 'electron';
import type { AppEvent } from '../shared/app-api.ts';
import type { Strings } from './strings.ts';

export const MIN_INTERVAL_MS = 60_000;
/** How long additions are collected before the digest is due. */
export const DIGEST_DELAY_MS = 60_000;

export interface NotifierOptions {
  enabled(): boolean;
  strings(): Strings;
  /** A notification was clicked: show the window where the details are. */
  onClick(): void;
}

interface Problem {
  title: string;
  body: string;
}

export class Notifier {
  private problem: Problem | undefined;
  private lastProblemText: string | undefined;
  private added = 0;
  private digestDueAt = 0;
  private lastShownAt = Number.NEGATIVE_INFINITY;
  private timer: NodeJS.Timeout | undefined;

  private readonly options: NotifierOptions;

  constructor(options: NotifierOptions) {
    this.options = options;
  }

  handle(event: AppEvent): void {
    if (event.type === 'engine') this.engineState(event);
    else if (event.type === 'activity' && event.entry.kind === 'added') this.fileAdded();
  }

  /** A problem the person may not see in the window (it may be closed), e.g. a shortcut that was refused. */
  notifyProblem(body: string): void {
    if (!this.options.enabled()) return;
    this.problem = { title: 'MemOS Sync', body };
    this.schedule();
  }

  dispose(): void {
    clearTimeout(this.timer);
  }

  private engineState(event: Extract<AppEvent, { type: 'engine' }>): void {
    if (event.state !== 'attention' && event.state !== 'error') {
      this.lastProblemText = undefined;
      return;
    }
    const strings = this.options.strings();
    const body = event.message ?? strings[event.state];
    // The same problem announced again (a retry that failed alike) is not news.
    if (body === this.lastProblemText) return;
    this.lastProblemText = body;
    if (this.options.enabled()) {
      this.problem = { title: `MemOS Sync: ${strings[event.state]}`, body };
      this.schedule();
    }
  }

  private fileAdded(): void {
    if (!this.options.enabled()) return;
    if (this.added === 0) this.digestDueAt = Date.now() + DIGEST_DELAY_MS;
    this.added += 1;
    this.schedule();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const allowedAt = this.lastShownAt + MIN_INTERVAL_MS;
    const dueAt = this.problem ? allowedAt : this.added > 0 ? Math.max(allowedAt, this.digestDueAt) : undefined;
    if (dueAt === undefined) return;
    this.timer = setTimeout(() => this.fire(), Math.max(0, dueAt - Date.now()));
  }

  private fire(): void {
    this.timer = undefined;
    if (!this.options.enabled()) {
      this.problem = undefined;
      this.added = 0;
      return;
    }
    if (this.problem) {
      this.show(this.problem);
      this.problem = undefined;
    } else if (this.added > 0) {
      this.show({ title: 'MemOS Sync', body: this.options.strings().added(this.added) });
      this.added = 0;
    }
    this.schedule();
  }

  private show({ title, body }: Problem): void {
    this.lastShownAt = Date.now();
    if (!Notification.isSupported()) return;
    const notification = new Notification({ title, body });
    notification.on('click', () => this.options.onClick());
    notification.show();
  }
}

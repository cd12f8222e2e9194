/** The few words the main process shows itself (tray, notifications, dialogs), in English and Simplified Chinese. */
import type { EngineState, PublicSettings } from '../shared/app-api.ts';

export type Locale = 'en' | 'zh-CN';

const en = {
  open: 'Open MemOS Sync',
  search: 'Search…',
  pauseHour: 'Pause for 1 hour',
  pauseUntilResumed: 'Pause until resumed',
  resume: 'Resume',
  addFolder: 'Add folder…',
  openActivity: 'Open activity',
  quit: 'Quit',
  pickFolderTitle: 'Choose a folder to keep in memory',
  idle: 'Up to date',
  syncing: (done: number, total: number) => `Syncing ${done} of ${total} files`,
  paused: 'Paused',
  pausedUntil: (time: string) => `Paused until ${time}`,
  offline: 'Offline: waiting for MemOS',
  attention: 'Needs your attention',
  error: 'Something went wrong',
  added: (count: number) => (count === 1 ? '1 file added to memory' : `${count} files added to memory`),
  shortcutTaken: (accelerator: string) => `The shortcut ${accelerator} could not be registered; choose another in Settings.`,
};

const zhCN: typeof en = {
  open: '打开 MemOS Sync',
  search: '搜索…',
  pauseHour: '暂停 1 小时',
  pauseUntilResumed: '暂停直到恢复',
  resume: '恢复',
  addFolder: '添加文件夹…',
  openActivity: '打开动态',
  quit: '退出',
  pickFolderTitle: '选择要同步到记忆的文件夹',
  idle: '已是最新',
  syncing: (done, total) => `正在同步 ${done} / ${total} 个文件`,
  paused: '已暂停',
  pausedUntil: (time) => `已暂停，直到 ${time}`,
  offline: '离线：等待 MemOS',
  attention: '需要你处理',
  error: '出错了',
  added: (count) => `${count} 个文件已加入记忆`,
  shortcutTaken: (accelerator) => `无法注册快捷键 ${accelerator}，请在设置中换一个。`,
};

export type Strings = typeof en;

export function stringsFor(locale: Locale): Strings {
  return locale === 'zh-CN' ? zhCN : en;
}

/** The settings' language, or the system's when it says `system`: any Chinese locale gets Simplified Chinese. */
export function resolveLocale(language: PublicSettings['language'], systemLocales: readonly string[]): Locale {
  if (language !== 'system') return language;
  return systemLocales[0]?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

/** The words for an engine state that has no numbers of its own. */
export function stateLabel(strings: Strings, state: Exclude<EngineState, 'syncing'>): string {
  return strings[state];
}

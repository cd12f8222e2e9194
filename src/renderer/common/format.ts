import type { TFunction } from 'i18next';

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

const numberFormats = new Map<string, Intl.NumberFormat>();
/** Formatters are slow to make and the queue formats a size for every row it shows, so each is made once. */
function numberFormat(language: string, maximumFractionDigits?: number): Intl.NumberFormat {
  const key = `${language}/${maximumFractionDigits ?? ''}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(language, maximumFractionDigits === undefined ? {} : { maximumFractionDigits });
    numberFormats.set(key, format);
  }
  return format;
}

export function formatBytes(bytes: number, language: string): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${numberFormat(language, digits).format(value)} ${UNITS[unit]}`;
}

export function formatCount(count: number, language: string): string {
  return numberFormat(language).format(count);
}

export function formatDuration(seconds: number, t: TFunction): string {
  const whole = Math.max(1, Math.round(seconds));
  if (whole < 60) return t('time.seconds', { count: whole });
  if (whole < 3600) return t('time.minutes', { count: Math.round(whole / 60) });
  return t('time.hours', { hours: Math.floor(whole / 3600), minutes: Math.round((whole % 3600) / 60) });
}

export function formatTime(epochMs: number, language: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(epochMs);
}

import type { PublicSettings } from '../../shared/app-api.ts';

/** `system` leaves the choice to `prefers-color-scheme`; the CSS reads `data-theme` otherwise. */
export function applyTheme(theme: PublicSettings['theme']): void {
  const root = document.documentElement;
  if (theme === 'system') delete root.dataset['theme'];
  else root.dataset['theme'] = theme;
}

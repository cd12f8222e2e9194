import { useTranslation } from 'react-i18next';
import type { SaveState } from './use-settings-change.ts';

export function SaveStatus({ state }: { state: SaveState }) {
  const { t } = useTranslation();
  if (!state) return null;
  return state.kind === 'saved' ? (
    <span role="status" className="saved">
      {t('settings.saved')}
    </span>
  ) : (
    <span role="alert" className="error-text">
      {state.message}
    </span>
  );
}

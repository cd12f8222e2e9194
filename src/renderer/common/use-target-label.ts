import { useTranslation } from 'react-i18next';
import { useSnapshot } from '../api/app-context.tsx';

/** Where memories go, in the window's language: the host names the built-in server in English, a cloud or custom target by its URL. */
export function useTargetLabel(): string {
  const { t } = useTranslation();
  const { settings, targetLabel } = useSnapshot();
  return settings.target === 'local' ? t('settings.builtInServer') : targetLabel;
}

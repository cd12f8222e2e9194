import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SettingsChange } from '../../shared/app-api.ts';
import { useApi } from '../api/app-context.tsx';
import { errorMessage } from '../api/app-call-error.ts';

export type SaveState = { kind: 'saved' } | { kind: 'error'; message: string } | undefined;

/** Checks a change with the shared schema, sends it, and says whether it was saved or why not. */
export function useSettingsChange(): { state: SaveState; apply: (change: SettingsChange) => Promise<boolean>; clear: () => void } {
  const { t } = useTranslation();
  const api = useApi();
  const [state, setState] = useState<SaveState>();

  const apply = async (change: SettingsChange): Promise<boolean> => {
    const checked = SettingsChange.safeParse(change);
    if (!checked.success) {
      const fields = [...new Set(checked.error.issues.map((issue) => String(issue.path[0] ?? '')))];
      setState({ kind: 'error', message: t('settings.invalid', { fields: fields.map((field) => t(`settings.field.${field}`)).join(', ') }) });
      return false;
    }
    try {
      await api.call('updateSettings', checked.data);
      setState({ kind: 'saved' });
      return true;
    } catch (failure) {
      setState({ kind: 'error', message: errorMessage(failure) });
      return false;
    }
  };
  return { state, apply, clear: () => setState(undefined) };
}

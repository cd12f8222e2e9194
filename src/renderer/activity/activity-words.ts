import type { TFunction } from 'i18next';
import type { ActivityWords } from '../../shared/activity-line.ts';
import { translateReason } from '../i18n/reasons.ts';

/** Activity lines in the window's language, with the engine's reasons translated where they are known. */
export function activityWords(t: TFunction): ActivityWords {
  return {
    file: (kind, subject) => t(`activity.file.${kind}`, { subject }),
    engineState: (state) => t(`activity.engineState.${state}`),
    withDetail: (line, detail) => t('activity.withDetail', { line, detail: translateReason(detail, t) }),
    withFix: (line, fix) => t('activity.withFix', { line, fix: translateReason(fix, t) }),
  };
}

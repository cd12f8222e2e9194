import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { DropNoticeLine } from './DropNoticeLine.tsx';
import { useHandOver } from './use-hand-over.ts';

/** The keyboard's way to what a drop does: choose files and upload them once. */
export function UploadFilesButton() {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const { notice, handOver } = useHandOver();
  return (
    <div className="upload-files">
      <button type="button" onClick={() => input.current?.click()}>
        {t('drop.chooseFiles')}
      </button>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        data-testid="upload-input"
        onChange={(event) => {
          const files = Array.from(event.target.files ?? []);
          event.target.value = '';
          if (files.length > 0) void handOver({ files, folders: [] }, 'once');
        }}
      />
      <DropNoticeLine notice={notice} />
    </div>
  );
}

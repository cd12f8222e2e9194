import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { droppedItems, type DroppedItems } from './dropped-items.ts';
import { DropNoticeLine } from './DropNoticeLine.tsx';
import { FolderDropDialog } from './FolderDropDialog.tsx';
import { useHandOver } from './use-hand-over.ts';

const carriesFiles = (event: DragEvent): boolean => event.dataTransfer?.types.includes('Files') ?? false;

/** The whole window takes drops: files upload once, folders ask whether to watch them. */
export function DropZone({ children, onAddByPath }: { children: ReactNode; onAddByPath: () => void }) {
  const { t } = useTranslation();
  const [dragging, setDragging] = useState(false);
  const [folderDrop, setFolderDrop] = useState<DroppedItems>();
  const { notice, handOver } = useHandOver();
  const depth = useRef(0);
  const latestHandOver = useRef(handOver);
  useEffect(() => {
    latestHandOver.current = handOver;
  });

  useEffect(() => {
    const onEnter = (event: DragEvent): void => {
      if (!carriesFiles(event)) return;
      depth.current += 1;
      setDragging(true);
    };
    const onOver = (event: DragEvent): void => {
      if (!carriesFiles(event) || !event.dataTransfer) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
    };
    const onLeave = (event: DragEvent): void => {
      if (!carriesFiles(event)) return;
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setDragging(false);
    };
    const onDrop = (event: DragEvent): void => {
      if (!carriesFiles(event) || !event.dataTransfer) return;
      event.preventDefault();
      depth.current = 0;
      setDragging(false);
      const items = droppedItems(event.dataTransfer);
      if (items.folders.length > 0) setFolderDrop(items);
      else if (items.files.length > 0) void latestHandOver.current(items, 'once');
    };
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragover', onOver);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragenter', onEnter);
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('drop', onDrop);
    };
  }, []);

  return (
    <>
      {children}
      <DropNoticeLine notice={notice} />
      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          <p>{t('drop.overlay')}</p>
        </div>
      )}
      {folderDrop && (
        <FolderDropDialog
          items={folderDrop}
          onCancel={() => setFolderDrop(undefined)}
          onAddByPath={() => {
            setFolderDrop(undefined);
            onAddByPath();
          }}
          onChoose={(choice) => {
            setFolderDrop(undefined);
            void handOver(folderDrop, choice);
          }}
        />
      )}
    </>
  );
}

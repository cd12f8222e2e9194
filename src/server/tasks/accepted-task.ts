/** Where a file of an accepted message comes from: uploaded bytes kept in the task's folder, or a URL fetched when the task runs. */
export type TaskFileSource = { kind: 'stored'; path: string; bytes: number } | { kind: 'url'; url: string };

export interface TaskFile {
  /** The name the client gave (`file.filename`, or the message's text naming the file), else "file N". */
  name: string;
  /** `image_url` parts are images; `file` parts are documents or images, decided by content. */
  part: 'file' | 'image_url';
  source: TaskFileSource;
}

export interface TaskMessage {
  /** The message's text parts joined; for a file message, the words naming the file. */
  text: string;
  files: TaskFile[];
}

/** Everything the refined pass needs, persisted with the task so a restarted server can resume it. */
export interface AcceptedTask {
  id: string;
  userId: string;
  conversationId: string;
  agentId?: string;
  appId?: string;
  tags: string[];
  info: Record<string, string>;
  messages: TaskMessage[];
  createdAt: number;
}

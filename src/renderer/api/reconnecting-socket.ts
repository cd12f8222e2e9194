/** Delays between reconnection attempts: quick at first, then every few seconds. */
const BACKOFF_MS = [250, 500, 1000, 2000, 4000];

export interface SocketHandlers {
  /** `reconnected` is false the first time. */
  onOpen: (reconnected: boolean) => void;
  onClose: () => void;
  onText: (text: string) => void;
}

export interface ReconnectingSocket {
  /** False when the socket is not open; the caller keeps the message for later. */
  send: (text: string) => boolean;
}

/** A WebSocket that reopens itself with backoff whenever it closes. */
export function reconnectingSocket(url: string, handlers: SocketHandlers): ReconnectingSocket {
  let socket: WebSocket | undefined;
  let failures = 0;
  let opened = false;

  const open = (): void => {
    const current = new WebSocket(url);
    socket = current;
    current.addEventListener('open', () => {
      failures = 0;
      handlers.onOpen(opened);
      opened = true;
    });
    current.addEventListener('message', (message) => {
      if (typeof message.data === 'string') handlers.onText(message.data);
    });
    current.addEventListener('close', () => {
      if (socket !== current) return;
      socket = undefined;
      handlers.onClose();
      const delay = BACKOFF_MS[Math.min(failures, BACKOFF_MS.length - 1)] ?? 4000;
      failures += 1;
      setTimeout(open, delay);
    });
  };
  open();

  return {
    send: (text) => {
      if (socket?.readyState !== WebSocket.OPEN) return false;
      socket.send(text);
      return true;
    },
  };
}

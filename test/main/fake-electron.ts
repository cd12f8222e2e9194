/**
 * A small, faithful fake of the Electron APIs that src/main (and the preload bridge) use, for
 * `vi.mock('electron', () => import('./fake-electron.ts'))`: the named exports and the default
 * export are the fakes, and each fake keeps what happened so tests can look. Where Electron has
 * a rule the code relies on (preventable events, quit closing every window first, pid cleared
 * on exit, one handler per IPC channel, bitmap sizes), the fake keeps that rule too.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserWindowConstructorOptions, MenuItemConstructorOptions, MessageBoxOptions, OpenDialogOptions, Rectangle } from 'electron';
import { IPC_EVENT } from '../../src/shared/app-api.ts';

/** The event object Electron passes first to its preventable events. */
export class FakeEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

/** Emits `name` with a fresh FakeEvent first; true when a listener prevented it. */
function emitPreventable(emitter: EventEmitter, name: string, ...args: unknown[]): boolean {
  const event = new FakeEvent();
  emitter.emit(name, event, ...args);
  return event.defaultPrevented;
}

export interface FakeFrame {
  url: string;
  parent: FakeFrame | null;
}

type WindowOpenHandler = (details: { url: string }) => { action: 'allow' | 'deny' };

export class FakeWebContents extends EventEmitter {
  readonly mainFrame: FakeFrame = { url: 'about:blank', parent: null };
  readonly sent: { channel: string; payload: unknown }[] = [];
  private loading = false;
  private openHandler: WindowOpenHandler | undefined;

  loadURL(url: string): void {
    this.mainFrame.url = url;
    this.loading = true;
  }

  finishLoading(): void {
    this.loading = false;
    this.emit('did-finish-load');
  }

  isLoading(): boolean {
    return this.loading;
  }

  /** The app events main sent to this page, in order. */
  appEvents(): unknown[] {
    return this.sent.filter((message) => message.channel === IPC_EVENT).map((message) => message.payload);
  }

  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
    if (ipcRenderer.page === this) ipcRenderer.emit(channel, { sender: ipcRenderer }, payload);
  }

  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.openHandler = handler;
  }

  /** What Electron decides when the page calls window.open(url): allowed unless a handler says otherwise. */
  windowOpen(url: string): 'allow' | 'deny' {
    return this.openHandler?.({ url }).action ?? 'allow';
  }

  /** The page tries to go to `url` through `event` (will-navigate, will-redirect); true when it may. */
  tryNavigation(event: 'will-navigate' | 'will-redirect', url: string): boolean {
    return !emitPreventable(this, event, url);
  }

  /** The page tries to embed a <webview>; true when it may. */
  tryAttachWebview(): boolean {
    return !emitPreventable(this, 'will-attach-webview', {}, {});
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static readonly instances: FakeBrowserWindow[] = [];

  readonly webContents = new FakeWebContents();
  bounds: Rectangle | undefined;
  private visible: boolean;
  private focused = false;
  private minimized = false;
  private destroyed = false;

  readonly options: BrowserWindowConstructorOptions;

  constructor(options: BrowserWindowConstructorOptions = {}) {
    super();
    this.options = options;
    this.visible = options.show ?? true;
    FakeBrowserWindow.instances.push(this);
  }

  static alive(): FakeBrowserWindow[] {
    return FakeBrowserWindow.instances.filter((window) => !window.destroyed);
  }

  loadURL(url: string): Promise<void> {
    this.webContents.loadURL(url);
    return Promise.resolve();
  }

  /** The page has loaded: Electron says so on the contents, and the window is ready to show. */
  finishLoading(): void {
    this.webContents.finishLoading();
    this.emit('ready-to-show');
  }

  show(): void {
    this.visible = true;
    this.minimized = false;
  }

  hide(): void {
    this.visible = false;
    this.focused = false;
  }

  focus(): void {
    this.focused = true;
  }

  /** Another window (or app) took the focus. */
  blur(): void {
    this.focused = false;
    this.emit('blur');
  }

  minimize(): void {
    this.minimized = true;
  }

  restore(): void {
    this.minimized = false;
  }

  isVisible(): boolean {
    return this.visible;
  }

  isFocused(): boolean {
    return this.focused;
  }

  isMinimized(): boolean {
    return this.minimized;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  setBounds(bounds: Rectangle): void {
    this.bounds = bounds;
  }

  /** As Electron: 'close' may be prevented; otherwise the window goes, 'closed' follows, and the last one tells the app. */
  close(): void {
    if (this.destroyed || emitPreventable(this, 'close')) return;
    this.destroyed = true;
    this.visible = false;
    this.emit('closed');
    if (!app.quitting && FakeBrowserWindow.alive().length === 0) app.allWindowsClosed();
  }
}

/** A promise and the function that fulfils it (the project's lib predates Promise.withResolvers). */
function readiness(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((fulfil) => (resolve = fulfil));
  return { promise, resolve };
}

const DEFAULT_USER_DATA = join(tmpdir(), 'memos-sync-fake-user-data');

class FakeApp extends EventEmitter {
  isPackaged = false;
  /** Nothing is written here unless a test points it at a folder of its own. */
  userData = DEFAULT_USER_DATA;
  singleInstanceLock = true;
  sandboxed = false;
  quitting = false;
  hasQuit = false;
  preferredLanguages = ['en-US'];
  loginItem = { openAtLogin: false, args: [] as string[] };
  private ready = readiness();

  enableSandbox(): void {
    this.sandboxed = true;
  }

  requestSingleInstanceLock(): boolean {
    return this.singleInstanceLock;
  }

  whenReady(): Promise<void> {
    return this.ready.promise;
  }

  /** Electron has finished starting. */
  becomeReady(): void {
    this.ready.resolve();
    this.emit('ready');
  }

  getPath(name: string): string {
    if (name !== 'userData') throw new Error(`the fake app has no path ${name}`);
    return this.userData;
  }

  getVersion(): string {
    return '0.1.0';
  }

  getPreferredSystemLanguages(): string[] {
    return this.preferredLanguages;
  }

  getLoginItemSettings(): { openAtLogin: boolean; wasOpenedAtLogin: boolean } {
    return { openAtLogin: this.loginItem.openAtLogin, wasOpenedAtLogin: false };
  }

  setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[] }): void {
    this.loginItem = { openAtLogin: settings.openAtLogin, args: settings.args ?? [] };
  }

  /** As Electron: 'before-quit' (preventable), then every window is closed (any may refuse), then 'will-quit' and quit. */
  quit(): void {
    if (emitPreventable(this, 'before-quit')) return;
    this.quitting = true;
    const closedAll = FakeBrowserWindow.alive().every((window) => {
      window.close();
      return window.isDestroyed();
    });
    this.quitting = false;
    if (!closedAll || emitPreventable(this, 'will-quit')) return;
    this.hasQuit = true;
    this.emit('quit');
  }

  /** As Electron after the last window closed: quits, unless someone listens to 'window-all-closed'. */
  allWindowsClosed(): void {
    if (this.listenerCount('window-all-closed') === 0) this.quit();
    else this.emit('window-all-closed');
  }

  /** Another launch of the app was refused the lock; Electron tells this instance. */
  secondInstance(argv: string[]): void {
    this.emit('second-instance', new FakeEvent(), argv, process.cwd());
  }

  reset(): void {
    this.removeAllListeners();
    Object.assign(this, { isPackaged: false, userData: DEFAULT_USER_DATA, singleInstanceLock: true, sandboxed: false, quitting: false, hasQuit: false, preferredLanguages: ['en-US'] });
    this.loginItem = { openAtLogin: false, args: [] };
    this.ready = readiness();
  }
}

type IpcHandler = (event: unknown, ...args: unknown[]) => unknown;

class FakeIpcMain extends EventEmitter {
  private readonly handlers = new Map<string, IpcHandler>();

  handle(channel: string, handler: IpcHandler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  /** What ipcRenderer.invoke(channel, ...args) gets back when `event` describes the sender. */
  async invoke(channel: string, event: FakeIpcEvent, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler(event, ...args);
  }

  reset(): void {
    this.handlers.clear();
    this.removeAllListeners();
  }
}

export interface FakeIpcEvent {
  sender: FakeWebContents;
  senderFrame: FakeFrame | null;
}

/** An IPC message from `sender`, by default from its top frame. */
export function ipcEventFrom(sender: FakeWebContents, senderFrame: FakeFrame | null = sender.mainFrame): FakeIpcEvent {
  return { sender, senderFrame };
}

/** The preload's side: talks to ipcMain as the page in `page` would. */
class FakeIpcRenderer extends EventEmitter {
  page: FakeWebContents | undefined;

  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    return ipcMain.invoke(channel, ipcEventFrom(this.currentPage()), ...args);
  }

  send(channel: string, ...args: unknown[]): void {
    ipcMain.emit(channel, ipcEventFrom(this.currentPage()), ...args);
  }

  private currentPage(): FakeWebContents {
    if (!this.page) throw new Error('the fake ipcRenderer has no page');
    return this.page;
  }

  reset(): void {
    this.page = undefined;
    this.removeAllListeners();
  }
}

export class FakeTray extends EventEmitter {
  static readonly instances: FakeTray[] = [];

  image: FakeNativeImage;
  toolTip = '';
  contextMenu: FakeMenu | undefined;
  destroyed = false;

  constructor(image: FakeNativeImage) {
    super();
    this.image = image;
    FakeTray.instances.push(this);
  }

  setImage(image: FakeNativeImage): void {
    this.image = image;
  }

  setToolTip(toolTip: string): void {
    this.toolTip = toolTip;
  }

  setContextMenu(menu: FakeMenu): void {
    this.contextMenu = menu;
  }

  destroy(): void {
    this.destroyed = true;
  }

  click(): void {
    this.emit('click', new FakeEvent());
  }

  /** The context menu as the person sees it: labels of the items that are not separators. */
  menuLabels(): string[] {
    return (this.contextMenu?.items ?? []).filter((item) => item.type !== 'separator').map((item) => item.label ?? '');
  }

  /** Clicks the context menu item with this id. */
  clickMenuItem(id: string): void {
    const item = this.contextMenu?.items.find((candidate) => candidate.id === id);
    if (!item?.click) throw new Error(`the tray menu has no item ${id}`);
    (item.click as () => void)();
  }
}

export class FakeMenu {
  readonly items: MenuItemConstructorOptions[];

  constructor(items: MenuItemConstructorOptions[]) {
    this.items = items;
  }

  static buildFromTemplate(template: MenuItemConstructorOptions[]): FakeMenu {
    return new FakeMenu(template);
  }
}

export interface Representation {
  buffer: Buffer;
  width: number;
  height: number;
  scaleFactor: number;
}

export class FakeNativeImage {
  readonly representations: Representation[] = [];

  /** As Electron: raw pixels are 4 bytes each, and a short buffer is refused. */
  addRepresentation(representation: Representation): void {
    if (representation.buffer.length < representation.width * representation.height * 4) throw new Error('Invalid buffer size');
    this.representations.push(representation);
  }

  /** The pixels at a scale factor, as raw BGRA. */
  bitmap(scaleFactor: number): Buffer {
    const found = this.representations.find((representation) => representation.scaleFactor === scaleFactor);
    if (!found) throw new Error(`the image has no representation at ${scaleFactor}x`);
    return found.buffer;
  }
}

export const nativeImage = {
  createFromBitmap(buffer: Buffer, options: { width: number; height: number; scaleFactor?: number }): FakeNativeImage {
    const image = new FakeNativeImage();
    image.addRepresentation({ buffer, width: options.width, height: options.height, scaleFactor: options.scaleFactor ?? 1 });
    return image;
  },
};

/** safeStorage with real encryption (AES-256-GCM under a key of the fake "keyring"), so ciphertext is ciphertext. */
class FakeSafeStorage {
  available = true;
  backend = 'gnome_libsecret';
  private key = randomBytes(32);

  isEncryptionAvailable(): boolean {
    return this.available;
  }

  getSelectedStorageBackend(): string {
    return this.backend;
  }

  encryptString(text: string): Buffer {
    if (!this.available) throw new Error('Error while encrypting the text provided to safeStorage.encryptString. Encryption is not available.');
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  decryptString(encrypted: Buffer): string {
    if (!this.available) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString. Decryption is not available.');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, encrypted.subarray(0, 12));
      decipher.setAuthTag(encrypted.subarray(12, 28));
      return Buffer.concat([decipher.update(encrypted.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    }
  }

  /** The system keyring changed (another user, a reset keyring): older ciphertext no longer decrypts. */
  replaceKeyring(): void {
    this.key = randomBytes(32);
  }

  reset(): void {
    this.available = true;
    this.backend = 'gnome_libsecret';
    this.key = randomBytes(32);
  }
}

let nextPid = 1000;

export class FakeUtilityProcess extends EventEmitter {
  pid: number | undefined = nextPid++;
  readonly received: unknown[] = [];
  killed = false;
  /** Plays the child's side of its parentPort. */
  onParentMessage: ((message: unknown) => void) | undefined;

  readonly modulePath: string;
  readonly args: string[];

  constructor(modulePath: string, args: string[]) {
    super();
    this.modulePath = modulePath;
    this.args = args;
  }

  /** The value of `--name` in the arguments it was started with. */
  arg(name: string): string | undefined {
    const index = this.args.indexOf(`--${name}`);
    return index === -1 ? undefined : this.args[index + 1];
  }

  postMessage(message: unknown): void {
    if (this.pid === undefined) return;
    this.received.push(message);
    this.onParentMessage?.(message);
  }

  kill(): boolean {
    if (this.pid === undefined) return false;
    this.killed = true;
    queueMicrotask(() => this.exit(15));
    return true;
  }

  /** The child posts to its parentPort. */
  report(message: unknown): void {
    this.emit('message', message);
  }

  /** The process ends; as Electron, pid is cleared once 'exit' has been emitted. */
  exit(code: number): void {
    if (this.pid === undefined) return;
    this.emit('exit', code);
    this.pid = undefined;
  }
}

class FakeUtilityProcessModule {
  readonly forked: FakeUtilityProcess[] = [];
  /** Plays the child's part once it is running (a real child answers later, never during fork). */
  onFork: ((child: FakeUtilityProcess) => void) | undefined;

  fork(modulePath: string, args: string[] = []): FakeUtilityProcess {
    const child = new FakeUtilityProcess(modulePath, args);
    this.forked.push(child);
    queueMicrotask(() => this.onFork?.(child));
    return child;
  }

  reset(): void {
    this.forked.length = 0;
    this.onFork = undefined;
  }
}

class FakeGlobalShortcut {
  readonly registered = new Map<string, () => void>();
  /** Accelerators another app holds. */
  readonly taken = new Set<string>();

  register(accelerator: string, callback: () => void): boolean {
    if (!/^(\w+\+)*\w+$/.test(accelerator)) throw new Error(`Error processing argument at index 0, conversion failure from ${accelerator}`);
    if (this.taken.has(accelerator) || this.registered.has(accelerator)) return false;
    this.registered.set(accelerator, callback);
    return true;
  }

  unregister(accelerator: string): void {
    this.registered.delete(accelerator);
  }

  press(accelerator: string): void {
    this.registered.get(accelerator)?.();
  }

  reset(): void {
    this.registered.clear();
    this.taken.clear();
  }
}

export class FakeNotification extends EventEmitter {
  static supported = true;
  static readonly shown: FakeNotification[] = [];

  shownAt = Number.NaN;

  readonly options: { title: string; body: string };

  constructor(options: { title: string; body: string }) {
    super();
    this.options = options;
  }

  static isSupported(): boolean {
    return FakeNotification.supported;
  }

  show(): void {
    this.shownAt = Date.now();
    FakeNotification.shown.push(this);
  }

  click(): void {
    this.emit('click', new FakeEvent());
  }
}

class FakeDialog {
  readonly openDialogs: { parent: FakeBrowserWindow | undefined; options: OpenDialogOptions }[] = [];
  /** What the next folder dialogs answer, in order; cancelled when none is left. */
  readonly answers: string[] = [];
  readonly messageBoxes: MessageBoxOptions[] = [];

  async showMessageBox(options: MessageBoxOptions): Promise<{ response: number; checkboxChecked: boolean }> {
    this.messageBoxes.push(options);
    return { response: 0, checkboxChecked: false };
  }

  async showOpenDialog(parentOrOptions: FakeBrowserWindow | OpenDialogOptions, maybeOptions?: OpenDialogOptions): Promise<{ canceled: boolean; filePaths: string[] }> {
    const [parent, options] = parentOrOptions instanceof FakeBrowserWindow ? [parentOrOptions, maybeOptions ?? {}] : [undefined, parentOrOptions];
    this.openDialogs.push({ parent, options });
    const answer = this.answers.shift();
    return answer === undefined ? { canceled: true, filePaths: [] } : { canceled: false, filePaths: [answer] };
  }

  reset(): void {
    this.openDialogs.length = 0;
    this.answers.length = 0;
    this.messageBoxes.length = 0;
  }
}

class FakeShell {
  readonly openedExternally: string[] = [];
  readonly revealed: string[] = [];

  async openExternal(url: string): Promise<void> {
    this.openedExternally.push(url);
  }

  showItemInFolder(path: string): void {
    this.revealed.push(path);
  }

  async openPath(): Promise<string> {
    return '';
  }

  reset(): void {
    this.openedExternally.length = 0;
    this.revealed.length = 0;
  }
}

type HeadersListener = (details: { url: string; responseHeaders?: Record<string, string[]> }, callback: (response: { responseHeaders?: Record<string, string[]> }) => void) => void;

class FakeSession {
  private permissionRequest: ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | undefined;
  private permissionCheck: ((contents: unknown, permission: string) => boolean) | undefined;
  private headersListener: HeadersListener | undefined;

  readonly webRequest = {
    onHeadersReceived: (listener: HeadersListener): void => {
      this.headersListener = listener;
    },
  };

  setPermissionRequestHandler(handler: FakeSession['permissionRequest']): void {
    this.permissionRequest = handler;
  }

  setPermissionCheckHandler(handler: FakeSession['permissionCheck']): void {
    this.permissionCheck = handler;
  }

  /** A page asks for a permission; granted unless a handler says otherwise (Electron's default). */
  requestPermission(permission: string): Promise<boolean> {
    const handler = this.permissionRequest;
    if (!handler) return Promise.resolve(true);
    return new Promise((resolve) => handler(new FakeWebContents(), permission, resolve));
  }

  checkPermission(permission: string): boolean {
    return this.permissionCheck?.(new FakeWebContents(), permission) ?? true;
  }

  /** The response headers a page at `url` is served with, after the onHeadersReceived listener. */
  servedHeaders(url: string, responseHeaders: Record<string, string[]>): Record<string, string[]> {
    const listener = this.headersListener;
    if (!listener) return responseHeaders;
    let served = responseHeaders;
    listener({ url, responseHeaders }, (response) => (served = response.responseHeaders ?? responseHeaders));
    return served;
  }

  reset(): void {
    this.permissionRequest = undefined;
    this.permissionCheck = undefined;
    this.headersListener = undefined;
  }
}

class FakeScreen {
  cursor = { x: 0, y: 0 };
  workArea: Rectangle = { x: 0, y: 0, width: 1920, height: 1080 };

  getCursorScreenPoint(): { x: number; y: number } {
    return this.cursor;
  }

  getDisplayNearestPoint(): { workArea: Rectangle } {
    return { workArea: this.workArea };
  }

  reset(): void {
    this.cursor = { x: 0, y: 0 };
    this.workArea = { x: 0, y: 0, width: 1920, height: 1080 };
  }
}

class FakeContextBridge {
  readonly exposed = new Map<string, unknown>();

  exposeInMainWorld(key: string, api: unknown): void {
    if (this.exposed.has(key)) throw new Error(`Cannot bind an API on top of an existing property on the window object: ${key}`);
    this.exposed.set(key, api);
  }

  reset(): void {
    this.exposed.clear();
  }
}

class FakeWebUtils {
  /** Files that are on disk, by the File object the page holds. */
  readonly paths = new Map<File, string>();

  getPathForFile(file: File): string {
    return this.paths.get(file) ?? '';
  }

  reset(): void {
    this.paths.clear();
  }
}

export const app = new FakeApp();
export const ipcMain = new FakeIpcMain();
export const ipcRenderer = new FakeIpcRenderer();
export const safeStorage = new FakeSafeStorage();
export const utilityProcess = new FakeUtilityProcessModule();
export const globalShortcut = new FakeGlobalShortcut();
export const dialog = new FakeDialog();
export const shell = new FakeShell();
export const session = { defaultSession: new FakeSession() };
export const screen = new FakeScreen();
export const contextBridge = new FakeContextBridge();
export const webUtils = new FakeWebUtils();
export { FakeBrowserWindow as BrowserWindow, FakeMenu as Menu, FakeNotification as Notification, FakeTray as Tray };

/** Forgets everything the fakes were told, for the next test. */
export function resetElectron(): void {
  for (const fake of [app, ipcMain, ipcRenderer, safeStorage, utilityProcess, globalShortcut, dialog, shell, session.defaultSession, screen, contextBridge, webUtils]) fake.reset();
  FakeBrowserWindow.instances.length = 0;
  FakeTray.instances.length = 0;
  FakeNotification.shown.length = 0;
  FakeNotification.supported = true;
}

export default {
  app,
  BrowserWindow: FakeBrowserWindow,
  ipcMain,
  ipcRenderer,
  Tray: FakeTray,
  Menu: FakeMenu,
  nativeImage,
  safeStorage,
  utilityProcess,
  globalShortcut,
  Notification: FakeNotification,
  dialog,
  shell,
  session,
  screen,
  contextBridge,
  webUtils,
};

// VS Code client for the stripeapp language server (`stripeapp lsp`, LSP over stdio).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  commands,
  ConfigurationChangeEvent,
  ExtensionContext,
  window,
  workspace,
} from 'vscode';
import {
  Executable,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
} from 'vscode-languageclient/node';

/** Client id: also the prefix of the `stripeapp.trace.server` setting read by the client. */
const CLIENT_ID = 'stripeapp';
const CLIENT_NAME = 'stripeapp language server';

let client: LanguageClient | undefined;
/** The code-only server for the apps' TypeScript/JavaScript files, when there are apps. */
let codeClient: LanguageClient | undefined;

/** The languages of the code the server scans. */
const CODE_LANGUAGES = ['typescript', 'typescriptreact', 'javascript', 'javascriptreact'];

/**
 * The document filters of the code files of the apps whose `.stripeapp` files are at
 * `appFiles`: every code file under an app's folder, and nothing else, so that the code-only
 * server never sees a TypeScript file outside an app.
 */
export function codeSelector(appFiles: string[]): { scheme: string; language: string; pattern: string }[] {
  const dirs = [...new Set(appFiles.map((f) => path.dirname(f).split(path.sep).join('/')))].sort();
  // A folder inside another app's folder is already covered.
  const roots = dirs.filter((d) => !dirs.some((o) => o !== d && d.startsWith(o + '/')));
  return roots.flatMap((d) =>
    CODE_LANGUAGES.map((language) => ({ scheme: 'file', language, pattern: `${d}/**/*` })),
  );
}

/** Starts the code-only server for the apps found in the workspace (none: no server). */
async function startCodeClient(command: string): Promise<void> {
  if (!workspace.getConfiguration('stripeapp').get<boolean>('code.enable', true)) {
    return;
  }
  const apps = await workspace.findFiles('**/*.stripeapp', '**/node_modules/**', 100);
  const documentSelector = codeSelector(apps.filter((u) => u.scheme === 'file').map((u) => u.fsPath));
  if (documentSelector.length === 0) {
    return;
  }
  const run: Executable = { command, args: ['lsp', '--code-only'] };
  const c = new LanguageClient(
    'stripeapp-code',
    'stripeapp code findings',
    { run, debug: run },
    { documentSelector },
  );
  codeClient = c;
  try {
    await c.start();
  } catch {
    // Logged to the client's output channel; the .stripeapp client reports a missing server.
    codeClient = undefined;
  }
}

/** The executable named by `stripeapp.server.path`, with `~` and `${workspaceFolder}` expanded. */
export function resolveServerPath(configured: string | undefined, workspaceFolder: string | undefined): string {
  let p = (configured ?? '').trim();
  if (p === '') {
    return 'stripeapp';
  }
  if (workspaceFolder !== undefined) {
    p = p.replace(/\$\{workspaceFolder\}/g, workspaceFolder);
  }
  if (p === '~' || p.startsWith('~/') || p.startsWith('~\\')) {
    p = path.join(os.homedir(), p.slice(1));
  }
  // A bare command name is looked up on PATH; anything with a separator is a file path.
  const hasSeparator = p.includes('/') || p.includes('\\');
  if (hasSeparator && !path.isAbsolute(p) && workspaceFolder !== undefined) {
    p = path.resolve(workspaceFolder, p);
  }
  return p;
}

/** Whether `command` names an executable file, directly or through PATH. */
export function findExecutable(command: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const isFile = (p: string): boolean => {
    try {
      return fs.statSync(p).isFile();
    } catch {
      return false;
    }
  };
  const extensions =
    process.platform === 'win32' ? ['', ...(env.PATHEXT ?? '.EXE;.CMD;.BAT;.COM').split(';')] : [''];
  // A command with a directory part is a file path; a bare name is looked up on PATH.
  const hasDirectory = command.includes('/') || command.includes('\\');
  const candidates = hasDirectory
    ? [path.resolve(command)]
    : (env.PATH ?? '').split(path.delimiter).filter((d) => d !== '').map((d) => path.join(d, command));
  for (const candidate of candidates) {
    for (const ext of extensions) {
      if (isFile(candidate + ext)) {
        return candidate + ext;
      }
    }
  }
  return undefined;
}

function serverCommand(): string {
  const configured = workspace.getConfiguration('stripeapp').get<string>('server.path');
  const folder = workspace.workspaceFolders?.[0]?.uri.fsPath;
  return resolveServerPath(configured, folder);
}

function reportMissingServer(command: string, detail: string): void {
  void window
    .showErrorMessage(
      `Could not start the stripeapp language server (\`${command} lsp\`): ${detail}. ` +
        'Install stripeapp, or set `stripeapp.server.path` to the stripeapp executable.',
      'Open Settings',
    )
    .then((choice) => {
      if (choice === 'Open Settings') {
        void commands.executeCommand('workbench.action.openSettings', 'stripeapp.server.path');
      }
    });
}

async function startClient(): Promise<void> {
  const command = serverCommand();
  if (findExecutable(command) === undefined) {
    reportMissingServer(command, /[\\/]/.test(command) ? 'no such file' : 'not found on PATH');
    return;
  }
  const run: Executable = { command, args: ['lsp'] };
  const serverOptions: ServerOptions = { run, debug: run };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'stripeapp' },
      { scheme: 'untitled', language: 'stripeapp' },
    ],
  };
  const c = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
  client = c;
  try {
    await c.start();
  } catch (err) {
    // The client has already logged the failure to its output channel.
    client = undefined;
    reportMissingServer(command, err instanceof Error ? err.message : String(err));
    return;
  }
  await startCodeClient(command);
}

async function stopClient(): Promise<void> {
  const code = codeClient;
  codeClient = undefined;
  if (code !== undefined) {
    try {
      await code.stop();
    } catch {
      // Already gone.
    }
  }
  const c = client;
  client = undefined;
  if (c !== undefined) {
    try {
      await c.stop();
    } catch {
      // The server may already be gone; nothing left to clean up.
    }
  }
}

async function restartClient(): Promise<void> {
  await stopClient();
  await startClient();
}

export async function activate(context: ExtensionContext): Promise<void> {
  context.subscriptions.push(
    commands.registerCommand('stripeapp.restartServer', () => restartClient()),
    commands.registerCommand('stripeapp.showOutput', () => client?.outputChannel.show(true)),
    workspace.onDidChangeConfiguration((e: ConfigurationChangeEvent) => {
      if (e.affectsConfiguration('stripeapp.server') || e.affectsConfiguration('stripeapp.code')) {
        void restartClient();
      }
    }),
    { dispose: () => void stopClient() },
  );
  await startClient();
}

export function deactivate(): Thenable<void> | undefined {
  return client === undefined ? undefined : stopClient();
}

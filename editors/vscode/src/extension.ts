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
  }
}

async function stopClient(): Promise<void> {
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
      if (e.affectsConfiguration('stripeapp.server')) {
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

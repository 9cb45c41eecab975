// The emend extension: the `emend` language (highlighting, brackets) and a
// client for `emend lsp`, the language server of the emend binary.

import * as vscode from 'vscode';
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';
import { findServer } from './server-path';

let client: LanguageClient | undefined;
let output: vscode.OutputChannel;

/** The severity table of the settings, as the server takes it. */
function severitySettings(): Record<string, string> {
  return vscode.workspace.getConfiguration('emend').get<Record<string, string>>('severity') ?? {};
}

async function explainMissing(configured: string): Promise<void> {
  const message = configured.trim() !== ''
    ? `emend: the language server was not started: no emend binary at "${configured}" (setting emend.path).`
    : 'emend: the language server was not started: the emend binary is not on the PATH. Install it (cargo install --path . in the emend repository) or set emend.path.';
  output.appendLine(message);
  const choice = await vscode.window.showErrorMessage(message, 'Open Settings', 'Show Output');
  if (choice === 'Open Settings') {
    await vscode.commands.executeCommand('workbench.action.openSettings', 'emend.path');
  } else if (choice === 'Show Output') {
    output.show(true);
  }
}

async function start(): Promise<void> {
  const configured = vscode.workspace.getConfiguration('emend').get<string>('path') ?? '';
  const command = findServer(configured, process.env.PATH, process.platform, process.env.HOME);
  if (!command) {
    // Not awaited: the message waits for the user, activation does not.
    void explainMissing(configured);
    return;
  }
  output.appendLine(`emend: starting ${command} lsp`);
  // The client appends --stdio, which `emend lsp` accepts.
  const serverOptions: ServerOptions = {
    run: { command, args: ['lsp'], transport: TransportKind.stdio },
    debug: { command, args: ['lsp'], transport: TransportKind.stdio },
  };
  const clientOptions: LanguageClientOptions = {
    // XML files too: the server reads those whose root element is a FRUS
    // TEI and answers nothing for other XML, which it leaves alone.
    documentSelector: [
      { scheme: 'file', language: 'emend' },
      { scheme: 'file', language: 'xml' },
    ],
    outputChannel: output,
    initializationOptions: { severity: severitySettings() },
    // Sends workspace/didChangeConfiguration with settings.emend when the
    // settings change (and once at start).
    synchronize: { configurationSection: 'emend' },
  };
  client = new LanguageClient('emend', 'emend', serverOptions, clientOptions);
  try {
    await client.start();
  } catch (e) {
    const message = `emend: the language server (${command}) failed to start: ${e instanceof Error ? e.message : String(e)}`;
    output.appendLine(message);
    client = undefined;
    void vscode.window.showErrorMessage(message, 'Show Output').then(choice => {
      if (choice === 'Show Output') output.show(true);
    });
  }
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running) {
    try {
      await running.stop();
    } catch (e) {
      output.appendLine(`emend: stopping the server: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('emend');
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('emend.restartServer', async () => {
      await stop();
      await start();
    }),
    vscode.commands.registerCommand('emend.showOutput', () => output.show(true)),
    vscode.workspace.onDidChangeConfiguration(async event => {
      // A new binary needs a new server; severities travel by
      // didChangeConfiguration.
      if (event.affectsConfiguration('emend.path')) {
        await stop();
        await start();
      }
    }),
  );
  await start();
}

export function deactivate(): Promise<void> {
  return stop();
}

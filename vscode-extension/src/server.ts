/**
 * The Redline language client's lifecycle: resolve the interpreter, check Redline imports there
 * (one clear message if not, instead of a crash loop), start `python -m redline serve`.
 */
import { execFile } from "node:child_process";
import * as vscode from "vscode";
import { LanguageClient, LanguageClientOptions, Middleware, State } from "vscode-languageclient/node";
import { Interpreter, installCommand, missingMessage, probeArguments, resolveInterpreter, serverArguments } from "./interpreter";
import { activePythonInterpreter } from "./python";
import { serverSettings } from "./settings";
import { StatusItem } from "./status";

const PROBE_TIMEOUT_MS = 30_000;

/** Python files, unsaved Python buffers and Python cells of Jupyter notebooks. */
export const DOCUMENT_SELECTOR = [
  { scheme: "file", language: "python" },
  { scheme: "untitled", language: "python" },
  { notebook: { notebookType: "jupyter-notebook" }, language: "python" },
];

function firstFolder(): vscode.WorkspaceFolder | undefined {
  return vscode.workspace.workspaceFolders?.[0];
}

/** The server's view of the `redline` section for one scope. */
export function settingsFor(scope?: vscode.Uri): Record<string, unknown> {
  const folder = (scope && vscode.workspace.getWorkspaceFolder(scope)) ?? firstFolder();
  const config = vscode.workspace.getConfiguration("redline", scope ?? folder?.uri);
  return serverSettings((key) => config.get(key), folder?.uri.fsPath);
}

/** Runs the interpreter once to see whether `import redline` works. */
function probe(interpreter: Interpreter): Promise<{ ok: boolean; output: string }> {
  const { command, args } = probeArguments(interpreter);
  return new Promise((resolve) => {
    execFile(command, args, { timeout: PROBE_TIMEOUT_MS }, (error, stdout, stderr) => {
      resolve({ ok: !error, output: error ? `${stderr}\n${error.message}` : stdout.trim() });
    });
  });
}

export class RedlineServer implements vscode.Disposable {
  client: LanguageClient | undefined;
  private warned = new Set<string>();

  constructor(
    private readonly output: vscode.LogOutputChannel,
    private readonly status: StatusItem,
    private readonly middleware: Middleware,
  ) {}

  /** Starts the server, or explains why it cannot. Safe to call again (restart). */
  async start(): Promise<void> {
    await this.stop();
    this.status.show("starting");
    const folder = firstFolder();
    const interpreter = await resolveInterpreter({
      setting: vscode.workspace.getConfiguration("redline", folder?.uri).get("interpreter"),
      workspaceFolder: folder?.uri.fsPath,
      pythonExtension: () => activePythonInterpreter(folder?.uri),
    });
    this.output.info(`interpreter (${interpreter.source}): ${interpreter.command.join(" ")}`);
    const probed = await probe(interpreter);
    if (!probed.ok) {
      this.reportMissing(interpreter, probed.output);
      return;
    }
    const detail = `Redline ${probed.output} · ${interpreter.command.join(" ")}`;
    const { command, args } = serverArguments(interpreter);
    const clientOptions: LanguageClientOptions = {
      documentSelector: DOCUMENT_SELECTOR,
      outputChannel: this.output,
      initializationOptions: settingsFor(folder?.uri),
      synchronize: { configurationSection: "redline" },
      middleware: this.middleware,
    };
    const client = new LanguageClient("redline", "Redline", { command, args, options: { cwd: folder?.uri.fsPath } }, clientOptions);
    client.onDidChangeState(({ newState }) => {
      this.status.show(newState === State.Running ? "running" : newState === State.Starting ? "starting" : "stopped", detail);
    });
    this.client = client;
    try {
      await client.start();
    } catch (error) {
      this.output.error(`the Redline server did not start: ${error}`);
      this.status.show("stopped", detail);
    }
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) {
      await client.dispose().catch((error: unknown) => this.output.warn(`stopping the server: ${error}`));
    }
  }

  /** One message per interpreter, not one per restart attempt. */
  private reportMissing(interpreter: Interpreter, detail: string): void {
    const message = missingMessage(interpreter, detail);
    this.output.error(message);
    this.status.show("missing", interpreter.command.join(" "));
    const key = interpreter.command.join("\0");
    if (this.warned.has(key)) {
      return;
    }
    this.warned.add(key);
    const copy = "Copy install command";
    const settings = "Open settings";
    void vscode.window.showErrorMessage(message, copy, settings).then((choice) => {
      if (choice === copy) {
        void vscode.env.clipboard.writeText(installCommand(interpreter));
      } else if (choice === settings) {
        void vscode.commands.executeCommand("workbench.action.openSettings", "redline.interpreter");
      }
    });
  }

  dispose(): void {
    void this.stop();
  }
}

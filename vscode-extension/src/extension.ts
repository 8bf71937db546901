/** Entry point: the output channel, status item, commands, and restarts on setting changes. */
import * as vscode from "vscode";
import { middleware } from "./middleware";
import { onPythonInterpreterChange } from "./python";
import { RedlineServer } from "./server";
import { StatusItem } from "./status";

let server: RedlineServer | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel("Redline", { log: true });
  const status = new StatusItem();
  server = new RedlineServer(output, status, middleware);
  const restart = () => server?.start();
  context.subscriptions.push(
    output, status, server,
    vscode.commands.registerCommand("redline.restartServer", restart),
    vscode.commands.registerCommand("redline.showOutput", () => output.show(true)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration("redline.interpreter")) {
        void restart();
      }
    }),
  );
  const pythonListener = onPythonInterpreterChange(() => void restart());
  if (pythonListener) {
    context.subscriptions.push(pythonListener);
  }
  await server.start();
}

export async function deactivate(): Promise<void> {
  await server?.stop();
}

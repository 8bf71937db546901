/**
 * How VS Code's side shapes the server's commands and configuration requests:
 * the server's commands get the arguments a palette invocation cannot give, and
 * workspace/configuration answers with the mapped settings (see settings.ts).
 */
import * as vscode from "vscode";
import { Middleware } from "vscode-languageclient/node";
import { settingsFor } from "./server";

type Next = (command: string, args: unknown[]) => unknown;

/** The rule id of the Redline diagnostic under the cursor, if any. */
function ruleAtCursor(): string | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    return undefined;
  }
  const here = editor.selection.active;
  const diagnostic = vscode.languages.getDiagnostics(editor.document.uri)
    .find((d) => d.source === "redline" && d.range.contains(here));
  const code = diagnostic?.code;
  return typeof code === "object" ? String(code.value) : code !== undefined ? String(code) : undefined;
}

async function fixAll(args: unknown[], next: Next): Promise<unknown> {
  const uri = args.length ? args[0] : vscode.window.activeTextEditor?.document.uri.toString();
  if (!uri) {
    void vscode.window.showInformationMessage("Redline: open a Python file to fix.");
    return undefined;
  }
  const answer = (await next("redline.fixAll", [uri])) as { applied?: boolean } | undefined;
  if (!args.length && !answer?.applied) {
    void vscode.window.showInformationMessage("Redline: nothing to fix automatically in this file.");
  }
  return answer;
}

async function explain(args: unknown[], next: Next): Promise<unknown> {
  const rule = typeof args[0] === "string" ? args[0] : await vscode.window.showInputBox({
    title: "Redline: explain rule", prompt: "Rule id", value: ruleAtCursor() ?? "",
  });
  if (!rule) {
    return undefined;
  }
  const answer = (await next("redline.explain", [rule.trim()])) as { value?: string; kind?: string } | null;
  if (!answer?.value) {
    void vscode.window.showWarningMessage(`Redline: no rule ${rule}.`);
    return answer;
  }
  const language = answer.kind === "markdown" ? "markdown" : "plaintext";
  const document = await vscode.workspace.openTextDocument({ content: answer.value, language });
  await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  return answer;
}

async function scanWorkspace(args: unknown[], next: Next): Promise<unknown> {
  const answer = (await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: "Redline: scanning the workspace" },
    () => Promise.resolve(next("redline.scanWorkspace", args)),
  )) as { files?: number; findings?: number } | undefined;
  if (answer) {
    void vscode.window.showInformationMessage(`Redline: ${answer.findings ?? 0} problems in ${answer.files ?? 0} files (see the Problems panel).`);
  }
  return answer;
}

const COMMANDS: Record<string, (args: unknown[], next: Next) => Promise<unknown>> = {
  "redline.fixAll": fixAll,
  "redline.explain": explain,
  "redline.scanWorkspace": scanWorkspace,
};

export const middleware: Middleware = {
  executeCommand: (command, args, next) => {
    const handler = COMMANDS[command];
    return handler ? handler(args, next) : next(command, args);
  },
  workspace: {
    configuration: async (params, token, next) => {
      const answers = await next(params, token);
      if (!Array.isArray(answers)) {
        return answers;
      }
      return params.items.map((item, index) => item.section === "redline"
        ? settingsFor(item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined)
        : answers[index]);
    },
  },
};

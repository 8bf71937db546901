/** The status bar item: what the Redline server is doing; a click shows its output. */
import * as vscode from "vscode";

export type ServerState = "starting" | "running" | "stopped" | "missing";

const LOOK: Record<ServerState, { text: string; tooltip: string; error: boolean }> = {
  starting: { text: "$(sync~spin) Redline", tooltip: "Redline: starting the server", error: false },
  running: { text: "$(shield) Redline", tooltip: "Redline: server running", error: false },
  stopped: { text: "$(debug-stop) Redline", tooltip: "Redline: server stopped (run \"Redline: Restart server\")", error: true },
  missing: { text: "$(error) Redline", tooltip: "Redline: not installed in the chosen interpreter", error: true },
};

export class StatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem("redline.status", vscode.StatusBarAlignment.Right, 100);

  constructor() {
    this.item.name = "Redline";
    this.item.command = "redline.showOutput";
    this.show("starting");
  }

  /** Shows `state`; `detail` (interpreter, version) goes into the tooltip. */
  show(state: ServerState, detail?: string): void {
    const look = LOOK[state];
    this.item.text = look.text;
    this.item.tooltip = detail ? `${look.tooltip}\n${detail}` : look.tooltip;
    this.item.backgroundColor = look.error ? new vscode.ThemeColor("statusBarItem.errorBackground") : undefined;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}

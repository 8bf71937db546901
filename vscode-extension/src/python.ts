/**
 * The Python extension's active interpreter, when ms-python is installed. An optional
 * integration: it is not in extensionDependencies, so Redline activates without it.
 */
import * as vscode from "vscode";

/** The parts of ms-python's public API Redline reads (typed loosely: it is optional). */
interface PythonApi {
  environments?: {
    getActiveEnvironmentPath(resource?: vscode.Uri): { path: string } | undefined;
    resolveEnvironment(path: { path: string } | string): Promise<{ executable?: { uri?: vscode.Uri } } | undefined>;
  };
  settings?: { getExecutionDetails(resource?: vscode.Uri): { execCommand?: string[] } };
}

export const PYTHON_EXTENSION_ID = "ms-python.python";

/** The active interpreter as a command, or undefined without the Python extension. */
export async function activePythonInterpreter(resource?: vscode.Uri): Promise<string[] | undefined> {
  const extension = vscode.extensions.getExtension<PythonApi>(PYTHON_EXTENSION_ID);
  if (!extension) {
    return undefined;
  }
  const api = extension.isActive ? extension.exports : await extension.activate();
  const active = api?.environments?.getActiveEnvironmentPath(resource);
  if (active) {
    const environment = await api.environments?.resolveEnvironment(active);
    return [environment?.executable?.uri?.fsPath ?? active.path];
  }
  return api?.settings?.getExecutionDetails(resource)?.execCommand;
}

/** Fires when the user picks another interpreter in the Python extension. */
export function onPythonInterpreterChange(listener: () => void): vscode.Disposable | undefined {
  const extension = vscode.extensions.getExtension<{ environments?: { onDidChangeActiveEnvironmentPath?: vscode.Event<unknown> } }>(PYTHON_EXTENSION_ID);
  const event = extension?.isActive ? extension.exports?.environments?.onDidChangeActiveEnvironmentPath : undefined;
  return event ? event(listener) : undefined;
}

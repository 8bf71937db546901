/**
 * Which Python runs `redline serve`, and what to tell the user when Redline is missing there.
 * Pure logic (no `vscode` import) so the Node test runner can check it directly.
 */

/** Where the chosen interpreter came from, shown in the output channel and status tooltip. */
export type InterpreterSource = "setting" | "python-extension" | "default";

export interface Interpreter {
  /** The command: the executable first, then any fixed arguments (e.g. `["py", "-3.12"]`). */
  command: string[];
  source: InterpreterSource;
}

export interface InterpreterInputs {
  /** The `redline.interpreter` setting as VS Code hands it over (may be anything). */
  setting: unknown;
  /** The folder `${workspaceFolder}` stands for, if there is one. */
  workspaceFolder?: string;
  /** The Python extension's active interpreter; undefined when it is not installed or has none. */
  pythonExtension: () => Promise<string[] | undefined>;
}

export const DEFAULT_PYTHON = "python3";

/** Expands `${workspaceFolder}` (and `${workspaceRoot}`, its old name) in one setting value. */
export function expandVariables(value: string, workspaceFolder: string | undefined): string {
  if (workspaceFolder === undefined) {
    return value;
  }
  return value.replace(/\$\{(workspaceFolder|workspaceRoot)\}/g, () => workspaceFolder);
}

/** The setting as a command, or undefined when it is unset, empty or not a list of strings. */
export function commandFromSetting(setting: unknown, workspaceFolder?: string): string[] | undefined {
  if (!Array.isArray(setting) || setting.length === 0) {
    return undefined;
  }
  if (!setting.every((part) => typeof part === "string") || setting[0].trim() === "") {
    return undefined;
  }
  return setting.map((part: string) => expandVariables(part, workspaceFolder));
}

/** Setting first, then the Python extension's active interpreter, then `python3`. */
export async function resolveInterpreter(inputs: InterpreterInputs): Promise<Interpreter> {
  const fromSetting = commandFromSetting(inputs.setting, inputs.workspaceFolder);
  if (fromSetting) {
    return { command: fromSetting, source: "setting" };
  }
  let fromPython: string[] | undefined;
  try {
    fromPython = await inputs.pythonExtension();
  } catch {
    fromPython = undefined; // a broken Python extension must not stop Redline
  }
  if (fromPython && fromPython.length > 0 && fromPython[0] !== "") {
    return { command: fromPython, source: "python-extension" };
  }
  return { command: [DEFAULT_PYTHON], source: "default" };
}

/** Arguments that start the server with the interpreter. */
export function serverArguments(interpreter: Interpreter): { command: string; args: string[] } {
  const [command, ...fixed] = interpreter.command;
  return { command, args: [...fixed, "-m", "redline", "serve"] };
}

/** Arguments that print Redline's version, or fail when it is not importable. */
export function probeArguments(interpreter: Interpreter): { command: string; args: string[] } {
  const [command, ...fixed] = interpreter.command;
  return { command, args: [...fixed, "-c", "import redline; print(redline.__version__)"] };
}

/** A shell-ready command line: arguments with spaces or quotes are single-quoted. */
export function shellLine(parts: string[]): string {
  return parts.map((part) => (/^[\w@%+=:,./-]+$/.test(part) ? part : `'${part.replace(/'/g, `'\\''`)}'`)).join(" ");
}

/** The command that installs Redline into the interpreter. */
export function installCommand(interpreter: Interpreter): string {
  return shellLine([...interpreter.command, "-m", "pip", "install", "redline"]);
}

/** The one message shown when the interpreter cannot import Redline. */
export function missingMessage(interpreter: Interpreter, detail: string): string {
  const where = shellLine(interpreter.command);
  const reason = detail.trim().split(/\r?\n/).filter(Boolean).pop() ?? "it could not be started";
  return `Redline is not available in ${where} (${reason}). Install it with: ${installCommand(interpreter)} ` +
    `— or point the setting redline.interpreter at a Python that has it.`;
}

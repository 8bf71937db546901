import { strict as assert } from "node:assert";
import { test } from "node:test";
import {
  commandFromSetting, installCommand, missingMessage, probeArguments, resolveInterpreter, serverArguments,
} from "../src/interpreter";

const noPython = async () => undefined;

test("the redline.interpreter setting wins over the Python extension", async () => {
  const chosen = await resolveInterpreter({
    setting: ["/opt/venv/bin/python", "-X", "utf8"],
    pythonExtension: async () => ["/usr/bin/python3.12"],
  });
  assert.deepEqual(chosen, { command: ["/opt/venv/bin/python", "-X", "utf8"], source: "setting" });
});

test("without the setting, the Python extension's active interpreter is used", async () => {
  const chosen = await resolveInterpreter({ setting: [], pythonExtension: async () => ["/home/me/.venv/bin/python"] });
  assert.deepEqual(chosen, { command: ["/home/me/.venv/bin/python"], source: "python-extension" });
});

test("without the setting and the Python extension, python3", async () => {
  assert.deepEqual(await resolveInterpreter({ setting: undefined, pythonExtension: noPython }), { command: ["python3"], source: "default" });
});

test("a failing Python extension falls back to python3 instead of stopping Redline", async () => {
  const chosen = await resolveInterpreter({ setting: [], pythonExtension: async () => { throw new Error("not ready"); } });
  assert.deepEqual(chosen, { command: ["python3"], source: "default" });
});

test("settings that are not a list of strings are ignored", () => {
  for (const bad of ["python3", [1], [""], ["  "], {}, null, [null]]) {
    assert.equal(commandFromSetting(bad), undefined, JSON.stringify(bad));
  }
});

test("${workspaceFolder} in the setting is the workspace folder", async () => {
  const chosen = await resolveInterpreter({
    setting: ["${workspaceFolder}/.venv/bin/python"], workspaceFolder: "/src/app", pythonExtension: noPython,
  });
  assert.deepEqual(chosen.command, ["/src/app/.venv/bin/python"]);
});

test("the server runs as `python -m redline serve`, after the setting's own arguments", () => {
  assert.deepEqual(serverArguments({ command: ["py", "-3.12"], source: "setting" }), { command: "py", args: ["-3.12", "-m", "redline", "serve"] });
  assert.deepEqual(probeArguments({ command: ["python3"], source: "default" }).args, ["-c", "import redline; print(redline.__version__)"]);
});

test("the missing-Redline message names the interpreter and the install command", () => {
  const interpreter = { command: ["/my venv/bin/python"], source: "setting" as const };
  assert.equal(installCommand(interpreter), "'/my venv/bin/python' -m pip install redline");
  const message = missingMessage(interpreter, "Traceback (most recent call last):\nModuleNotFoundError: No module named 'redline'\n");
  assert.match(message, /No module named 'redline'/);
  assert.match(message, /Install it with: '\/my venv\/bin\/python' -m pip install redline/);
});

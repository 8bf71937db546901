import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { CLIENT_ONLY_KEYS, SERVER_KEYS, serverSettings } from "../src/settings";

/** package.json's `redline.*` settings with their defaults, as VS Code would hand them over. */
function manifestDefaults(): Record<string, unknown> {
  const manifest = JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8"));
  const properties: Record<string, { default: unknown }> = manifest.contributes.configuration.properties;
  return Object.fromEntries(Object.entries(properties).map(([key, value]) => [key.replace(/^redline\./, ""), value.default]));
}

test("every setting in package.json is either sent to the server or client-only", () => {
  const declared = Object.keys(manifestDefaults()).map((key) => key.split(".")[0]);
  const known = new Set<string>([...SERVER_KEYS, ...CLIENT_ONLY_KEYS]);
  assert.deepEqual(declared.filter((key) => !known.has(key)), []);
  assert.deepEqual(SERVER_KEYS.filter((key) => !declared.includes(key)), []);
});

test("with default settings only server behaviour is sent, so the project's config decides the rest", () => {
  const defaults = manifestDefaults();
  assert.deepEqual(serverSettings((key) => defaults[key]), {
    enable: true, run: "onType", syntaxErrors: true, logLevel: "warning", diagnosticSeverity: {},
  });
});

test("settings the user chose are sent under the server's names", () => {
  const chosen: Record<string, unknown> = {
    enable: false, run: "onSave", debounce: 150, select: ["PY-SQL"], ignore: ["PY-ASSERT-001"],
    tiers: ["vuln", "audit"], minSeverity: "medium", nosec: true, noqa: false, interpreter: ["python3"],
  };
  assert.deepEqual(serverSettings((key) => chosen[key]), {
    enable: false, run: "onSave", debounce: 150, select: ["PY-SQL"], ignore: ["PY-ASSERT-001"],
    tiers: ["vuln", "audit"], minSeverity: "medium", nosec: true, noqa: false,
  });
});

test("rule folders expand ${workspaceFolder} and drop empty entries", () => {
  const settings = serverSettings((key) => (key === "extraRules" ? ["${workspaceFolder}/rules", "", 3] : undefined), "/src/app");
  assert.deepEqual(settings, { extraRules: ["/src/app/rules"] });
});

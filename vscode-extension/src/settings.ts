/**
 * VS Code's `redline.*` settings as the server reads them (initializationOptions and
 * workspace/configuration). Pure logic so the Node test runner can check it.
 *
 * Settings that override the project's `[tool.redline]` default to null in package.json: an
 * unset setting is left out, so the config file decides. Only a value the user chose wins.
 */
import { expandVariables } from "./interpreter";

/** Server behaviour: always sent (the server has the same defaults). */
const BEHAVIOUR_KEYS = ["enable", "run", "debounce", "syntaxErrors", "logLevel", "diagnosticSeverity"] as const;

/** Overrides of the project's config: sent only when set. */
const OVERRIDE_KEYS = [
  "select", "extendSelect", "ignore", "minSeverity", "minConfidence", "severity", "tiers",
  "perFileIgnores", "nosec", "noqa", "requireReason", "extraRules",
] as const;

/** Client-only settings: never sent to the server. */
export const CLIENT_ONLY_KEYS = ["interpreter", "trace"] as const;

export const SERVER_KEYS: readonly string[] = [...BEHAVIOUR_KEYS, ...OVERRIDE_KEYS];

export type ServerSettings = Record<string, unknown>;

/**
 * Reads each key with `get` (a `WorkspaceConfiguration.get` for the `redline` section) and
 * returns what the server gets. `${workspaceFolder}` is expanded in rule folders.
 */
export function serverSettings(get: (key: string) => unknown, workspaceFolder?: string): ServerSettings {
  const result: ServerSettings = {};
  for (const key of SERVER_KEYS) {
    const value = get(key);
    if (value === null || value === undefined) {
      continue;
    }
    result[key] = value;
  }
  if (Array.isArray(result.extraRules)) {
    result.extraRules = result.extraRules
      .filter((folder): folder is string => typeof folder === "string" && folder !== "")
      .map((folder) => expandVariables(folder, workspaceFolder));
  }
  return result;
}

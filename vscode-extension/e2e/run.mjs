// Drives a running code-server (real VS Code in the browser) with playwright-core and Debian's
// chromium: opens the vulnerable file, waits for Redline's squiggles, reads the Problems panel,
// hovers a diagnostic, applies a quick fix and a "suppress on this line" through the Ctrl+. menu.
// It only observes and acts like a user; tests/editors/test_vscode_e2e.py asserts on the
// result.json it writes (and on the files on disk).
//
// Usage: node e2e/run.mjs SCENARIO URL WORKSPACE_DIR OUTPUT_DIR   (CHROMIUM=path to the browser)
// SCENARIO: "fix" (Redline installed: diagnostics, hover, quick fix, suppress) or "missing"
// (Redline not importable: one clear message, also after a restart).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";

const [scenario, url, workspace, outDir] = process.argv.slice(2);
const FILE = "app.py";
const FIX_RULE = "yaml-unsafe-load";
const SUPPRESS_RULE = "subprocess-shell-injection";
const STEP_MS = 60_000;
const started = Date.now();
const timings = {};
const result = { timings, steps: [] };

function mark(name) {
  timings[name] = (Date.now() - started) / 1000;
  result.steps.push(name);
  console.log(`e2e: ${timings[name].toFixed(1)}s ${name}`);
}

async function until(what, check, timeout = STEP_MS) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The Problems panel rows as the user reads them (message, source(code), position). */
async function problems(page) {
  return page.locator(".markers-panel .monaco-list-row").evaluateAll((rows) =>
    rows.map((row) => row.innerText.replace(/\s+/g, " ").trim()).filter(Boolean));
}

/** The centre of the first squiggle on the line that contains `text`. */
async function squiggleOnLine(page, text) {
  const line = page.locator(".view-line", { hasText: text }).first();
  const lineBox = await line.boundingBox();
  const squiggles = await page.locator(".view-overlays [class*='squiggly-']").evaluateAll((nodes) =>
    nodes.map((node) => { const r = node.getBoundingClientRect(); return { x: r.x, y: r.y, width: r.width, height: r.height }; }));
  const box = squiggles.find((s) => lineBox && s.y < lineBox.y + lineBox.height && s.y + s.height > lineBox.y);
  if (!box) throw new Error(`no squiggle on the line with ${text}`);
  return { x: box.x + Math.min(box.width / 2, 40), y: box.y + box.height / 2 };
}

/** Clicks into the diagnostic, opens the Ctrl+. menu and returns its entries. Like a user,
 * it presses Ctrl+. again when no menu shows: VS Code drops a menu that opens while the
 * diagnostics it was asked for are being replaced (a re-check after the previous save). */
async function openQuickFixMenu(page, lineText) {
  const menu = page.locator(".action-widget:not(.action-list-submenu-panel)");
  await until("the quick fix menu", async () => {
    const at = await squiggleOnLine(page, lineText);
    await page.mouse.click(at.x, at.y);
    await page.keyboard.press("Control+Period");
    try {
      await menu.waitFor({ state: "visible", timeout: 10_000 });
      return true;
    } catch {
      await page.keyboard.press("Escape");
      return false;
    }
  });
  await until("quick fixes in the menu", async () => (await menu.locator(".monaco-list-row.action").count()) > 0);
  return menu.locator(".monaco-list-row.action").allInnerTexts();
}

async function chooseAction(page, title) {
  await page.locator(".action-widget .monaco-list-row.action", { hasText: title }).first().click();
  await page.locator(".action-widget:not(.action-list-submenu-panel)").waitFor({ state: "hidden", timeout: STEP_MS });
  await page.keyboard.press("Control+S");
}

const fileOnDisk = () => readFileSync(join(workspace, FILE), "utf8");

/** Opens the workspace and the vulnerable file, as a user would from the Explorer. */
async function openFile(page) {
  await page.goto(`${url}/?folder=${encodeURIComponent(workspace)}`);
  await page.locator(".monaco-workbench").waitFor({ timeout: STEP_MS });
  mark("workbench");
  await page.locator(".explorer-folders-view .monaco-list-row", { hasText: FILE }).first().click();
  await page.locator(".monaco-editor .view-line", { hasText: "yaml.load" }).waitFor({ timeout: STEP_MS });
  mark("file open");
}

/** The Redline status item once it has settled: the extension host sends status bar updates on
 * their own schedule, so the spinning "starting" icon may still show just after a toast. */
async function statusItem(page) {
  const status = page.locator(".statusbar-item", { hasText: "Redline" }).first();
  return until("the Redline status item to leave \"starting\"", async () => {
    const icon = await status.locator(".codicon").first().getAttribute("class");
    return icon.includes("codicon-sync") ? null : { text: (await status.innerText()).trim(), icon };
  });
}

async function fixScenario(page) {
  await openFile(page);
  await page.locator(".view-overlays [class*='squiggly-']").first().waitFor({ timeout: 120_000 });
  mark("squiggles");

  await page.keyboard.press("Control+Shift+M");
  result.problems = await until("Redline rows in the Problems panel", async () => {
    const rows = await problems(page);
    return rows.filter((row) => row.includes("redline")).length >= 2 ? rows : null;
  });
  result.statusBar = await statusItem(page);
  await page.screenshot({ path: join(outDir, "diagnostics.png") });
  mark("problems panel");

  const yamlAt = await squiggleOnLine(page, "yaml.load");
  await page.mouse.move(yamlAt.x, yamlAt.y);
  const hover = page.locator(".monaco-hover:not(.hidden)", { hasText: FIX_RULE }).first();
  await hover.waitFor({ state: "visible", timeout: STEP_MS });
  result.hover = (await hover.innerText()).trim();
  await page.screenshot({ path: join(outDir, "hover.png") });
  mark("hover");
  await page.mouse.move(5, 5);
  await page.keyboard.press("Escape");

  result.fixMenu = await openQuickFixMenu(page, "yaml.load");
  await page.screenshot({ path: join(outDir, "quickfix.png") });
  const fixTitle = result.fixMenu.find((title) => !title.startsWith("Suppress") && !title.includes("fix all"));
  if (!fixTitle) throw new Error(`no quick fix in the menu: ${result.fixMenu.join(" | ")}`);
  await chooseAction(page, fixTitle);
  result.fileAfterFix = await until("the fixed file saved", () => {
    const text = fileOnDisk();
    return text.includes("yaml.load(") ? null : text;
  });
  result.problemsAfterFix = await until("the fixed problem gone", async () => {
    const rows = await problems(page);
    return rows.some((row) => row.includes(FIX_RULE)) ? null : rows;
  });
  mark("quick fix");

  result.suppressMenu = await openQuickFixMenu(page, "shell=True");
  await chooseAction(page, `Suppress ${SUPPRESS_RULE} on this line`);
  result.fileAfterSuppress = await until("the suppression saved", () => {
    const text = fileOnDisk();
    return text.includes(`ignore[${SUPPRESS_RULE}]`) ? text : null;
  });
  result.problemsAfterSuppress = await until("the suppressed problem gone", async () => {
    const rows = await problems(page);
    return rows.some((row) => row.includes(SUPPRESS_RULE)) ? null : rows;
  });
  mark("suppress");
}

/** Runs a command from the command palette (F1), by its title. */
async function runCommand(page, title) {
  await page.keyboard.press("F1");
  await page.locator(".quick-input-widget input").fill(`>${title}`);
  await page.locator(".quick-input-list .monaco-list-row", { hasText: title }).first().waitFor({ timeout: STEP_MS });
  await page.keyboard.press("Enter");
}

async function missingScenario(page) {
  await openFile(page);
  const toast = page.locator(".notification-toast", { hasText: "Redline is not available" }).first();
  await toast.waitFor({ state: "visible", timeout: STEP_MS });
  result.message = (await toast.innerText()).trim();
  result.statusBar = await statusItem(page);
  await page.screenshot({ path: join(outDir, "missing.png") });
  mark("message");
  await runCommand(page, "Redline: Restart server");
  await page.waitForTimeout(5_000); // a crash loop would have shown more messages by now
  await runCommand(page, "Notifications: Show Notifications");
  const centre = page.locator(".notifications-center .notification-list-item");
  await centre.first().waitFor({ timeout: STEP_MS });
  result.notifications = (await centre.allInnerTexts()).map((text) => text.trim());
  result.squiggles = await page.locator(".view-overlays [class*='squiggly-']").count();
  result.statusAfterRestart = await statusItem(page);
  mark("restart");
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 800 } });
  await (scenario === "missing" ? missingScenario(page) : fixScenario(page));
  result.ok = true;
} catch (error) {
  result.ok = false;
  result.error = String(error?.stack || error);
  const pages = browser.contexts().flatMap((context) => context.pages());
  if (pages.length) await pages[0].screenshot({ path: join(outDir, "failure.png") }).catch(() => {});
} finally {
  writeFileSync(join(outDir, "result.json"), JSON.stringify(result, null, 2));
  await browser.close();
}
process.exit(result.ok ? 0 : 1);

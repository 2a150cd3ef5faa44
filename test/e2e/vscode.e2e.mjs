// Drives the real VS Code workbench (code-server) with Playwright in headless Chromium. Started by run.sh, which
// passes the code-server port and the temp workspace (a copy of samples/). Each check waits on what the page shows.
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const PORT = process.env.E2E_PORT;
const WS = process.env.E2E_WORKSPACE;
const REPO = process.env.E2E_REPO;
const ARTIFACTS = process.env.E2E_ARTIFACTS ?? path.join(REPO, 'test/e2e/artifacts');
const SUMMARY = process.env.E2E_SUMMARY;
const TARGET = 'go-service/internal/cache/entry.go';
const TARGET_ABS = path.join(WS, TARGET);
const SCREENSHOT = path.join(REPO, 'docs/images/diagnostic.png');
// The machine is slow (2 cores): the first load of the workbench and the language server start take a while.
const LOAD_MS = 180_000;
const STEP_MS = 60_000;

const require = createRequire(path.join(REPO, '.e2e', 'package.json'));
const { chromium } = require('playwright-core');

const original = readFileSync(TARGET_ABS, 'utf8');
const results = [];
let page;

async function check(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    results.push({ name, ok: true });
    console.error(`ok   ${name} (${((Date.now() - t0) / 1000).toFixed(1)}s)`);
  } catch (err) {
    results.push({ name, ok: false, error: String(err?.message ?? err) });
    console.error(`FAIL ${name} (${((Date.now() - t0) / 1000).toFixed(1)}s)\n     ${String(err?.stack ?? err).split('\n').slice(0, 6).join('\n     ')}`);
    const shot = path.join(ARTIFACTS, `${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`);
    await page?.screenshot({ path: shot }).then(() => console.error(`     screenshot: ${shot}`), () => {});
  }
}
const passed = (name) => results.find((r) => r.name === name)?.ok;
function skip(name, because) {
  results.push({ name, ok: false, error: `skipped: ${because} failed` });
  console.error(`FAIL ${name} (skipped: "${because}" failed)`);
}
function assert(cond, message) { if (!cond) throw new Error(message); }

/** Line (1-based) and column (1-based) of the struct name in `type Entry struct {`. */
function entryPosition(text) {
  const lines = text.split('\n');
  const i = lines.findIndex((l) => /^type Entry struct \{/.test(l));
  assert(i >= 0, `no "type Entry struct {" line in ${TARGET}`);
  return { line: i + 1, column: lines[i].indexOf('Entry') + 1 };
}
/** Field names of struct Entry, in source order (one field per line, comments and blank lines skipped). */
function entryFields(text) {
  const body = text.match(/^type Entry struct \{\n([\s\S]*?)^\}/m);
  assert(body, 'struct Entry not found');
  return body[1].split('\n').map((l) => l.trim())
    .filter((l) => l && !l.startsWith('//') && !l.startsWith('/*'))
    .map((l) => l.split(/[\s,]/)[0]);
}
const comments = (text) => (text.match(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g) ?? []).map((c) => c.trim());

const problemRow = () => page.locator('.markers-panel .monaco-list-row')
  .filter({ hasText: 'go-struct-padding' }).filter({ hasText: 'struct Entry is' });

async function gotoEntryName() {
  const { line, column } = entryPosition(readFileSync(TARGET_ABS, 'utf8'));
  await page.keyboard.press('Control+1'); // focus the editor (the Problems panel may have focus)
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget input').waitFor({ state: 'visible', timeout: STEP_MS });
  await page.keyboard.type(`${line}:${column}`);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: STEP_MS });
  await page.locator('.monaco-editor .cursors-layer .cursor').first().waitFor({ state: 'visible', timeout: STEP_MS });
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run'],
});
try {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  page = await context.newPage();
  page.setDefaultTimeout(STEP_MS);

  await check('workbench opens the folder in Restricted Mode', async () => {
    await page.goto(`http://127.0.0.1:${PORT}/?folder=${encodeURIComponent(WS)}`, { timeout: LOAD_MS });
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: LOAD_MS });
    // Workspace trust is on and the folder is not trusted: the extension must work in Restricted Mode anyway.
    await page.locator('.statusbar').getByText('Restricted Mode').waitFor({ state: 'visible', timeout: LOAD_MS });
  });

  await check('diagnostic go-struct-padding in the Problems panel', async () => {
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: LOAD_MS });
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').waitFor({ state: 'visible' });
    await page.keyboard.type(TARGET.replace(/^.*?internal\//, 'internal/'));
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'entry.go' })
      .filter({ hasText: 'go-service/internal/cache' }).first().waitFor({ state: 'visible' });
    await page.keyboard.press('Enter');
    await page.locator('.tab.active', { hasText: 'entry.go' }).waitFor({ state: 'visible' });
    await page.locator('.monaco-editor .view-lines', { hasText: 'type Entry struct' }).waitFor({ state: 'visible' });
    await page.keyboard.press('Control+Shift+M');
    await page.locator('.markers-panel').waitFor({ state: 'visible' });
    await problemRow().first().waitFor({ state: 'visible', timeout: LOAD_MS });
    const text = await problemRow().first().innerText();
    console.error(`     problem: ${text.replace(/\s+/g, ' ')}`);
    // The squiggle in the editor, then the screenshot for the docs (editor + Problems panel).
    await page.locator('.monaco-editor .view-overlays [class*="squiggly-"]').first().waitFor({ state: 'visible' });
    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
  });

  const diag = 'diagnostic go-struct-padding in the Problems panel';
  if (!passed(diag)) skip('hover on Entry shows the layout table', diag);
  else await check('hover on Entry shows the layout table', async () => {
    await gotoEntryName();
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I'); // editor.action.showHover
    // Only the hover provider's markdown counts: the diagnostic's own hover part also says "linux/arm64".
    const markdown = page.locator('.monaco-hover .rendered-markdown');
    await markdown.filter({ hasText: 'offset' }).first().waitFor({ state: 'visible' });
    const text = (await markdown.allInnerTexts()).join('\n');
    assert(text.includes('linux/arm64'), `hover has no "linux/arm64": ${text}`);
    const tables = await page.locator('.monaco-hover .rendered-markdown table').count();
    console.error(`     hover (${tables ? 'markdown table' : 'no <table> element'}): ${text.replace(/\s+/g, ' ').slice(0, 160)}`);
    await page.keyboard.press('Escape');
  });

  if (!passed(diag)) skip('quick fix "Reorder fields of Entry" fixes the file', diag);
  else await check('quick fix "Reorder fields of Entry" fixes the file', async () => {
    await gotoEntryName();
    await page.keyboard.press('Control+.');
    const action = page.locator('.action-widget .monaco-list-row', { hasText: 'Reorder fields of Entry' });
    await action.first().waitFor({ state: 'visible' });
    // Choose it with the keyboard: a mouse click waits for the widget to be "stable", which it never is here.
    const focused = page.locator('.action-widget .monaco-list-row.focused', { hasText: 'Reorder fields of Entry' });
    for (let i = 0; i < 20 && !(await focused.count()); i++) await page.keyboard.press('ArrowDown');
    assert(await focused.count(), 'could not select the quick fix in the menu');
    await page.keyboard.press('Enter');
    await page.locator('.tab.active.dirty', { hasText: 'entry.go' }).waitFor({ state: 'visible' });
    await page.keyboard.press('Control+S');
    await page.locator('.tab.active.dirty').waitFor({ state: 'detached' });
    let after = original;
    for (const t0 = Date.now(); after === original && Date.now() - t0 < STEP_MS; await new Promise((r) => setTimeout(r, 100))) {
      after = readFileSync(TARGET_ABS, 'utf8');
    }
    assert(after !== original, `${TARGET} unchanged on disk after save`);
    const [before, now] = [entryFields(original), entryFields(after)];
    assert(JSON.stringify([...before].sort()) === JSON.stringify([...now].sort()), `fields differ: ${before} -> ${now}`);
    assert(JSON.stringify(before) !== JSON.stringify(now), `field order unchanged: ${now}`);
    const lost = comments(original).filter((c) => !after.includes(c));
    assert(lost.length === 0, `comments lost by the fix: ${JSON.stringify(lost)}`);
    console.error(`     fields: ${before.join(',')} -> ${now.join(',')}`);
    await problemRow().first().waitFor({ state: 'detached', timeout: LOAD_MS });
  });

  // Agent mode's tools: VS Code lists them (vscode.lm.tools) and runs scan through vscode.lm.invokeTool, which
  // forwards it to the running language server. The command writes both into a new editor.
  await check('language-model tools are registered and scan runs through vscode.lm.invokeTool', async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').waitFor({ state: 'visible' });
    await page.keyboard.type('ARM64: Check Language Model Tools');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Check Language Model Tools' }).first().waitFor({ state: 'visible' });
    await page.keyboard.press('Enter');
    const editor = page.locator('.monaco-editor .view-lines', { hasText: 'language-model tools' });
    await editor.first().waitFor({ state: 'visible', timeout: LOAD_MS });
    const registered = page.locator('.monaco-editor .view-lines', { hasText: 'tools registered: 6' });
    await registered.first().waitFor({ state: 'visible', timeout: STEP_MS }).catch(async () => {
      throw new Error(`tools not all registered: ${(await editor.first().innerText()).replace(/\s+/g, ' ').slice(0, 400)}`);
    });
    const scanned = page.locator('.monaco-editor .view-lines', { hasText: 'ci-load-multiplatform' });
    await scanned.first().waitFor({ state: 'visible', timeout: LOAD_MS }).catch(async () => {
      throw new Error(`no scan result: ${(await editor.first().innerText()).replace(/\s+/g, ' ').slice(0, 400)}`);
    });
    const text = (await scanned.first().innerText()).replace(/\s+/g, ' ');
    assert(/\d+ findings in \d+ files/.test(text), `no summary line: ${text.slice(0, 400)}`);
    console.error(`     ${text.slice(0, 220)}`);
  });
} finally {
  await browser.close();
}

const summary = { passed: results.filter((r) => r.ok).length, failed: results.filter((r) => !r.ok).length, results };
if (SUMMARY) writeFileSync(SUMMARY, JSON.stringify(summary, null, 2));
process.exitCode = summary.failed ? 1 : 0;

// Drives the real VS Code workbench (code-server) with Playwright in headless Chromium. Started by run.sh, which
// passes the code-server port and the temp workspace (a copy of samples/). Each check waits on what the page shows.
import { createRequire } from 'node:module';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const PORT = process.env.E2E_PORT;
const WS = process.env.E2E_WORKSPACE;
const REPO = process.env.E2E_REPO;
const ARTIFACTS = process.env.E2E_ARTIFACTS ?? path.join(REPO, 'test/e2e/artifacts');
const SUMMARY = process.env.E2E_SUMMARY;
const TARGET = 'go-service/internal/cache/entry.go';
const TARGET_ABS = path.join(WS, TARGET);
// Screenshots go to the ignored artifacts folder only; `npm run readme-images` sets E2E_README_IMAGES to copy the
// ones the README shows into docs/images (a test run never changes a tracked file).
const README_IMAGES = process.env.E2E_README_IMAGES ? path.resolve(REPO, process.env.E2E_README_IMAGES) : undefined;
const README_SHOTS = new Set(['diagnostic.png']);
// The machine is slow (2 cores): the first load of the workbench and the language server start take a while.
const LOAD_MS = 180_000;
const STEP_MS = 60_000;

const require = createRequire(path.join(REPO, '.e2e', 'package.json'));
const { chromium } = require('playwright-core');

const original = readFileSync(TARGET_ABS, 'utf8');
const results = [];
const consoleLines = [];
let page;

/** A screenshot of the state a check passed in, in the artifacts folder (and docs/images for the README's). */
async function shot(name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, name);
  await page.screenshot({ path: file });
  console.error(`     screenshot: ${path.relative(REPO, file)}`);
  if (README_IMAGES && README_SHOTS.has(name)) {
    mkdirSync(README_IMAGES, { recursive: true });
    copyFileSync(file, path.join(README_IMAGES, name));
  }
}

async function check(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    results.push({ name, ok: true });
    console.error(`ok   ${name} (${((Date.now() - t0) / 1000).toFixed(1)}s)`);
  } catch (err) {
    results.push({ name, ok: false, error: String(err?.message ?? err) });
    console.error(`FAIL ${name} (${((Date.now() - t0) / 1000).toFixed(1)}s)\n     ${String(err?.stack ?? err).split('\n').slice(0, 6).join('\n     ')}`);
    const file = path.join(ARTIFACTS, `FAIL-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`);
    await page?.screenshot({ path: file }).then(() => console.error(`     screenshot: ${file}`), () => {});
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


/** Runs a command from the command palette (F1) by its title. */
async function runCommand(title) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input').waitFor({ state: 'visible' });
  await page.keyboard.type(title);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title.replace(/^.*?: /, '') }).first().waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
}

/** Opens a workspace file with Quick Open and waits for its tab. */
async function openFile(rel) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input').waitFor({ state: 'visible' });
  await page.keyboard.type(rel);
  const base = path.basename(rel);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: base }).filter({ hasText: path.dirname(rel) }).first().waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
  await page.locator('.tab.active', { hasText: base }).waitFor({ state: 'visible' });
}

/** Chooses a code action of the open Ctrl+. menu by its title, with the keyboard (a click never sees the widget stable). */
async function chooseAction(title) {
  await page.locator('.action-widget .monaco-list-row', { hasText: title }).first().waitFor({ state: 'visible' });
  const focused = page.locator('.action-widget .monaco-list-row.focused', { hasText: title });
  for (let i = 0; i < 30 && !(await focused.count()); i++) await page.keyboard.press('ArrowDown');
  assert(await focused.count(), `could not select "${title}" in the menu`);
  await page.keyboard.press('Enter');
}

/** The active editor's lines as shown (Monaco renders spaces as no-break spaces and may order line nodes freely). */
async function editorLines() {
  return page.locator('.editor-group-container.active .monaco-editor .view-lines').first().evaluate((el) =>
    [...el.querySelectorAll('.view-line')].sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
      .map((l) => l.textContent.replace(/\u00a0/g, ' ')));
}

/** The webview frame (the inner document of a webview panel) whose page contains `text`. */
async function webviewFrame(text, timeout = STEP_MS) {
  for (const t0 = Date.now(); Date.now() - t0 < timeout; await new Promise((r) => setTimeout(r, 250))) {
    for (const f of page.frames()) {
      if (f === page.mainFrame()) continue;
      const body = await f.locator('body').innerText({ timeout: 1000 }).catch(() => '');
      if (body.includes(text)) return f;
    }
  }
  throw new Error(`no webview shows "${text}"`);
}

/** Our status bar item as text, codicons written `$(name)`, in DOM order. */
async function statusItemText() {
  const item = page.locator('.statusbar-item', { has: page.locator('.codicon-error') }).filter({ hasText: 'arm64' }).first();
  await item.waitFor({ state: 'visible' });
  return item.evaluate((el) => {
    const parts = [];
    const walk = (n) => {
      if (n.nodeType === 3) parts.push(n.textContent);
      else if (n.classList?.contains('codicon')) parts.push(` $(${[...n.classList].find((c) => c.startsWith('codicon-'))?.slice(8)}) `);
      else n.childNodes.forEach(walk);
    };
    walk(el.querySelector('.statusbar-item-label') ?? el);
    return parts.join('').replace(/\s+/g, ' ').trim();
  });
}

/** Errors, warnings and infos the Problems panel lists for a file (it lists no hints). */
async function problemsPanelCounts(fileName) {
  return page.locator('.markers-panel .monaco-list').first().evaluate((list, name) => {
    const counts = { error: 0, warning: 0, info: 0 };
    let inFile = false;
    for (const row of [...list.querySelectorAll('.monaco-list-row')].sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))) {
      // A file's row has the count badge; its problems' rows follow it.
      if (row.querySelector('.monaco-count-badge')) { inFile = row.textContent.includes(name); continue; }
      if (!inFile || !row.textContent.includes('arm64-port')) continue;
      const icon = [...row.querySelectorAll('[class*="codicon-"]')].map((e) => e.className).join(' ');
      const k = Object.keys(counts).find((x) => new RegExp(`codicon-${x}\\b`).test(icon));
      if (k) counts[k]++;
    }
    return counts;
  }, fileName);
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
  page.on('console', (m) => consoleLines.push(m.text()));

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
    await shot('diagnostic.png');
  });

  const diag = 'diagnostic go-struct-padding in the Problems panel';
  if (!passed(diag)) skip('hover on Entry: one aligned table for linux/arm64 = linux/amd64 and the suggested order', diag);
  else await check('hover on Entry: one aligned table for linux/arm64 = linux/amd64 and the suggested order', async () => {
    await gotoEntryName();
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I'); // editor.action.showHover
    // Only the hover provider's markdown counts: the diagnostic's own hover part also says "linux/arm64".
    const markdown = page.locator('.monaco-hover .rendered-markdown').filter({ hasText: 'offset' }).first();
    await markdown.waitFor({ state: 'visible' });
    const text = await markdown.innerText();
    // arm64 and amd64 lay Entry out alike: one table, headed with both.
    assert(text.includes('Entry · linux/arm64 = linux/amd64: 72 B'), `no shared heading: ${text.slice(0, 300)}`);
    assert(!/Entry · linux\/(arm64|amd64):/.test(text), `a table per target: ${text.slice(0, 300)}`);
    assert(/Suggested field order[\s\S]*Entry, quick fix "Reorder fields of Entry[^"]*": Key, Valid, Kind/.test(text), `no suggested order: ${text}`);
    // The table is a monospace block whose columns line up: each number ends where its header ends.
    const all = text.split('\n');
    const h = all.findIndex((l) => /^field\s+type\s+offset/.test(l));
    assert(h >= 0, `no table header in ${JSON.stringify(all.slice(0, 8))}`);
    const head = all[h];
    const rows = all.slice(h + 1, all.findIndex((l, i) => i > h && !/^\S+(\s+\S+)*\s+\d+\s+\d+/.test(l) && !l.startsWith('(')));
    assert(/^field\s+type\s+offset\s+size\s+align$/.test(head) && rows.length > 8, `table: ${JSON.stringify([head, ...rows])}`);
    for (const col of ['offset', 'size', 'align']) {
      const edge = head.indexOf(col) + col.length;
      for (const r of rows.filter((x) => !x.startsWith('('))) assert(/\d/.test(r[edge - 1] ?? '') && !/\S/.test(r[edge] ?? ''), `column ${col} not aligned in ${JSON.stringify(r)}`);
    }
    // Aligned on screen too: the table is in the editor's monospace font.
    const font = await markdown.evaluate((el) => {
      const w = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let n = w.nextNode(); n; n = w.nextNode()) if (/field\s+type\s+offset/.test(n.textContent)) return getComputedStyle(n.parentElement).fontFamily;
      return '';
    });
    assert(/mono|courier|consolas|menlo/i.test(font), `table font: ${font}`);
    console.error(`     hover table (${font.split(',')[0]}): ${head} / ${rows[0]}`);
    await shot('hover.png');
    await page.keyboard.press('Escape');
  });

  if (!passed(diag)) skip('"ARM64: Show Struct Layout" opens a read-only view, no Untitled-1 tab', diag);
  else await check('"ARM64: Show Struct Layout" opens a read-only view, no Untitled-1 tab', async () => {
    await gotoEntryName();
    const before = consoleLines.length;
    await runCommand('ARM64: Show Struct Layout');
    await page.locator('.tab', { hasText: 'Layout of Entry' }).first().waitFor({ state: 'visible' });
    const view = await webviewFrame('linux/arm64 = linux/amd64');
    const body = await view.locator('body').innerText();
    assert(body.includes('Suggested field order'), `layout view: ${body.slice(0, 300)}`);
    await shot('struct-layout.png');
    const tabs = (await page.locator('.tab').allInnerTexts()).map((t) => t.trim());
    assert(!tabs.some((t) => /Untitled/.test(t)), `tabs: ${JSON.stringify(tabs)}`);
    assert(await page.locator('.tab.dirty').count() === 0, `a dirty tab: ${JSON.stringify(tabs)}`);
    const fsErrors = consoleLines.slice(before).filter((l) => /Unable to resolve filesystem provider|untitled:/.test(l));
    assert(fsErrors.length === 0, `console: ${fsErrors.join(' | ')}`);
  });

  if (!passed(diag)) skip('"Disable go-struct-padding for this line" keeps the doc comment of Entry', diag);
  else await check('"Disable go-struct-padding for this line" keeps the doc comment of Entry', async () => {
    await gotoEntryName();
    await page.keyboard.press('Control+.');
    await chooseAction('Disable go-struct-padding for this line');
    await page.locator('.tab.active.dirty', { hasText: 'entry.go' }).waitFor({ state: 'visible' });
    const lines = await editorLines();
    const i = lines.findIndex((l) => l.startsWith('type Entry struct'));
    assert(i > 0, `no type Entry line: ${JSON.stringify(lines.slice(0, 10))}`);
    // go/doc reads the comment group right above the type: it must still be only the doc sentence.
    assert(lines[i - 1] === '// Entry is one cached value.', `line above Entry: ${JSON.stringify(lines[i - 1])}`);
    assert(lines[i] === 'type Entry struct { // arm64-port-disable-line go-struct-padding', `Entry line: ${JSON.stringify(lines[i])}`);
    await problemRow().first().waitFor({ state: 'detached', timeout: LOAD_MS });
    console.error(`     ${lines[i - 1]} / ${lines[i]}`);
    await shot('disable-for-this-line.png');
    // Undo: the file is as on disk again and the finding is back for the next check.
    await page.keyboard.press('Control+Z');
    await page.locator('.tab.active.dirty').waitFor({ state: 'detached' });
    await page.keyboard.press('Control+Shift+M');
    await problemRow().first().waitFor({ state: 'visible', timeout: LOAD_MS });
  });

  if (!passed(diag)) skip('quick fix "Reorder fields of Entry" fixes the file', diag);
  else await check('quick fix "Reorder fields of Entry" fixes the file', async () => {
    await gotoEntryName();
    await page.keyboard.press('Control+.');
    await chooseAction('Reorder fields of Entry');
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

  await check('status bar item: icon then number, the Problems panel\'s counts, kept while the Output panel has focus', async () => {
    await openFile('go-service/Dockerfile');
    await page.keyboard.press('Control+Shift+M');
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'docker-' }).first().waitFor({ state: 'visible', timeout: LOAD_MS });
    const expected = (c) => `arm64 $(error) ${c.error} $(warning) ${c.warning}${c.info ? ` $(info) ${c.info}` : ''}`;
    let counts, text;
    // The panel and the item follow the same diagnostics: wait until they agree (the last pull may still be landing).
    for (const t0 = Date.now(); Date.now() - t0 < STEP_MS; await new Promise((r) => setTimeout(r, 250))) {
      counts = await problemsPanelCounts('Dockerfile');
      text = await statusItemText();
      if (text === expected(counts) && counts.error + counts.warning > 0) break;
    }
    assert(text === expected(counts), `status item "${text}", Problems panel ${JSON.stringify(counts)}`);
    console.error(`     status: ${text} (Problems panel: ${JSON.stringify(counts)})`);
    // Focus the Output panel: its editor is not a file, the item keeps the Dockerfile's counts.
    await page.locator('.part.panel').getByRole('tab', { name: /^output/i }).first().click();
    await page.locator('.part.panel .monaco-editor').first().click();
    await page.locator('.part.panel .monaco-editor.focused').first().waitFor({ state: 'visible' });
    for (const t0 = Date.now(); Date.now() - t0 < 3000; await new Promise((r) => setTimeout(r, 250))) {
      const now = await statusItemText();
      assert(now === text, `with the Output panel focused the item says "${now}", before "${text}"`);
    }
    await shot('status-bar.png');
  });

  await check('report view: "and N more" rules open, and it says what a blocker is', async () => {
    await runCommand('ARM64: Generate Portability Report');
    const report = await webviewFrame('ARM64 portability report', LOAD_MS);
    const body = await report.locator('body').innerText();
    const note = /A blocker is an error of a build or deploy rule[^\n]*/.exec(body)?.[0];
    assert(note, `no word on blockers: ${body.slice(0, 400)}`);
    console.error(`     ${note}`);
    const more = report.locator('details.more');
    if (await more.count()) {
      const summary = more.first().locator('summary');
      console.error(`     ${await summary.innerText()}`);
      assert(!(await more.first().evaluate((d) => d.open)), 'the rest is open before a click');
      await summary.click();
      assert(await more.first().evaluate((d) => d.open), '"and N more" did not open');
      await more.first().locator('svg').waitFor({ state: 'visible' });
    } else {
      console.error('     (no chart has more than 15 rows on this workspace)');
    }
    await shot('report.png');
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

// End-to-end test of the emend extension in real VS Code (code-server) in
// headless Chromium, driven by puppeteer-core. Run by scripts/vscode-e2e.sh,
// which starts code-server on a copy of the example volume with the
// extension installed and emend.path set:
//   URL=http://127.0.0.1:PORT/ SHOTS=target/editors node tests/editors/vscode_e2e.js
// Opens d261.emd, reads the Problems panel, hovers a person, jumps from
// "Document 256" to its file, and checks the message shown when the binary
// cannot be found.
// Exit status 0 on success; on failure the reason is on stderr and the
// screen at that moment in SHOTS/vscode-failure.png.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const puppeteer = require('puppeteer-core');

const url = process.env.URL;
const shots = process.env.SHOTS || '.';
const started = Date.now();

function say(s) {
  console.log(`[${((Date.now() - started) / 1000).toFixed(1)}s] ${s}`);
}
function check(cond, what) {
  if (!cond) throw new Error(what);
}
const sleep = ms => new Promise(r => setTimeout(r, ms));

/** Presses a key with modifiers, e.g. chord(page, ['Control', 'Shift'], 'KeyM'). */
async function chord(page, modifiers, key) {
  for (const m of modifiers) await page.keyboard.down(m);
  await page.keyboard.press(key);
  for (const m of modifiers.slice().reverse()) await page.keyboard.up(m);
}

/** The text of the first element matching a selector, or ''. */
function textOf(page, selector) {
  return page.evaluate(s => {
    const e = document.querySelector(s);
    return e ? e.textContent : '';
  }, selector);
}

/** Waits until the function, run in the page, returns something truthy. */
async function until(page, what, fn, arg, timeout = 30000) {
  try {
    return await (await page.waitForFunction(fn, { timeout, polling: 100 }, arg)).jsonValue();
  } catch (e) {
    throw new Error(`${what} (${e.message.split('\n')[0]})`);
  }
}

/** The centre of the first occurrence of a text in the visible editor lines. */
function findInEditor(page, needle) {
  return page.evaluate(needle => {
    const lines = document.querySelectorAll('.editor-group-container.active .monaco-editor .view-lines .view-line');
    for (const line of lines) {
      const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
      let node;
      while ((node = walker.nextNode())) {
        const text = node.textContent.replace(/\u00a0/g, ' ');
        const i = text.indexOf(needle);
        if (i >= 0) {
          const range = document.createRange();
          range.setStart(node, i);
          range.setEnd(node, i + needle.length);
          const r = range.getBoundingClientRect();
          return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
        }
      }
    }
    return null;
  }, needle);
}

/** Runs a command from the command palette by its title. */
async function runCommand(page, title) {
  await page.keyboard.press('F1');
  await page.waitForSelector('.quick-input-widget .quick-input-box input', { visible: true });
  await page.keyboard.type(title);
  await until(page, `command "${title}" in the palette`,
    t => [...document.querySelectorAll('.quick-input-list .monaco-list-row')].some(r => r.textContent.includes(t)), title);
  await page.keyboard.press('Enter');
}

/** Goes to a line of the active editor (Ctrl+G). */
async function goToLine(page, line) {
  await chord(page, ['Control'], 'KeyG');
  await page.waitForSelector('.quick-input-widget .quick-input-box input', { visible: true });
  await page.keyboard.type(String(line));
  await page.keyboard.press('Enter');
  await until(page, `the cursor on line ${line}`,
    l => (document.querySelector('[id="status.editor.selection"]') || {}).textContent?.includes(`Ln ${l},`), line);
}

async function main(page) {
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60000 });
  await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
  await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60000 });
  say('workbench loaded');

  // Open d261.emd with Quick Open.
  await chord(page, ['Control'], 'KeyP');
  await page.waitForSelector('.quick-input-widget .quick-input-box input', { visible: true });
  await page.keyboard.type('d261.emd');
  await until(page, 'd261.emd in Quick Open',
    () => [...document.querySelectorAll('.quick-input-list .monaco-list-row')].some(r => r.textContent.includes('d261.emd')));
  await page.keyboard.press('Enter');
  await until(page, 'd261.emd open in the editor',
    () => [...document.querySelectorAll('.monaco-editor .view-line')].some(l => l.textContent.replace(/\u00a0/g, ' ').includes('Memorandum for Personal Files')));
  const mode = await until(page, 'the language of d261.emd in the status bar',
    () => { const e = document.querySelector('[id="status.editor.mode"]'); return e && e.textContent.trim(); });
  say(`d261.emd open, language: ${mode}`);
  check(mode.includes('emend'), `the language of d261.emd is "${mode}", not emend`);
  // The grammar colours the heading's document number and the mentions.
  const colours = await until(page, 'the text of d261.emd highlighted in several colours', () => {
    const spans = [...document.querySelectorAll('.editor-group-container.active .monaco-editor .view-line span span')];
    const n = new Set(spans.map(s => getComputedStyle(s).color)).size;
    return n >= 4 && n;
  });
  say(`${colours} colours in the visible text`);

  // Problems panel: what the server pushed for the whole volume.
  await chord(page, ['Control', 'Shift'], 'KeyM');
  await page.waitForSelector('.markers-panel', { visible: true, timeout: 20000 });
  // A row's aria-label reads "Error: <message> at line L and character C.
  // generated by emend"; its text holds the source and code ("emend" +
  // "ref-unknown-document", shown as "emend(ref-unknown-document)").
  const expected = [
    { file: 'd256.emd', severity: 'Error', code: 'ref-unknown-document', message: 'Document 241 is not in volume frus1964-68v03 at line 51' },
    { file: 'd256.emd', severity: 'Error', code: 'ref-unknown-document', message: 'Document 258 is not in volume frus1964-68v03 at line 52' },
    { file: 'd256.emd', severity: 'Warning', code: 'document-gap', message: 'documents 237–255 are missing before Document 256 at line 1' },
    { file: 'd261.emd', severity: 'Warning', code: 'document-gap', message: 'documents 257–260 are missing before Document 261 at line 1' },
    // person-unused is a hint; the settings (emend.severity) make it a warning.
    { file: 'persons.emd', severity: 'Warning', code: 'person-unused', message: 'person RD1 is registered but never mentioned in volume frus1964-68v03' },
    // "Manuscript Divison" in the source note of d261.emd (line 35), a
    // misprint of the published volume, is close to "Manuscript Division".
    { file: 'd261.emd', severity: 'Warning', code: 'source-unknown-archive', message: 'Manuscript Divison' },
  ];
  const readProblems = () => page.evaluate(() =>
    [...document.querySelectorAll('.markers-panel .monaco-list-row')]
      .map(r => ({ label: r.getAttribute('aria-label') || '', text: r.textContent })));
  const found = (rows, e) => rows.some(r =>
    r.label.startsWith(`${e.severity}: `) && r.label.includes(e.message) && r.text.includes(`emend${e.code}`));
  let problems = [];
  const deadline = Date.now() + 40000;
  while (Date.now() < deadline) {
    problems = await readProblems();
    if (expected.every(e => found(problems, e))) break;
    await sleep(200);
  }
  for (const p of problems) say(`PROBLEM: ${p.label} [${p.text}]`);
  for (const e of expected) {
    check(found(problems, e), `the Problems panel lacks ${e.severity} ${e.code} "${e.message}" (${e.file})`);
  }
  for (const file of new Set(expected.map(e => e.file))) {
    check(problems.some(p => p.label.includes(`in file ${file} `)), `the Problems panel has no group for ${file}`);
  }
  await page.screenshot({ path: path.join(shots, 'vscode-problems.png') });

  // Hover the person in "[^4]: [Llewellyn E. Thompson]{@TLEJ1}." (line 39).
  await page.click('.editor-group-container.active .monaco-editor .view-lines');
  await goToLine(page, 39);
  await sleep(300);
  const person = await findInEditor(page, 'Thompson');
  check(person, 'Thompson is not on screen');
  let hover = null;
  for (let i = 0; i < 6 && !hover; i++) {
    await page.mouse.move(person.x + 60, person.y + 80);
    await page.mouse.move(person.x, person.y, { steps: 4 });
    hover = await until(page, 'hover', () => {
      const h = [...document.querySelectorAll('.monaco-hover')].find(e => e.textContent.includes('Thompson, Llewellyn E., Jr.'));
      return h && h.textContent;
    }, undefined, 5000).catch(() => null);
  }
  check(hover, 'the hover of [Llewellyn E. Thompson]{@TLEJ1} never showed "Thompson, Llewellyn E., Jr."');
  say(`HOVER: ${hover.trim().slice(0, 200)}`);
  await sleep(800); // the hover fades in
  await page.screenshot({ path: path.join(shots, 'vscode-e2e.png') });

  // Jump from "See Document 256." (line 37) to the document (F12).
  await page.mouse.move(10, 10);
  await page.keyboard.press('Escape');
  await goToLine(page, 37);
  await sleep(300);
  const reference = await findInEditor(page, '256');
  check(reference, '"Document 256" is not on screen');
  await page.mouse.click(reference.x, reference.y);
  await page.keyboard.press('F12');
  const tab = await until(page, 'd256.emd opened by Go to Definition', () => {
    const t = document.querySelector('.tabs-container .tab.active');
    return t && t.getAttribute('aria-label')?.includes('d256.emd') && t.getAttribute('aria-label');
  });
  const where = await until(page, 'the cursor on the heading of Document 256',
    () => { const s = (document.querySelector('[id="status.editor.selection"]') || {}).textContent || ''; return s.includes('Ln 1,') && s; });
  const heading = await until(page, 'the heading of Document 256 on screen',
    () => [...document.querySelectorAll('.editor-group-container.active .monaco-editor .view-line')].map(l => l.textContent.replace(/\u00a0/g, ' ')).find(t => t.startsWith('# 256.')));
  say(`JUMPED TO: ${tab} (${where.trim()}): ${heading.slice(0, 60)}…`);
  await page.screenshot({ path: path.join(shots, 'vscode-definition.png') });

  // A binary that cannot be found is said so: point emend.path nowhere in
  // the Settings editor; the extension restarts the server and fails.
  const nowhere = path.join(os.tmpdir(), 'no-such-dir', 'emend');
  await runCommand(page, 'Preferences: Open Settings (UI)');
  await page.waitForSelector('.settings-editor .suggest-input-container .monaco-editor textarea', { timeout: 20000 });
  // emend.path is machine-overridable: in code-server, a setting of the
  // Remote tab (the machine the server runs on).
  const remoteTab = await until(page, 'the Remote tab of the Settings editor', () =>
    [...document.querySelectorAll('.settings-editor .settings-tabs-widget .action-label')].some(a => a.textContent.startsWith('Remote')));
  check(remoteTab, 'no Remote tab');
  await page.evaluate(() =>
    [...document.querySelectorAll('.settings-editor .settings-tabs-widget .action-label')].find(a => a.textContent.startsWith('Remote')).click());
  await page.click('.settings-editor .suggest-input-container .monaco-editor');
  await page.keyboard.type('emend.path');
  const box = await until(page, 'the emend.path setting in the Settings editor', () => {
    for (const item of document.querySelectorAll('.settings-editor .setting-item')) {
      const title = item.querySelector('.setting-item-title');
      const input = item.querySelector('input');
      if (title && input && title.textContent.includes('Emend') && title.textContent.includes('Path')) {
        const r = input.getBoundingClientRect();
        if (r.width > 0) return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
      }
    }
    return null;
  });
  await page.mouse.click(box.x, box.y);
  await chord(page, ['Control'], 'KeyA');
  await page.keyboard.type(nowhere);
  await page.keyboard.press('Tab');
  const toast = await until(page, 'a message that emend cannot be found', () => {
    const t = [...document.querySelectorAll('.notifications-toasts .notification-list-item-message')]
      .map(e => e.textContent).find(x => x.includes('no emend binary at'));
    return t;
  }, undefined, 30000);
  await page.screenshot({ path: path.join(shots, 'vscode-no-binary.png') });
  say(`MESSAGE: ${toast.trim().slice(0, 200)}`);
}

(async () => {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'emend-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    userDataDir,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--window-size=1200,760'],
  });
  let code = 1;
  const page = await browser.newPage();
  try {
    await page.setViewport({ width: 1200, height: 760 });
    await main(page);
    say('PASS');
    code = 0;
  } catch (e) {
    console.error(`FAIL: ${e.message}`);
    await page.screenshot({ path: path.join(shots, 'vscode-failure.png') }).catch(() => {});
  }
  await browser.close();
  fs.rmSync(userDataDir, { recursive: true, force: true });
  process.exit(code);
})();

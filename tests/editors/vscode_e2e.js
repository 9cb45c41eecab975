// End-to-end test of the emend extension in real VS Code (code-server) in
// headless Chromium, driven by puppeteer-core. Run by scripts/vscode-e2e.sh,
// which starts code-server on a copy of the example volume with the
// extension installed and emend.path set:
//   URL=http://127.0.0.1:PORT/ SHOTS=target/editors node tests/editors/vscode_e2e.js
// Opens d261.emd, reads the Problems panel, hovers a person, jumps from
// "Document 256" to its file, hovers a TEI volume and finds its findings
// in the Problems panel, and checks the message shown when the binary
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

/**
 * Polls `probe` (run in the page with `arg`) until `accept` takes what it
 * returns, and returns that. What the workbench shows first is often
 * replaced (the language once the extension is read, the problems once the
 * server has the settings, a view still scrolling), so a check waits for the
 * state it asserts rather than taking the first one. On timeout the error
 * says what was last seen, and carries it as `seen`.
 */
async function waitFor(page, what, probe, { arg, accept = Boolean, timeout = 30000, interval = 100 } = {}) {
  const deadline = Date.now() + timeout;
  let seen;
  for (;;) {
    let ok = false;
    try {
      seen = await page.evaluate(probe, arg);
      ok = accept(seen);
    } catch (e) {
      // The page may be between two renders; look again.
      seen = `(${e.message.split('\n')[0]})`;
    }
    if (ok) return seen;
    if (Date.now() >= deadline) {
      const err = new Error(`${what}; last seen: ${JSON.stringify(seen)}`);
      err.seen = seen;
      throw err;
    }
    await sleep(interval);
  }
}

/** Waits until the function, run in the page, returns something truthy. */
function until(page, what, fn, arg, timeout = 30000) {
  return waitFor(page, what, fn, { arg, timeout });
}

/** The text of the focused row of the quick input (palette, Quick Open). */
function focusedPick() {
  const row = document.querySelector('.quick-input-list .monaco-list-row.focused');
  return row ? row.textContent : '';
}

/**
 * The centre of the first occurrence of a text in the visible editor lines,
 * once it is on screen and has stopped moving (the editor may still be
 * scrolling to the line asked for).
 */
function findInEditor(page, needle) {
  let previous = null;
  return waitFor(page, `"${needle}" at rest on screen`, needle => {
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
  }, {
    arg: needle,
    accept: p => {
      const still = p && previous && p.x === previous.x && p.y === previous.y;
      previous = p;
      return still;
    },
    interval: 150,
  });
}

/** Runs a command from the command palette by its title. */
async function runCommand(page, title) {
  await page.keyboard.press('F1');
  await page.waitForSelector('.quick-input-widget .quick-input-box input', { visible: true });
  await page.keyboard.type(title);
  // Enter runs the focused row: wait until the list has settled on it.
  await waitFor(page, `command "${title}" first in the palette`, focusedPick, { accept: t => t.includes(title) });
  await page.keyboard.press('Enter');
}

/** Goes to a line of the active editor (Ctrl+G). */
async function goToLine(page, line) {
  await chord(page, ['Control'], 'KeyG');
  await page.waitForSelector('.quick-input-widget .quick-input-box input', { visible: true });
  await page.keyboard.type(String(line));
  await page.keyboard.press('Enter');
  await waitFor(page, `the cursor on line ${line}`,
    () => (document.querySelector('[id="status.editor.selection"]') || {}).textContent || '',
    { accept: s => s.includes(`Ln ${line},`) });
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
  await waitFor(page, 'd261.emd first in Quick Open', focusedPick, { accept: t => t.includes('d261.emd') });
  await page.keyboard.press('Enter');
  await until(page, 'd261.emd open in the editor',
    () => [...document.querySelectorAll('.monaco-editor .view-line')].some(l => l.textContent.replace(/\u00a0/g, ' ').includes('Memorandum for Personal Files')));
  // The status bar may name another language until the extension is read.
  const mode = await waitFor(page, 'the language of d261.emd in the status bar is not emend',
    () => { const e = document.querySelector('[id="status.editor.mode"]'); return e ? e.textContent.trim() : ''; },
    { accept: m => m.includes('emend') });
  say(`d261.emd open, language: ${mode}`);
  // The grammar colours the heading's document number and the mentions.
  const colours = await waitFor(page, 'the text of d261.emd highlighted in at least 4 colours', () => {
    const spans = [...document.querySelectorAll('.editor-group-container.active .monaco-editor .view-line span span')];
    return new Set(spans.map(s => getComputedStyle(s).color)).size;
  }, { accept: n => n >= 4 });
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
  const found = (rows, e) => rows.some(r =>
    r.label.startsWith(`${e.severity}: `) && r.label.includes(e.message) && r.text.includes(`emend${e.code}`));
  const files = [...new Set(expected.map(e => e.file))];
  const grouped = (rows, file) => rows.some(p => p.label.includes(`in file ${file} `));
  // The panel fills as the server pushes, and a problem can change its
  // severity once the server has the settings: wait for all of them.
  const problems = await waitFor(page, 'the Problems panel',
    () => [...document.querySelectorAll('.markers-panel .monaco-list-row')]
      .map(r => ({ label: r.getAttribute('aria-label') || '', text: r.textContent })),
    { accept: rows => Array.isArray(rows) && expected.every(e => found(rows, e)) && files.every(f => grouped(rows, f)),
      timeout: 40000, interval: 200 })
    .catch(e => (Array.isArray(e.seen) ? e.seen : []));
  for (const p of problems) say(`PROBLEM: ${p.label} [${p.text}]`);
  for (const e of expected) {
    check(found(problems, e), `the Problems panel lacks ${e.severity} ${e.code} "${e.message}" (${e.file})`);
  }
  for (const file of files) {
    check(grouped(problems, file), `the Problems panel has no group for ${file}`);
  }
  await page.screenshot({ path: path.join(shots, 'vscode-problems.png') });

  // Hover the person in "[^4]: [Llewellyn E. Thompson]{@TLEJ1}." (line 39).
  await page.click('.editor-group-container.active .monaco-editor .view-lines');
  await goToLine(page, 39);
  const name = 'Thompson, Llewellyn E., Jr.';
  let hover = null;
  let hovers = [];
  for (let i = 0; i < 6 && !hover; i++) {
    // The mouse has to arrive from elsewhere for the hover to (re)open.
    const person = await findInEditor(page, 'Thompson');
    await page.mouse.move(person.x + 60, person.y + 80);
    await page.mouse.move(person.x, person.y, { steps: 4 });
    // A hover may show "Loading..." or another provider's text first.
    hover = await waitFor(page, 'hover',
      () => [...document.querySelectorAll('.monaco-hover')].map(e => e.textContent),
      { accept: hs => Array.isArray(hs) && hs.some(h => h.includes(name)), timeout: 5000 })
      .then(hs => hs.find(h => h.includes(name)))
      .catch(e => { hovers = e.seen; return null; });
  }
  check(hover, `the hover of [Llewellyn E. Thompson]{@TLEJ1} never showed "${name}"; last seen: ${JSON.stringify(hovers)}`);
  say(`HOVER: ${hover.trim().slice(0, 200)}`);
  await sleep(800); // the hover fades in
  await page.screenshot({ path: path.join(shots, 'vscode-e2e.png') });

  // Jump from "See Document 256." (line 37) to the document (F12).
  await page.mouse.move(10, 10);
  await page.keyboard.press('Escape');
  await goToLine(page, 37);
  const reference = await findInEditor(page, '256');
  await page.mouse.click(reference.x, reference.y);
  await page.keyboard.press('F12');
  const tab = await waitFor(page, 'd256.emd opened by Go to Definition', () => {
    const t = document.querySelector('.tabs-container .tab.active');
    return (t && t.getAttribute('aria-label')) || '';
  }, { accept: t => t.includes('d256.emd') });
  const where = await waitFor(page, 'the cursor on the heading of Document 256',
    () => (document.querySelector('[id="status.editor.selection"]') || {}).textContent || '',
    { accept: s => s.includes('Ln 1,') });
  const lines = await waitFor(page, 'the heading of Document 256 on screen',
    () => [...document.querySelectorAll('.editor-group-container.active .monaco-editor .view-line')].map(l => l.textContent.replace(/\u00a0/g, ' ')),
    { accept: ls => Array.isArray(ls) && ls.some(t => t.startsWith('# 256.')) });
  const heading = lines.find(t => t.startsWith('# 256.'));
  say(`JUMPED TO: ${tab} (${where.trim()}): ${heading.slice(0, 60)}…`);
  await page.screenshot({ path: path.join(shots, 'vscode-definition.png') });

  // The TEI volume: a hover on a persName shows the person of the register.
  await chord(page, ['Control'], 'KeyP');
  await page.waitForSelector('.quick-input-widget .quick-input-box input', { visible: true });
  await page.keyboard.type('frus1952-54Guat.xml');
  await waitFor(page, 'frus1952-54Guat.xml first in Quick Open', focusedPick, { accept: t => t.includes('frus1952-54Guat.xml') });
  await page.keyboard.press('Enter');
  await waitFor(page, 'frus1952-54Guat.xml the active tab', () => {
    const t = document.querySelector('.tabs-container .tab.active');
    return (t && t.getAttribute('aria-label')) || '';
  }, { accept: t => t.includes('frus1952-54Guat.xml') });
  // A hover over a place holds the diagnostics there, and what stands there.
  const hoverOn = async (line, needle, wanted) => {
    await page.mouse.move(10, 10);
    await page.keyboard.press('Escape');
    // The tab is active before its editor is drawn.
    const lines = '.editor-group-container.active .monaco-editor .view-lines';
    await page.waitForSelector(lines, { visible: true, timeout: 20000 });
    await page.click(lines);
    await goToLine(page, line);
    let found = null;
    let seen = [];
    for (let i = 0; i < 6 && !found; i++) {
      const at = await findInEditor(page, needle);
      await page.mouse.move(at.x + 60, at.y + 80);
      await page.mouse.move(at.x, at.y, { steps: 4 });
      found = await waitFor(page, `hover on "${needle}"`,
        () => [...document.querySelectorAll('.monaco-hover')].map(e => e.textContent),
        { accept: hs => Array.isArray(hs) && hs.some(h => h.includes(wanted)), timeout: 5000 })
        .then(hs => hs.find(h => h.includes(wanted)))
        .catch(e => { seen = e.seen; return null; });
    }
    check(found, `the hover on "${needle}" (line ${line}) never showed "${wanted}"; last seen: ${JSON.stringify(seen)}`);
    return found;
  };
  // The check's finding at its place in the XML (line 87, the page break).
  const finding = await hoverOn(87, 'XII', 'white space before <pb n="XII"/>');
  say(`TEI DIAGNOSTIC: ${finding.trim().slice(0, 160)}`);
  const registered = 'Arbenz Guzmán';
  const teiHover = await hoverOn(88, 'Jacobo', registered);
  say(`TEI HOVER: ${teiHover.trim().slice(0, 200)}`);
  await sleep(800);
  await page.screenshot({ path: path.join(shots, 'vscode-tei-hover.png') });
  await page.mouse.move(10, 10);
  await page.keyboard.press('Escape');

  // The Problems panel holds the TEI volume's findings, worded in TEI. It
  // draws only the rows in view, so it is filtered to the page break.
  await runCommand(page, 'Focus on Problems View');
  await page.waitForSelector('.markers-panel', { visible: true, timeout: 20000 });
  await chord(page, ['Control'], 'KeyF');
  const filtering = await waitFor(page, 'the Problems filter focused',
    () => { const a = document.activeElement; return !!(a && a.closest('.viewpane-filter, .markers-panel-action-filter')); },
    { timeout: 5000 }).catch(() => false);
  if (!filtering) {
    await page.click('.viewpane-filter input, .markers-panel-action-filter input, .viewpane-filter textarea');
  }
  await page.keyboard.type('<pb n="XII"/>');
  const teiFinding = 'white space before <pb n="XII"/>';
  const teiRows = await waitFor(page, 'the TEI finding in the Problems panel',
    () => [...document.querySelectorAll('.markers-panel .monaco-list-row')]
      .map(r => ({ label: r.getAttribute('aria-label') || '', text: r.textContent })),
    // Filtered: the rows of findings left all hold the filter's text.
    { accept: rows => Array.isArray(rows)
        && rows.some(r => r.label.includes(teiFinding) && r.text.includes('emendpage-break-space'))
        && rows.some(r => r.label.includes('in file frus1952-54Guat.xml'))
        && rows.filter(r => / generated by emend/.test(r.label)).every(r => r.label.includes('<pb n="XII"/>')),
      timeout: 30000, interval: 200 })
    .catch(e => (Array.isArray(e.seen) ? e.seen : []));
  for (const p of teiRows) say(`TEI PROBLEM: ${p.label} [${p.text}]`);
  check(teiRows.some(r => r.label.includes(teiFinding) && r.text.includes('emendpage-break-space')),
    `the Problems panel lacks the TEI finding "${teiFinding}"`);
  check(teiRows.some(r => r.label.includes('in file frus1952-54Guat.xml')),
    'the Problems panel has no group for frus1952-54Guat.xml');
  check(teiRows.filter(r => / generated by emend/.test(r.label)).every(r => r.label.includes('<pb n="XII"/>')),
    'the Problems panel was not filtered to the page break');
  await page.screenshot({ path: path.join(shots, 'vscode-tei-problems.png') });
  // Leave the filter empty for what follows.
  await chord(page, ['Control'], 'KeyA');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Escape');

  // A binary that cannot be found is said so: point emend.path nowhere in
  // the Settings editor; the extension restarts the server and fails.
  const nowhere = path.join(os.tmpdir(), 'no-such-dir', 'emend');
  await runCommand(page, 'Preferences: Open Settings (UI)');
  await page.waitForSelector('.settings-editor .suggest-input-container .monaco-editor textarea', { timeout: 20000 });
  // emend.path is machine-overridable: in code-server, a setting of the
  // Remote tab (the machine the server runs on).
  await waitFor(page, 'the Remote tab of the Settings editor',
    () => [...document.querySelectorAll('.settings-editor .settings-tabs-widget .action-label')].map(a => a.textContent),
    { accept: tabs => Array.isArray(tabs) && tabs.some(t => t.startsWith('Remote')) });
  await page.evaluate(() =>
    [...document.querySelectorAll('.settings-editor .settings-tabs-widget .action-label')].find(a => a.textContent.startsWith('Remote')).click());
  await page.click('.settings-editor .suggest-input-container .monaco-editor');
  await page.keyboard.type('emend.path');
  // The list of settings is filtered as the search is typed: click the
  // input once the list has stopped moving.
  const pathInput = () => {
    for (const item of document.querySelectorAll('.settings-editor .setting-item')) {
      const title = item.querySelector('.setting-item-title');
      const input = item.querySelector('input');
      if (title && input && title.textContent.includes('Emend') && title.textContent.includes('Path')) {
        const r = input.getBoundingClientRect();
        if (r.width > 0) return { x: r.x + r.width / 2, y: r.y + r.height / 2, value: input.value };
      }
    }
    return null;
  };
  let previous = null;
  const box = await waitFor(page, 'the emend.path setting at rest in the Settings editor', pathInput, {
    accept: b => {
      const still = b && previous && b.x === previous.x && b.y === previous.y;
      previous = b;
      return still;
    },
    interval: 250,
  });
  await page.mouse.click(box.x, box.y);
  await chord(page, ['Control'], 'KeyA');
  await page.keyboard.type(nowhere);
  await waitFor(page, 'emend.path typed into the Settings editor', pathInput,
    { accept: b => b && b.value === nowhere, timeout: 10000 });
  await page.keyboard.press('Tab');
  // Other messages may come first (the server stopping, for one).
  const toasts = await waitFor(page, 'a message that emend cannot be found',
    () => [...document.querySelectorAll('.notifications-toasts .notification-list-item-message')].map(e => e.textContent),
    { accept: ts => Array.isArray(ts) && ts.some(t => t.includes('no emend binary at')) });
  const toast = toasts.find(t => t.includes('no emend binary at'));
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

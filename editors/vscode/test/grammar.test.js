// The TextMate grammar on the example volume, tokenized by vscode-textmate
// with the same Oniguruma build VS Code uses: `npm test`.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const path = require('path');
const vsctm = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

const root = path.join(__dirname, '..');
const volume = path.join(root, '..', '..', 'seeds', 'frus1964-68v03');

async function loadGrammar() {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: patterns => new oniguruma.OnigScanner(patterns),
      createOnigString: s => new oniguruma.OnigString(s),
    }),
    loadGrammar: async scopeName => {
      if (scopeName !== 'source.emend') return null;
      const file = path.join(root, 'syntaxes', 'emend.tmLanguage.json');
      return vsctm.parseRawGrammar(fs.readFileSync(file, 'utf8'), file);
    },
  });
  return registry.loadGrammar('source.emend');
}

/** Every token of a text: {line, text, scopes}. */
function tokenize(grammar, text) {
  const out = [];
  let stack = vsctm.INITIAL;
  text.split(/\r?\n/).forEach((line, n) => {
    const r = grammar.tokenizeLine(line, stack);
    for (const t of r.tokens) {
      out.push({ line: n + 1, text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes });
    }
    stack = r.ruleStack;
  });
  return out;
}

/** The scopes of the first token with this text (on this line, if given). */
function scopesOf(tokens, text, line) {
  const t = tokens.find(t => t.text === text && (line === undefined || t.line === line));
  assert.ok(t, `no token "${text}"${line ? ` on line ${line}` : ''}`);
  return t.scopes.join(' ');
}

let grammar;
test.before(async () => { grammar = await loadGrammar(); });

test('package.json names the grammar file and its scope', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const g = pkg.contributes.grammars[0];
  assert.strictEqual(g.language, 'emend');
  assert.strictEqual(g.scopeName, 'source.emend');
  assert.ok(fs.existsSync(path.join(root, g.path)));
  assert.deepStrictEqual(pkg.contributes.languages[0].extensions, ['.emd']);
});

test('headings, metadata, footnotes, mentions, references, page breaks, emphasis in d261.emd', () => {
  const tokens = tokenize(grammar, fs.readFileSync(path.join(volume, 'd261.emd'), 'utf8'));
  // # 261. Memorandum for Personal Files[^1]
  assert.match(scopesOf(tokens, '#', 1), /markup\.heading\.emend punctuation\.definition\.heading/);
  assert.match(scopesOf(tokens, '261', 1), /markup\.heading\.emend constant\.numeric\.document-number/);
  assert.match(scopesOf(tokens, 'Memorandum for Personal Files', 1), /entity\.name\.section/);
  assert.match(scopesOf(tokens, '1', 1), /meta\.footnote-reference\.emend constant\.other\.reference\.footnote/);
  // Dateline: Washington, December 28, 1965.
  assert.match(scopesOf(tokens, 'Dateline', 2), /support\.type\.property-name\.metadata/);
  assert.match(scopesOf(tokens, 'Washington, December 28, 1965.', 2), /string\.unquoted\.metadata/);
  // A paragraph starting "SUBJECT" is not metadata.
  assert.doesNotMatch(scopesOf(tokens, 'SUBJECT', 4), /metadata/);
  // - Conversation … (a bullet)
  assert.match(scopesOf(tokens, '-', 6), /punctuation\.definition\.list\.begin/);
  // [Page 730]
  assert.match(scopesOf(tokens, '730'), /comment\.page-break\.emend constant\.numeric\.page/);
  // **W.A.H.**
  assert.match(scopesOf(tokens, 'W.A.H.'), /markup\.bold\.emend/);
  // [^1]: Source: Library of Congress, … [Harriman]{@HWA1} Papers
  assert.match(scopesOf(tokens, '1', 35), /meta\.footnote-definition\.emend entity\.name\.label\.footnote/);
  assert.match(scopesOf(tokens, 'Source:', 35), /keyword\.other\.source-note/);
  assert.match(scopesOf(tokens, 'Harriman', 35), /meta\.mention\.person\.emend string\.other\.link\.title/);
  assert.match(scopesOf(tokens, 'HWA1', 35), /entity\.name\.tag\.person/);
  // [^2]: See Document 256.
  assert.match(scopesOf(tokens, 'Document', 37), /meta\.reference\.document\.emend keyword\.other\.reference/);
  assert.match(scopesOf(tokens, '256', 37), /constant\.numeric\.document-number/);
  // [^3]: See footnote 6, Document 236.
  assert.match(scopesOf(tokens, 'footnote', 38), /meta\.reference\.footnote\.emend keyword/);
  assert.match(scopesOf(tokens, '6', 38), /constant\.numeric\.footnote-number/);
  assert.match(scopesOf(tokens, '236', 38), /meta\.reference\.footnote\.emend constant\.numeric\.document-number/);
});

test('register entries, term mentions, emphasis and other references', () => {
  const persons = tokenize(grammar, fs.readFileSync(path.join(volume, 'persons.emd'), 'utf8'));
  assert.match(scopesOf(persons, 'HWA1'), /meta\.person-entry\.emend entity\.name\.tag\.person/);
  const text = [
    '[=VC]: Viet Cong',
    '',
    'the [VC]{=VC} said *yes* and **no**; see Documents 12, 14, and 16 and Documents 118–120.',
    'Foreign Relations, 1964–1968, vol. II, Vietnam, January–June 1965, Document 35 and \\[literal\\].',
    '[the telegram](#d256) and [Page XII].',
    '> quoted text',
    '- 1. labelled item',
    '{.center} [Department of State]{.smallcaps}',
    '',
    '| NATO | {.num} 1.3 |',
    '',
    'Dear Sir:\\',
    'I have the honor.',
    '',
    '- (*a*) italic label',
    '',
    '- {.sources} a) typed list',
    '',
    '[^9]: {.source} For previous documentation',
  ].join('\n');
  const tokens = tokenize(grammar, text);
  assert.match(scopesOf(tokens, 'VC', 1), /meta\.term-entry\.emend entity\.name\.tag\.term/);
  assert.match(scopesOf(tokens, 'VC', 3), /meta\.mention\.term\.emend string\.other\.link\.title/);
  assert.match(scopesOf(tokens, 'yes', 3), /markup\.italic/);
  assert.match(scopesOf(tokens, 'no', 3), /markup\.bold/);
  for (const n of ['12', '14', '16', '118', '120']) {
    assert.match(scopesOf(tokens, n, 3), /meta\.reference\.documents\.emend constant\.numeric/);
  }
  assert.match(scopesOf(tokens, 'Foreign Relations, 1964–1968, vol. II', 4), /meta\.reference\.volume\.emend string\.other\.volume/);
  assert.match(scopesOf(tokens, '35', 4), /meta\.reference\.volume\.emend constant\.numeric\.document-number/);
  assert.match(scopesOf(tokens, '\\[', 4), /constant\.character\.escape/);
  assert.match(scopesOf(tokens, '\\', 12), /constant\.character\.escape/);
  assert.match(scopesOf(tokens, '#d256', 5), /markup\.underline\.link/);
  assert.match(scopesOf(tokens, 'XII', 5), /comment\.page-break/);
  assert.match(scopesOf(tokens, 'quoted text', 6), /markup\.quote/);
  assert.match(scopesOf(tokens, '1.', 7), /markup\.list\.label/);
  assert.match(scopesOf(tokens, 'center', 8), /meta\.block-style\.emend entity\.other\.attribute-name\.style/);
  assert.match(scopesOf(tokens, 'smallcaps', 8), /meta\.styled\.emend entity\.other\.attribute-name\.style/);
  assert.match(scopesOf(tokens, 'Department of State', 8), /meta\.styled\.emend markup\.other\.styled/);
  assert.match(scopesOf(tokens, '|', 10), /meta\.table\.row\.emend punctuation\.separator\.table/);
  assert.match(scopesOf(tokens, 'num', 10), /meta\.table\.row\.emend entity\.other\.attribute-name\.style/);
  assert.match(scopesOf(tokens, '(*a*)', 15), /markup\.list\.label/);
  assert.match(scopesOf(tokens, 'sources', 17), /entity\.other\.attribute-name\.style/);
  assert.match(scopesOf(tokens, 'a)', 17), /markup\.list\.label/);
  assert.match(scopesOf(tokens, 'source', 19), /meta\.footnote-definition\.emend entity\.other\.attribute-name\.style/);
});

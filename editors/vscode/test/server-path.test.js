// Finding the emend binary (out/server-path.js, compiled by `npm run compile`).
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { findServer } = require('../out/server-path.js');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emend-path-'));
const bin = path.join(dir, 'bin');
fs.mkdirSync(bin);
const emend = path.join(bin, 'emend');
fs.writeFileSync(emend, '#!/bin/sh\n');
fs.chmodSync(emend, 0o755);
const notExecutable = path.join(dir, 'emend');
fs.writeFileSync(notExecutable, '');
test.after(() => fs.rmSync(dir, { recursive: true, force: true }));

test('emend on the PATH when the setting is empty', () => {
  assert.strictEqual(findServer('', ['/nonexistent', bin].join(path.delimiter), 'linux', undefined), emend);
  assert.strictEqual(findServer('  ', `/nonexistent${path.delimiter}${dir}`, 'linux', undefined), undefined);
  assert.strictEqual(findServer('', undefined, 'linux', undefined), undefined);
});

test('the setting: a file, a folder, or ~/', () => {
  assert.strictEqual(findServer(emend, '', 'linux', undefined), emend);
  assert.strictEqual(findServer(bin, '', 'linux', undefined), emend);
  assert.strictEqual(findServer('~/bin/emend', '', 'linux', dir), emend);
  // A setting that names nothing usable does not fall back to the PATH.
  assert.strictEqual(findServer(notExecutable, bin, 'linux', undefined), undefined);
  assert.strictEqual(findServer(path.join(dir, 'missing'), bin, 'linux', undefined), undefined);
});

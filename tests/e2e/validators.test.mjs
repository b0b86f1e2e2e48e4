// Self-test of the validators on the samples in tests/e2e/samples (Node's built-in test runner):
//   node --test tests/e2e/validators.test.mjs
// Needs Chromium at /usr/bin/chromium (or CHROMIUM_PATH) for the card checks.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SAMPLES = path.join(HERE, 'samples');
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'validators-test-'));
const OUT = path.join(TMP, 'png');
after(() => fs.rmSync(TMP, { recursive: true, force: true }));
const tmpdir = (name) => fs.mkdtempSync(path.join(TMP, `${name}-`));

function run(script, args) {
  const r = spawnSync(process.execPath, [path.join(HERE, script), ...args], { encoding: 'utf8', timeout: 120000 });
  if (r.error) throw r.error;
  return r;
}

function cards(...files) {
  const r = run('validate_cards.mjs', [OUT, ...files]);
  let report;
  try {
    report = JSON.parse(r.stdout);
  } catch {
    assert.fail(`validate_cards printed no JSON report (exit ${r.status}):\n${r.stderr}`);
  }
  return { status: r.status, report, stderr: r.stderr };
}

const bad = (name) => path.join(SAMPLES, 'cards', 'bad', name);

test('a valid 1.5 card with a charted fallback passes, with the chart warning allowed', () => {
  const { status, report, stderr } = cards(path.join(SAMPLES, 'cards', 'good'));
  assert.equal(status, 0, stderr);
  assert.equal(report.length, 1);
  const [r] = report;
  assert.deepEqual(r.errors, []);
  assert.deepEqual(r.warnings, []);
  assert.equal(r.allowed.length, 1);
  assert.match(r.allowed[0], /UnknownElementType.*Chart\.Donut/);
  assert.ok(fs.statSync(r.png).size > 0, 'a PNG was written');
});

for (const [file, pattern, where] of [
  ['duplicate-input-ids.json', /DuplicateId.*"summary"/, 'errors'],
  ['chart-without-fallback.json', /ChartWithoutFallback.*Chart\.VerticalBar/, 'errors'],
  ['version-1.6.json', /UnsupportedCardVersion.*1\.6.*1\.5/, 'errors'],
  ['unlabelled-input.json', /InputWithoutLabel.*progress/, 'errors'],
  ['newer-feature-than-declared.json', /UnsupportedProperty.*"label".*1\.3.*1\.2/, 'warnings'],
]) {
  test(`${file} fails`, () => {
    const { status, report } = cards(bad(file));
    assert.equal(status, 1);
    assert.ok(
      report[0][where].some((m) => pattern.test(m)),
      `expected ${where} matching ${pattern}, got ${JSON.stringify(report[0])}`,
    );
  });
}

test('a file without a card, and broken JSON, fail with a reason', () => {
  const dir = tmpdir('cards-in');
  fs.writeFileSync(path.join(dir, 'broken.json'), '{nope');
  fs.writeFileSync(path.join(dir, 'nocard.json'), '{"a": 1}');
  const { status, report } = cards(dir);
  assert.equal(status, 1);
  assert.match(report.find((r) => r.file.endsWith('broken.json')).errors[0], /InvalidJson/);
  assert.match(report.find((r) => r.file.endsWith('nocard.json')).errors[0], /NoCard/);
});

test('cards inside an activity\'s attachments are each validated', () => {
  const dir = tmpdir('cards-act');
  const card = JSON.parse(fs.readFileSync(path.join(SAMPLES, 'cards', 'good', 'status-update.json'), 'utf8'));
  fs.writeFileSync(
    path.join(dir, 'activity.json'),
    JSON.stringify({
      type: 'message',
      attachments: [
        { contentType: 'application/vnd.microsoft.card.adaptive', content: card },
        { contentType: 'application/vnd.microsoft.card.hero', content: {} },
      ],
    }),
  );
  const { status, report } = cards(dir);
  assert.equal(status, 0);
  assert.equal(report.length, 1);
  assert.equal(report[0].card, '$.attachments[0].content');
});

test('the sample manifest is valid against the official schema', () => {
  const r = run('validate_manifest.mjs', [path.join(SAMPLES, 'manifest', 'manifest.json')]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /valid against .*v1\.22/);
});

test('an invalid manifest fails with the schema errors', () => {
  const dir = tmpdir('manifest');
  const m = JSON.parse(fs.readFileSync(path.join(SAMPLES, 'manifest', 'manifest.json'), 'utf8'));
  delete m.name;
  m.id = 'not-a-guid';
  m.unexpected = true;
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(m));
  const r = run('validate_manifest.mjs', [path.join(dir, 'manifest.json')]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /required property 'name'/);
  assert.match(r.stderr, /\/id must match pattern/);
  assert.match(r.stderr, /additionalProperty.*unexpected/);
  assert.match(r.stderr, /icons\/color.*not beside the manifest/);
});

test('an unknown manifestVersion is a usage error naming the shipped versions', () => {
  const dir = tmpdir('manifest');
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ manifestVersion: '9.99' }));
  const r = run('validate_manifest.mjs', [path.join(dir, 'manifest.json')]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /no schema for manifestVersion "9\.99".*1\.22/);
});

test('the package ships released schemas up to at least v1.22', () => {
  const r = run('validate_manifest.mjs', ['--list-versions']);
  assert.equal(r.status, 0);
  const newest = /newest released: (\d+)\.(\d+)/.exec(r.stdout);
  assert.ok(newest, r.stdout);
  assert.ok(Number(newest[1]) > 1 || Number(newest[2]) >= 22, r.stdout);
});

#!/usr/bin/env node
// Validates Adaptive Cards with Microsoft's own renderer (npm `adaptivecards`) in headless Chromium.
//
//   node tests/e2e/validate_cards.mjs OUTDIR card.json [more.json | a-directory ...]
//
// Each file holds an Adaptive Card, a Bot Framework attachment ({contentType, content}), an activity
// with attachments, or an array of those. For every card it runs, inside the page,
//   const card = new AdaptiveCards.AdaptiveCard();
//   card.parse(json, new AdaptiveCards.SerializationContext(<declared version>));
//   card.validateProperties();
// then renders the card and saves OUTDIR/<name>.png.
//
// Report (stdout, JSON): [{file, card, version, errors: [...], warnings: [...], allowed: [...], png, height,
//   brokenWords}] — height: the rendered card's height in px at --width; brokenWords: words the
//   renderer split over two lines (reported, not an error: tests that care assert on it).
//   errors   — validateProperties() failures, render failures, and the rules below;
//   warnings — events the renderer logged while parsing (unknown types, properties newer than the
//              declared version, invalid values, ...);
//   allowed  — the one expected warning: UnknownElementType for a Chart.* element that has a fallback.
// Exit code: 0 when no card has an error or a warning; 1 otherwise; 2 on bad usage.
//
// Rules added on top of the renderer (Teams and this project):
//   - a card may declare at most version 1.5 (Teams renders up to 1.5; --max-version to change);
//   - every Chart.* element needs a `fallback` element (a text or table equivalent), not "drop";
//   - every Input.* needs a non-empty `label` (accessibility; the renderer only asks it of required inputs).
//
// Nothing is fetched from the network: the renderer's UMD bundle is loaded from node_modules and every
// non-local request of the page is aborted.

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { launchBrowser } from './browser.mjs';

const require = createRequire(import.meta.url);
const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

function usage(msg) {
  if (msg) process.stderr.write(`error: ${msg}\n`);
  process.stderr.write(
    'usage: node tests/e2e/validate_cards.mjs [--max-version 1.5] [--width 500] OUTDIR card.json|DIR [...]\n',
  );
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { maxVersion: '1.5', width: 500, inputs: [] };
  const rest = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--max-version') opts.maxVersion = argv[++i];
    else if (a === '--width') opts.width = Number(argv[++i]);
    else if (a === '-h' || a === '--help') usage();
    else if (a.startsWith('--')) usage(`unknown option ${a}`);
    else rest.push(a);
  }
  if (rest.length < 2) usage('need OUTDIR and at least one card file or directory');
  if (!/^\d+\.\d+$/.test(opts.maxVersion || '')) usage('--max-version takes MAJOR.MINOR');
  if (!(opts.width > 0)) usage('--width takes a positive number');
  opts.outDir = rest[0];
  opts.inputs = rest.slice(1);
  return opts;
}

/** Expands directories (recursively, *.json, sorted) and keeps files as given. */
function expandInputs(inputs) {
  const files = [];
  for (const p of inputs) {
    let st;
    try {
      st = fs.statSync(p);
    } catch {
      usage(`no such file or directory: ${p}`);
    }
    if (st.isDirectory()) {
      const walk = (dir) => {
        for (const name of fs.readdirSync(dir).sort()) {
          const full = path.join(dir, name);
          if (fs.statSync(full).isDirectory()) walk(full);
          else if (name.endsWith('.json')) files.push(full);
        }
      };
      walk(p);
    } else files.push(p);
  }
  return files;
}

/** Cards found in one JSON document: [{label, card}] or a structural error. */
function extractCards(doc) {
  const out = [];
  const visit = (node, where) => {
    if (Array.isArray(node)) {
      node.forEach((n, i) => visit(n, `${where}[${i}]`));
    } else if (node && typeof node === 'object') {
      if (node.type === 'AdaptiveCard') out.push({ where, card: node });
      else if (node.contentType === ADAPTIVE_CARD_CONTENT_TYPE) {
        let content = node.content;
        if (typeof content === 'string') {
          try {
            content = JSON.parse(content);
          } catch {
            out.push({ where, card: null, problem: 'attachment content is a string that is not JSON' });
            return;
          }
        }
        out.push({ where: `${where}.content`, card: content });
      } else if (Array.isArray(node.attachments)) {
        node.attachments.forEach((a, i) => {
          if (a && a.contentType === ADAPTIVE_CARD_CONTENT_TYPE) visit(a, `${where}.attachments[${i}]`);
        });
      }
    }
  };
  visit(doc, '$');
  return out;
}

function versionTuple(v) {
  const m = /^(\d+)\.(\d+)$/.exec(String(v ?? '').trim());
  return m ? [Number(m[1]), Number(m[2])] : null;
}

function versionGreater(a, b) {
  return a[0] > b[0] || (a[0] === b[0] && a[1] > b[1]);
}

/** Static checks on the JSON: Chart.* fallbacks, input labels. Returns {errors, chartTypesOk:Set}. */
function staticChecks(card) {
  const errors = [];
  const chartWithFallback = new Map(); // type -> all occurrences have an element fallback
  const visit = (node, where) => {
    if (Array.isArray(node)) return node.forEach((n, i) => visit(n, `${where}[${i}]`));
    if (!node || typeof node !== 'object') return;
    const type = typeof node.type === 'string' ? node.type : '';
    if (type.startsWith('Chart.')) {
      const fb = node.fallback;
      const ok = fb && typeof fb === 'object' && !Array.isArray(fb) && typeof fb.type === 'string';
      if (!ok) {
        errors.push(
          `ChartWithoutFallback at ${where}: ${type} needs a "fallback" element (a TextBlock, FactSet or Table with the same numbers)` +
            (fb === 'drop' ? '; "drop" would leave no text equivalent' : ''),
        );
      }
      chartWithFallback.set(type, (chartWithFallback.get(type) ?? true) && Boolean(ok));
    }
    if (type.startsWith('Input.')) {
      if (typeof node.label !== 'string' || !node.label.trim()) {
        errors.push(`InputWithoutLabel at ${where}: ${type}${node.id ? ` "${node.id}"` : ''} has no label (every input needs one)`);
      }
    }
    for (const [k, v] of Object.entries(node)) if (v && typeof v === 'object') visit(v, `${where}.${k}`);
  };
  visit(card, '$');
  return { errors, chartWithFallback };
}

// Runs in the page (the adaptivecards UMD bundle defines window.AdaptiveCards).
function validateInPage({ card, width }) {
  const AC = window.AdaptiveCards;
  const eventName = (e) => AC.ValidationEvent[e] ?? String(e);
  const describeSource = (s) => {
    if (!s) return '';
    const type = typeof s.getJsonTypeName === 'function' ? s.getJsonTypeName() : '';
    return type ? ` (${type}${s.id ? `#${s.id}` : ''})` : '';
  };
  const parseEvents = [];
  const validation = [];
  let renderError = null;
  let parseError = null;
  const root = document.getElementById('root');
  root.innerHTML = '';
  root.style.width = `${width}px`;
  try {
    const declared = AC.Version.parse(typeof card.version === 'string' ? card.version : undefined, new AC.SerializationContext());
    const context = new AC.SerializationContext(declared && declared.isValid ? declared : undefined);
    const ac = new AC.AdaptiveCard();
    ac.parse(card, context);
    for (let i = 0; i < context.eventCount; i++) {
      const e = context.getEventAt(i);
      parseEvents.push({ event: eventName(e.event), message: `${eventName(e.event)}${describeSource(e.source)}: ${e.message}` });
    }
    const results = ac.validateProperties();
    for (const e of results.validationEvents) {
      validation.push({ event: eventName(e.event), message: `${eventName(e.event)}${describeSource(e.source)}: ${e.message}` });
    }
    try {
      const el = ac.render();
      if (!el) renderError = 'render() returned nothing';
      else root.appendChild(el);
    } catch (err) {
      renderError = `render() threw: ${err && err.message ? err.message : err}`;
    }
  } catch (err) {
    parseError = `parse() threw: ${err && err.message ? err.message : err}`;
  }
  // How the card reads at this width: its height, and words the renderer split over two lines (a
  // narrow table column breaks "Amber" into "Amb-er").
  const height = Math.round(root.getBoundingClientRect().height);
  const brokenWords = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const re = /[A-Za-z0-9]+/g;
    for (let m = re.exec(node.data); m; m = re.exec(node.data)) {
      if (m[0].length < 2) continue;
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
      if (tops.size > 1) brokenWords.push(m[0]);
    }
  }
  return { parseEvents, validation, renderError, parseError, height, brokenWords };
}

function safeName(s) {
  return s.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '') || 'card';
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const maxVersion = versionTuple(opts.maxVersion);
  const files = expandInputs(opts.inputs);
  if (!files.length) usage('no .json files found');
  fs.mkdirSync(opts.outDir, { recursive: true });

  const bundle = require.resolve('adaptivecards/dist/adaptivecards.min.js');
  const { page, close } = await launchBrowser({ viewport: { width: opts.width + 40, height: 800 } });
  const report = [];
  const usedNames = new Set();
  try {
    await page.setContent(
      '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Adaptive Card validation</title>' +
        '<style>body{margin:0;padding:20px;background:#fff;font-family:"Segoe UI",Tahoma,Geneva,Verdana,sans-serif}' +
        '#root{display:inline-block}</style></head><body><div id="root"></div></body></html>',
    );
    await page.addScriptTag({ path: bundle });
    const ok = await page.evaluate(() => typeof window.AdaptiveCards?.AdaptiveCard === 'function');
    if (!ok) throw new Error(`the adaptivecards bundle at ${bundle} did not define window.AdaptiveCards`);

    for (const file of files) {
      let doc;
      try {
        doc = JSON.parse(fs.readFileSync(file, 'utf8'));
      } catch (err) {
        report.push({ file, card: null, errors: [`InvalidJson: ${err.message}`], warnings: [], allowed: [], png: null });
        continue;
      }
      const cards = extractCards(doc);
      if (!cards.length) {
        report.push({
          file,
          card: null,
          errors: ['NoCard: no Adaptive Card found (expected type "AdaptiveCard", an attachment or an activity with attachments)'],
          warnings: [],
          allowed: [],
          png: null,
        });
        continue;
      }
      for (const { where, card, problem } of cards) {
        const entry = { file, card: where, version: card?.version ?? null, errors: [], warnings: [], allowed: [], png: null };
        report.push(entry);
        if (problem || !card || typeof card !== 'object') {
          entry.errors.push(`InvalidAttachment: ${problem || 'content is not an object'}`);
          continue;
        }
        // Version: Teams renders up to 1.5.
        const declared = versionTuple(card.version);
        if (card.version !== undefined && !declared) entry.errors.push(`InvalidVersion: "version" is ${JSON.stringify(card.version)}, expected "MAJOR.MINOR"`);
        if (declared && versionGreater(declared, maxVersion)) {
          entry.errors.push(`UnsupportedCardVersion (Teams): the card declares version ${card.version}; Teams renders up to ${opts.maxVersion}`);
        }
        const { errors: staticErrors, chartWithFallback } = staticChecks(card);
        entry.errors.push(...staticErrors);

        const result = await page.evaluate(validateInPage, { card, width: opts.width });
        if (result.parseError) entry.errors.push(`ParseFailure: ${result.parseError}`);
        for (const e of result.parseEvents) {
          const m = /Unknown element type "(Chart\.[^"]+)"/.exec(e.message);
          if (e.event === 'UnknownElementType' && m) {
            if (chartWithFallback.get(m[1])) entry.allowed.push(e.message);
            // else: already an error (ChartWithoutFallback) from the static check
            else if (!staticErrors.some((s) => s.includes(m[1]))) entry.errors.push(e.message);
            continue;
          }
          entry.warnings.push(e.message);
        }
        for (const e of result.validation) entry.errors.push(e.message);
        if (result.renderError) entry.errors.push(`RenderFailure: ${result.renderError}`);
        entry.height = result.height;
        entry.brokenWords = result.brokenWords;

        if (!result.parseError && !result.renderError) {
          const suffix = where.replace(/^\$\.?/, '').replace(/\.content$/, '').replace(/\[(\d+)\]/g, '-$1').replace(/^-/, '');
          const base = safeName(`${path.relative(process.cwd(), file).replace(/\.json$/, '')}${suffix ? `_${suffix}` : ''}`);
          let name = base;
          for (let i = 2; usedNames.has(name); i++) name = `${base}_${i}`;
          usedNames.add(name);
          const png = path.join(opts.outDir, `${name}.png`);
          // Let images (blocked unless local) settle, then shoot the card only.
          await page.waitForLoadState('networkidle', { timeout: 2000 }).catch(() => {});
          const root = page.locator('#root');
          if ((await root.boundingBox())?.height > 0) {
            await root.screenshot({ path: png });
            entry.png = png;
          } else {
            entry.errors.push('RenderFailure: the rendered card has no height');
          }
        }
      }
    }
  } finally {
    await close();
  }

  process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  let failed = 0;
  for (const r of report) {
    const bad = r.errors.length + r.warnings.length;
    if (bad) failed++;
    const label = `${r.file}${r.card && r.card !== '$' ? ` ${r.card}` : ''}`;
    process.stderr.write(`${bad ? 'FAIL' : 'ok  '} ${label}${r.png ? ` -> ${r.png}` : ''}\n`);
    for (const e of r.errors) process.stderr.write(`       error:   ${e}\n`);
    for (const w of r.warnings) process.stderr.write(`       warning: ${w}\n`);
    for (const a of r.allowed) process.stderr.write(`       allowed: ${a}\n`);
  }
  process.stderr.write(`cards: ${report.length - failed} ok, ${failed} failing\n`);
  process.exit(failed ? 1 : 0);
}

main().catch((err) => {
  process.stderr.write(`validate_cards: ${err && err.stack ? err.stack : err}\n`);
  process.exit(2);
});

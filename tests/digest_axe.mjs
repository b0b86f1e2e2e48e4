#!/usr/bin/env node
// Checks HTML pages (the digest's standalone page) with axe-core in headless Chromium, WCAG 2.2 A/AA.
//
//   node tests/digest_axe.mjs page.html [more.html ...]
//
// Report (stdout, JSON): [{file, violations: [{id, impact, help, nodes}]}]. Exit 0 when no page has a
// violation, 1 otherwise. Offline: axe-core comes from node_modules, non-local requests are aborted.

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { launchBrowser } from './e2e/browser.mjs';

const require = createRequire(import.meta.url);
const files = process.argv.slice(2);
if (!files.length) {
  process.stderr.write('usage: node tests/digest_axe.mjs page.html [...]\n');
  process.exit(2);
}
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const { page, close } = await launchBrowser({ viewport: { width: 1000, height: 800 } });
const report = [];
try {
  for (const file of files) {
    await page.goto('file://' + path.resolve(file));
    await page.addScriptTag({ content: axeSource });
    const result = await page.evaluate(async () => {
      // eslint-disable-next-line no-undef
      return await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
    });
    report.push({
      file,
      violations: result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length })),
    });
  }
} finally {
  await close();
}
process.stdout.write(JSON.stringify(report, null, 2) + '\n');
process.exit(report.some((r) => r.violations.length) ? 1 : 0);

// Headless Chromium for the end-to-end tests and the card validator.
//
// Uses Debian's /usr/bin/chromium through playwright-core (no browser download). Every request that is
// not to this machine (localhost / 127.0.0.1 / [::1]) or to data:/blob:/file: is aborted, so nothing
// ever reaches a CDN and pages settle quickly and the same way every time.

import fs from 'node:fs';
import { chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const CHROMIUM_ARGS = Object.freeze([
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]);

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** True when a URL may be loaded: this machine only, or an inline/local scheme. */
export function isLocalUrl(url) {
  let u;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (['data:', 'blob:', 'file:', 'about:'].includes(u.protocol)) return true;
  return LOCAL_HOSTS.has(u.hostname) || u.hostname.endsWith('.localhost');
}

/** Fails with a message that says what to install when Chromium is missing. */
export function assertChromium() {
  try {
    fs.accessSync(CHROMIUM_PATH, fs.constants.X_OK);
  } catch {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}. Install Debian's package: ` +
        '`apt-get update && apt-get install -y chromium` (make e2e does this where it can), ' +
        'or set CHROMIUM_PATH to another Chromium binary.',
    );
  }
}

/**
 * Launches headless Chromium and one browser context whose every non-local request is aborted.
 *
 * Returns { browser, context, page, blocked, close() }:
 *   blocked — URLs that were aborted (for diagnostics; the Playground asks a CDN for fonts).
 */
export async function launchBrowser({ viewport = { width: 1400, height: 900 }, locale = 'en-GB', timezoneId = 'Europe/London' } = {}) {
  assertChromium();
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS],
  });
  const blocked = [];
  const context = await browser.newContext({ viewport, locale, timezoneId, serviceWorkers: 'block' });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (isLocalUrl(url)) return route.continue();
    blocked.push(url);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  const close = async () => {
    await browser.close().catch(() => {});
  };
  return { browser, context, page, blocked, close };
}

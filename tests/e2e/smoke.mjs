#!/usr/bin/env node
// Smoke journey in the Microsoft 365 Agents Playground, in headless Chromium:
// start the Playground against a running bot, open the personal chat, send "help", wait for a reply,
// save screenshots and the log stream under tests/e2e/artifacts/, and fail if the bot answered any
// request with 4xx/5xx (read from the Playground's log stream, not the page).
//
//   node tests/e2e/smoke.mjs --bot http://localhost:3978/api/messages
//     [--port 56150] [--artifacts DIR] [--timeout 15000] [--expect REGEX] [--channel]
//     [--wait-bot 30]
//
//   --expect   a regular expression the reply to "help" must match (default: any reply)
//   --channel  also @mention the bot with "help" in the team's General channel
//   --wait-bot seconds to wait for the bot's port to accept connections before starting
//
// Exit code 0 when every step passed, 1 when a step failed, 2 on bad usage.

import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  startPlayground,
  logStream,
  launchBrowser,
  openChat,
  selectChat,
  sendMessage,
  postInChannel,
  waitForBotReply,
  screenshot,
} from './playground.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));

function parseArgs(argv) {
  const opts = {
    bot: 'http://localhost:3978/api/messages',
    port: 56150,
    artifacts: path.join(HERE, 'artifacts'),
    timeout: 15000,
    expect: null,
    channel: false,
    waitBot: 30,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--bot') opts.bot = val();
    else if (a === '--port') opts.port = Number(val());
    else if (a === '--artifacts') opts.artifacts = path.resolve(val());
    else if (a === '--timeout') opts.timeout = Number(val());
    else if (a === '--expect') opts.expect = new RegExp(val(), 'i');
    else if (a === '--channel') opts.channel = true;
    else if (a === '--wait-bot') opts.waitBot = Number(val());
    else if (a === '-h' || a === '--help') usage();
    else usage(`unknown argument ${a}`);
  }
  try {
    new URL(opts.bot);
  } catch {
    usage(`--bot is not a URL: ${opts.bot}`);
  }
  if (!Number.isInteger(opts.port) || opts.port <= 0) usage('--port takes a port number');
  return opts;
}

function usage(msg) {
  if (msg) process.stderr.write(`error: ${msg}\n`);
  process.stderr.write(
    'usage: node tests/e2e/smoke.mjs --bot http://localhost:3978/api/messages [--port N] [--artifacts DIR] ' +
      '[--timeout MS] [--expect REGEX] [--channel] [--wait-bot SECONDS]\n',
  );
  process.exit(2);
}

/** Resolves when host:port accepts a TCP connection; rejects after `seconds`. */
async function waitForPort(urlString, seconds) {
  const u = new URL(urlString);
  const port = Number(u.port || (u.protocol === 'https:' ? 443 : 80));
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const ok = await new Promise((resolve) => {
      const s = net.connect({ host, port });
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
      s.setTimeout(1000, () => {
        s.destroy();
        resolve(false);
      });
    });
    if (ok) return;
    if (Date.now() > deadline) {
      throw new Error(`the bot is not listening at ${host}:${port} (waited ${seconds} s): start it first, e.g. \`make run\``);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  fs.mkdirSync(opts.artifacts, { recursive: true });
  const results = [];
  const step = async (name, fn) => {
    const t0 = Date.now();
    try {
      const r = await fn();
      results.push({ name, ok: true });
      process.stdout.write(`ok   ${name} (${Date.now() - t0} ms)\n`);
      return r;
    } catch (err) {
      results.push({ name, ok: false, error: err.message });
      process.stdout.write(`FAIL ${name} (${Date.now() - t0} ms)\n${indent(err.message)}\n`);
      throw err;
    }
  };

  let pg;
  let log;
  let browser;
  let page;
  let failed = false;
  try {
    await step(`bot reachable at ${opts.bot}`, () => waitForPort(opts.bot, opts.waitBot));
    pg = await step('start the Playground', () => startPlayground({ botEndpoint: opts.bot, port: opts.port }));
    log = await step('connect to the log stream', () => logStream(pg.port));
    browser = await step('launch Chromium', () => launchBrowser());
    page = browser.page;
    await step('open the personal chat', () => openChat(page, pg.url));
    await step('the Playground reached the bot', () =>
      log.waitFor((e) => e.type === 'bot' && e.activityName === 'conversationUpdate', opts.timeout),
    );
    // Let the welcome (if any) arrive before counting messages.
    await page.waitForTimeout(500);
    const mark = await step('send "help"', () => sendMessage(page, 'help'));
    const reply = await step('the bot replies to "help"', () =>
      waitForBotReply(page, opts.expect ?? undefined, { after: mark, timeoutMs: opts.timeout }),
    );
    await step('reply text is not empty', async () => {
      const text = (await reply.innerText()).trim();
      const hasCard = (await reply.locator('.ac-adaptiveCard').count()) > 0;
      if (!text && !hasCard) throw new Error('the reply is empty');
    });
    await step('the bot answered "help" with 2xx', async () => {
      const call = await log.waitForBotCall({ activityName: 'message', text: 'help', timeoutMs: opts.timeout });
      if (!(call.status >= 200 && call.status < 300)) throw new Error(`the bot answered ${call.status}: ${JSON.stringify(call.body)}`);
    });
    await page.waitForTimeout(500);
    await step('screenshot personal chat', () => screenshot(page, opts.artifacts, 'smoke-personal-chat'));

    if (opts.channel) {
      await step('open the General channel', () => selectChat(page, 'General'));
      const cmark = await step('@mention the bot with "help" in General', () => postInChannel(page, 'help'));
      await step('the bot replies in the channel thread', () =>
        waitForBotReply(page, opts.expect ?? undefined, { after: cmark, channel: true, timeoutMs: opts.timeout }),
      );
      await page.waitForTimeout(500);
      await step('screenshot channel', () => screenshot(page, opts.artifacts, 'smoke-channel'));
    }

    await step('no 4xx/5xx from the bot in the log stream', async () => log.assertNoBotErrors());
  } catch {
    failed = true;
    if (page) await screenshot(page, opts.artifacts, 'smoke-failure').catch(() => {});
    if (log) {
      try {
        log.assertNoBotErrors();
      } catch (err) {
        process.stdout.write(`     and the log stream shows: ${err.message}\n`);
      }
    }
  } finally {
    if (log) {
      log.save(path.join(opts.artifacts, 'smoke-log-stream.jsonl'));
      log.close();
    }
    if (browser) await browser.close();
    if (pg) {
      fs.writeFileSync(path.join(opts.artifacts, 'smoke-playground-output.txt'), pg.output());
      await pg.stop();
    }
  }
  const passed = results.filter((r) => r.ok).length;
  process.stdout.write(`smoke: ${passed} steps ok, ${results.length - passed} failed; artifacts in ${opts.artifacts}\n`);
  process.exit(failed ? 1 : 0);
}

function indent(s) {
  return String(s)
    .split('\n')
    .map((l) => `     ${l}`)
    .join('\n');
}

main().catch((err) => {
  process.stderr.write(`smoke: ${err && err.stack ? err.stack : err}\n`);
  process.exit(1);
});

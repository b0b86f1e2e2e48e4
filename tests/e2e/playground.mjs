// Helpers to drive the Microsoft 365 Agents Playground (@microsoft/m365agentsplayground) from Node.
//
// Typical journey:
//
//   const pg = await startPlayground({ botEndpoint: 'http://localhost:3978/api/messages' });
//   const log = await logStream(pg.port);            // connect BEFORE opening the page
//   const { page, close } = await launchBrowser();
//   await openChat(page, pg.url);                     // personal chat
//   const mark = await sendMessage(page, 'help');
//   const reply = await waitForBotReply(page, /help/i, { after: mark });
//   const card = await lastCard(page);
//   await fillInputByLabel(card, 'Summary', 'All good');
//   await clickAction(card, 'Submit');
//   log.assertNoBotErrors();
//   await close(); log.close(); await pg.stop();
//
// Findings behind these helpers are in README.md beside this file.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import WebSocket from 'ws';

export { launchBrowser, CHROMIUM_ARGS, CHROMIUM_PATH, isLocalUrl } from './browser.mjs';

const require = createRequire(import.meta.url);

export const PLAYGROUND_LABEL = 'Microsoft 365 Agents Playground';
export const BOT_APP_LABEL = 'User Application';
export const DEFAULT_BOT_NAME = 'Test Bot';

export const SELECTORS = Object.freeze({
  composeBox: '[role=textbox][contenteditable=true]',
  chatBotMessage: '.fai-OutputCard', // bot messages in personal and group chat
  card: '.ac-adaptiveCard',
  inputContainer: '.ac-input-container',
});

/** Path of the Playground's CLI entry point in node_modules. */
export function playgroundCli() {
  return require.resolve('@microsoft/m365agentsplayground/cli.js');
}

// ---------------------------------------------------------------------------------------------
// Starting and stopping the Playground
// ---------------------------------------------------------------------------------------------

/**
 * Spawns `agentsplayground -e <botEndpoint> -c msteams --dt -p <port>` and waits for "Listening on N".
 *
 * The CLI tries to open a browser with xdg-open and exits if it cannot, so a no-op `xdg-open` is put
 * first on PATH. It writes devTools/m365agentsplayground.log into its working directory, so it runs in
 * a temporary folder (kept when `keepTemp` is set; its path is `workDir`).
 *
 * If the port is taken the Playground silently picks a random one: the real port is parsed from its
 * output and returned (`port`, `url`).
 *
 * Returns { port, requestedPort, url, serviceUrl, child, workDir, output(), stop() }.
 */
export async function startPlayground({
  botEndpoint = 'http://localhost:3978/api/messages',
  port = 56150,
  channel = 'msteams',
  deliveryMode,
  extraArgs = [],
  timeoutMs = 30000,
  env = {},
  keepTemp = false,
} = {}) {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentsplayground-'));
  const binDir = path.join(workDir, 'bin');
  fs.mkdirSync(binDir);
  const xdgOpen = path.join(binDir, 'xdg-open');
  fs.writeFileSync(xdgOpen, '#!/bin/sh\n# no-op: the Playground must not open a browser\nexit 0\n', { mode: 0o755 });

  const args = [playgroundCli(), '-e', botEndpoint, '-c', channel, '--dt', '-p', String(port)];
  if (deliveryMode) args.push('--delivery-mode', deliveryMode);
  args.push(...extraArgs);

  const child = spawn(process.execPath, args, {
    cwd: workDir,
    env: { ...process.env, PATH: `${binDir}${path.delimiter}${process.env.PATH || ''}`, BROWSER: 'none', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));

  let stopped = false;
  const onExit = () => {
    if (!stopped && child.exitCode === null) child.kill('SIGKILL');
  };
  process.once('exit', onExit);

  const actualPort = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`Playground did not print "Listening on" within ${timeoutMs} ms.\nIts output:\n${out}`));
    }, timeoutMs);
    const onData = () => {
      const m = /Listening on (\d+)/.exec(out);
      if (m) {
        cleanup();
        resolve(Number(m[1]));
      }
    };
    const onChildExit = (code, signal) => {
      cleanup();
      reject(new Error(`Playground exited (code ${code}, signal ${signal}) before listening.\nIts output:\n${out}`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.off('exit', onChildExit);
    };
    child.stdout.on('data', onData);
    child.on('exit', onChildExit);
    onData();
  });

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.off('exit', onExit);
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
    }
    if (!keepTemp) fs.rmSync(workDir, { recursive: true, force: true });
  };

  return {
    port: actualPort,
    requestedPort: port,
    url: `http://localhost:${actualPort}/`,
    serviceUrl: `http://localhost:${actualPort}/_connector`,
    child,
    workDir,
    output: () => out,
    stop,
  };
}

// ---------------------------------------------------------------------------------------------
// The log stream: what the bot really answered
// ---------------------------------------------------------------------------------------------

/**
 * Connects to ws://localhost:<port>/_ws/log/stream and records every event.
 *
 * Each websocket message is JSON `{logAction: "appendLog", log: {...}}`. `log.type` is "text" (a line
 * of the log panel: displayText, maybe `level: "warning"`) or "bot" (one HTTP exchange):
 *   from "Microsoft 365 Agents Playground" to "User Application": the Playground called the bot;
 *     response.statusCode is the BOT's HTTP status, response.body its body (invoke responses too).
 *   from "User Application" to "Microsoft 365 Agents Playground": the bot called the mocked connector;
 *     response.statusCode is the Playground's answer (200/201/202).
 *   activityName is the activity type ("message", "invoke", "conversationUpdate", ...);
 *   request.body the activity.
 *
 * The server broadcasts to every connected client and buffers only while none is connected, so connect
 * before opening the page to see the startup events.
 *
 * Returns a LogStream.
 */
export async function logStream(port = 56150, { host = 'localhost', timeoutMs = 10000 } = {}) {
  const ws = new WebSocket(`ws://${host}:${port}/_ws/log/stream`);
  const stream = new LogStream(ws);
  await new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`log stream on port ${port} did not open within ${timeoutMs} ms`)), timeoutMs);
    ws.once('open', () => {
      clearTimeout(t);
      resolve();
    });
    ws.once('error', (e) => {
      clearTimeout(t);
      reject(new Error(`cannot connect to the Playground log stream on port ${port}: ${e.message}`));
    });
  });
  return stream;
}

export class LogStream {
  constructor(ws) {
    this.ws = ws;
    /** Every `log` item, in arrival order. */
    this.events = [];
    /** Raw messages that were not `{logAction, log}` JSON (kept for diagnostics). */
    this.unparsed = [];
    this._waiters = new Set();
    ws.on('message', (data) => {
      const text = data.toString();
      let msg;
      try {
        msg = JSON.parse(text);
      } catch {
        this.unparsed.push(text);
        return;
      }
      if (!msg || typeof msg !== 'object' || !msg.log) {
        this.unparsed.push(text);
        return;
      }
      this.events.push({ ...msg.log, logAction: msg.logAction });
      for (const w of [...this._waiters]) w();
    });
    ws.on('error', () => {});
  }

  /** HTTP exchanges where the Playground called the bot: { activityName, status, body, activity, ... }. */
  botCalls() {
    return this.events
      .filter((e) => e.type === 'bot' && e.from === PLAYGROUND_LABEL && e.to === BOT_APP_LABEL)
      .map(exchange);
  }

  /** HTTP exchanges where the bot called the mocked Bot Connector (replies, proactive messages, updates). */
  botSends() {
    return this.events
      .filter((e) => e.type === 'bot' && e.from === BOT_APP_LABEL && e.to === PLAYGROUND_LABEL)
      .map(exchange);
  }

  /** Text lines of the log panel with level "warning" or "error" (e.g. "Cannot connect to your app"). */
  warnings() {
    return this.events.filter((e) => e.type === 'text' && e.level && e.level !== 'default');
  }

  /**
   * Everything that counts as the bot failing: a call the bot answered >= 400 (or with no status),
   * a connector call of the bot that the Playground refused, and warning lines. Pass `allow` to skip
   * expected ones, e.g. allow: (x) => x.status === 401 && x.activityName === 'message'.
   */
  failures({ allow = () => false, includeWarnings = true } = {}) {
    const bad = [];
    for (const c of this.botCalls()) {
      if (!(c.status >= 200 && c.status < 400) && !allow(c)) bad.push({ kind: 'bot answered', ...c });
    }
    for (const c of this.botSends()) {
      if (!(c.status >= 200 && c.status < 400) && !allow(c)) bad.push({ kind: 'connector refused bot', ...c });
    }
    if (includeWarnings) {
      for (const w of this.warnings()) if (!allow(w)) bad.push({ kind: 'warning', level: w.level, text: w.displayText });
    }
    return bad;
  }

  /** Throws an Error listing every failure (see failures()). */
  assertNoBotErrors(opts) {
    const bad = this.failures(opts);
    if (bad.length) {
      const lines = bad.map((b) =>
        b.kind === 'warning'
          ? `  - playground ${b.level}: ${b.text}`
          : `  - ${b.kind} ${b.status} to ${b.activityName}${b.text ? ` "${b.text}"` : ''}: ${short(b.body)}`,
      );
      throw new Error(`the bot failed ${bad.length} time(s) in the Playground log stream:\n${lines.join('\n')}`);
    }
  }

  /** Resolves with the first event (raw log item) matching predicate, waiting up to timeoutMs. */
  waitFor(predicate, timeoutMs = 15000) {
    const found = this.events.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const check = () => {
        const e = this.events.find(predicate);
        if (e) {
          this._waiters.delete(check);
          clearTimeout(t);
          resolve(e);
        }
      };
      const t = setTimeout(() => {
        this._waiters.delete(check);
        reject(new Error(`no matching log stream event within ${timeoutMs} ms (${this.events.length} events seen)`));
      }, timeoutMs);
      this._waiters.add(check);
    });
  }

  /** Waits for the bot's answer to an activity the Playground sent (by activity name and optional text). */
  waitForBotCall({ activityName, text, timeoutMs = 15000 } = {}) {
    return this.waitFor(
      (e) =>
        e.type === 'bot' &&
        e.from === PLAYGROUND_LABEL &&
        (!activityName || e.activityName === activityName) &&
        (text === undefined || (e.request?.body?.text ?? '') === text),
      timeoutMs,
    ).then(exchange);
  }

  /** Writes every event as JSON lines (for CI artefacts). */
  save(file) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, this.events.map((e) => JSON.stringify(e)).join('\n') + '\n');
  }

  close() {
    for (const w of this._waiters) this._waiters.delete(w);
    this.ws.close();
  }
}

function exchange(e) {
  return {
    activityName: e.activityName,
    status: e.response?.statusCode,
    body: e.response?.body,
    activity: e.request?.body,
    text: e.request?.body?.text,
    conversationId: e.conversationId,
    timestamp: e.timestamp,
    from: e.from,
    to: e.to,
  };
}

function short(v, n = 300) {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  if (s === undefined) return '(no body)';
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

// ---------------------------------------------------------------------------------------------
// The Playground's own HTTP API
// ---------------------------------------------------------------------------------------------

/** GET /_internal/v1/config: bot id and name, current user, other users, chats, teams and channels. */
export async function playgroundConfig(baseUrl) {
  const r = await fetch(new URL('/_internal/v1/config', baseUrl));
  if (!r.ok) throw new Error(`GET /_internal/v1/config answered ${r.status}`);
  return (await r.json()).config;
}

/**
 * The "Mock an Activity" templates: GET /_internal/v1/customActivities/template?conversationId&type.
 * type: install, uninstall, userAdded, userRemoved, botAdded, botRemoved, channelCreated,
 * channelRenamed, channelDeleted, teamRenamed, teamDeleted, sendEmail, mentionInWord. Team/channel
 * types need a channel conversation (conversationId "team-id").
 */
export async function activityTemplate(baseUrl, { conversationId, type }) {
  const u = new URL('/_internal/v1/customActivities/template', baseUrl);
  u.searchParams.set('conversationId', conversationId);
  u.searchParams.set('type', type);
  const r = await fetch(u);
  const body = await r.text();
  if (!r.ok) throw new Error(`activity template ${type} for ${conversationId} answered ${r.status}: ${body}`);
  return JSON.parse(body);
}

/**
 * Sends any activity to the bot as "Mock an Activity → Custom activity" does:
 * POST /_internal/v1/customActivities with the activity as body. The Playground answers 200 even when
 * the bot fails: read the bot's status from the log stream. Replies show in the page's chat.
 */
export async function sendCustomActivity(baseUrl, activity) {
  const r = await fetch(new URL('/_internal/v1/customActivities', baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
  const body = await r.text();
  if (!r.ok) throw new Error(`custom activity answered ${r.status}: ${body}`);
  return body;
}

// ---------------------------------------------------------------------------------------------
// Driving the page
// ---------------------------------------------------------------------------------------------

/**
 * Opens the Playground page and waits for the compose box. Loading the page makes the Playground send
 * installationUpdate and conversationUpdate for the personal chat (the bot's welcome appears then).
 * `chat` selects another conversation in the side bar: "Group Chat", "General", "Announcements".
 */
export async function openChat(page, url, { chat = 'Personal Chat', timeoutMs = 30000 } = {}) {
  const installed = page
    .waitForResponse((r) => /\/_debug\/conversation\/[^/]+\/installation$/.test(r.url()), { timeout: timeoutMs })
    .catch(() => null);
  await page.goto(url, { waitUntil: 'load', timeout: timeoutMs });
  await page.locator(SELECTORS.composeBox).first().waitFor({ state: 'visible', timeout: timeoutMs });
  await installed;
  if (chat && chat !== 'Personal Chat') await selectChat(page, chat, { timeoutMs });
  return page;
}

/** Clicks a conversation in the side bar ("Personal Chat", "Group Chat", "General", "Announcements"). */
export async function selectChat(page, name, { timeoutMs = 15000 } = {}) {
  const entry = page.getByText(name, { exact: true }).first();
  await entry.waitFor({ state: 'visible', timeout: timeoutMs });
  await entry.click();
  await page.locator(SELECTORS.composeBox).first().waitFor({ state: 'visible', timeout: timeoutMs });
  // A channel's first opening sends installationUpdate + conversationUpdate for the team: let it land.
  await page.waitForLoadState('networkidle', { timeout: 3000 }).catch(() => {});
}

/** Locator of the bot's messages: chat bubbles, or in a channel the blocks signed by the bot's avatar. */
export function botMessages(page, { channel = false, botName = DEFAULT_BOT_NAME } = {}) {
  if (channel) return page.locator(`div:has(> div > span[role=img][aria-label="${cssString(botName)}"])`);
  return page.locator(SELECTORS.chatBotMessage);
}

/**
 * Types text into the compose box and presses Enter (personal and group chat, or a channel thread's
 * reply box with `channel: true`; for a new channel post use postInChannel). In a group chat the bot
 * only receives messages that @mention it (as in Teams): pass `mentionBot: true`.
 * Returns the number of bot messages before sending: pass it as `after` to waitForBotReply so an
 * older message cannot satisfy the wait.
 */
export async function sendMessage(page, text, { channel = false, mentionBot = false, botName = DEFAULT_BOT_NAME, timeoutMs = 15000 } = {}) {
  const before = await botMessages(page, { channel, botName }).count();
  const box = page.locator(SELECTORS.composeBox).last();
  await box.waitFor({ state: 'visible', timeout: timeoutMs });
  await box.click();
  if (mentionBot) await mention(page, botName, timeoutMs);
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
  return before;
}

/** Types "@" and picks `name` from the mention menu (role=menuitem), then a space. */
export async function mention(page, name = DEFAULT_BOT_NAME, timeoutMs = 15000) {
  await page.keyboard.type('@');
  const item = page.locator('[role=menuitem]', { hasText: name }).first();
  try {
    await item.click({ timeout: timeoutMs });
  } catch (e) {
    const offered = await page.locator('[role=menuitem]').allInnerTexts().catch(() => []);
    throw new Error(`cannot @mention "${name}": mention menu offers ${JSON.stringify(offered)} (${e.message.split('\n')[0]})`);
  }
  await page.keyboard.type(' ');
}

/**
 * Starts a new post in the current channel, optionally @mentioning the bot first (as Teams requires
 * for a bot to see a channel message), and clicks Post. The bot receives text "<at>Test Bot</at> …"
 * with a mention entity; its replies go to the post's thread. Returns the bot-message count before.
 */
export async function postInChannel(page, text, { mentionBot = true, botName = DEFAULT_BOT_NAME, timeoutMs = 15000 } = {}) {
  const before = await botMessages(page, { channel: true, botName }).count();
  const box = page.locator(SELECTORS.composeBox).first();
  await box.waitFor({ state: 'visible', timeout: timeoutMs });
  await box.click();
  if (mentionBot) await mention(page, botName, timeoutMs);
  await page.keyboard.type(text);
  await page.getByRole('button', { name: 'Post', exact: true }).click();
  return before;
}

/**
 * Waits for a bot message whose text matches `match` (string: contained; RegExp: tested;
 * function(text, locator) → boolean; undefined: any) among the messages with index >= `after`.
 * Returns the message's Locator. On time-out the error lists the bot messages that were there.
 */
export async function waitForBotReply(page, match, { after = 0, timeoutMs = 15000, channel = false, botName, pollMs = 150 } = {}) {
  const test = toMatcher(match);
  const messages = botMessages(page, { channel, botName });
  const deadline = Date.now() + timeoutMs;
  let texts = [];
  for (;;) {
    const n = await messages.count();
    texts = [];
    for (let i = 0; i < n; i++) {
      const loc = messages.nth(i);
      const text = (await loc.innerText().catch(() => '')).trim();
      texts.push(text);
      if (i >= after && (await test(text, loc))) return loc;
    }
    if (Date.now() > deadline) break;
    await page.waitForTimeout(pollMs);
  }
  const shown = texts.map((t, i) => `  [${i}]${i < after ? ' (before)' : ''} ${t.replace(/\s+/g, ' ').slice(0, 160)}`).join('\n');
  throw new Error(
    `no bot reply matching ${describe(match)} within ${timeoutMs} ms (after index ${after}); bot messages:\n${shown || '  (none)'}`,
  );
}

/** The Adaptive Card inside a bot message, or the last card on the page. */
export async function lastCard(pageOrMessage, { timeoutMs = 15000 } = {}) {
  const card = pageOrMessage.locator(SELECTORS.card).last();
  await card.waitFor({ state: 'visible', timeout: timeoutMs });
  return card;
}

/**
 * Finds the input of a card by its label text (inputs have random ids; each is named by
 * aria-labelledby pointing at its label). Exact match after trimming and dropping the required
 * marker "*", falling back to a case-insensitive prefix match.
 */
export async function inputByLabel(card, label) {
  const id = await card.evaluate(
    (root, wanted) => {
      const norm = (s) => s.replace(/\s+/g, ' ').trim().toLowerCase();
      const visibleText = (el) => {
        let t = '';
        for (const n of el.childNodes) {
          if (n.nodeType === 3) t += n.textContent;
          else if (n.nodeType === 1 && n.getAttribute('aria-hidden') !== 'true') t += visibleText(n);
        }
        return t;
      };
      const labels = [...root.querySelectorAll('label[id], .ac-richTextBlock[id], .ac-textBlock[id]')].filter((l) =>
        root.querySelector(`[aria-labelledby~="${CSS.escape(l.id)}"]`),
      );
      const w = norm(wanted);
      const exact = labels.find((l) => norm(visibleText(l)).replace(/\s*\*$/, '') === w);
      const prefix = labels.find((l) => norm(visibleText(l)).startsWith(w));
      const hit = exact || prefix;
      return hit ? hit.id : null;
    },
    label,
  );
  if (!id) {
    const known = await card.evaluate((root) =>
      [...root.querySelectorAll('label[id]')].map((l) => l.textContent.replace(/\s+/g, ' ').trim()),
    );
    throw new Error(`no card input labelled "${label}"; labels on the card: ${JSON.stringify(known)}`);
  }
  return card.locator(`[aria-labelledby~="${id}"]`).first();
}

/**
 * Fills a card input found by its label. value:
 *   text, multi-line, number: a string or number;
 *   date: ISO "2026-11-25"; time: "14:30";
 *   choice set (compact combobox or expanded radios): the choice title; multi-select: an array of titles;
 *   toggle: true/false.
 * Returns the input's Locator.
 */
export async function fillInputByLabel(card, label, value) {
  const input = await inputByLabel(card, label);
  const page = card.page();
  const info = await input.evaluate((el) => ({
    tag: el.tagName.toLowerCase(),
    type: (el.getAttribute('type') || '').toLowerCase(),
    role: el.getAttribute('role') || '',
    placeholder: el.getAttribute('placeholder') || '',
    haspopup: el.getAttribute('aria-haspopup') || '',
    multiple: el.closest('.ac-input-container')?.querySelector('[aria-multiselectable=true]') !== null,
  }));
  if (info.type === 'checkbox') {
    await input.setChecked(Boolean(value) && value !== 'false');
  } else if (info.role === 'radiogroup') {
    await input.getByLabel(String(value), { exact: true }).check();
  } else if (info.role === 'combobox' && (info.haspopup === 'dialog' || /date|time/i.test(info.placeholder))) {
    // Date and time pickers take a typed ISO value; Enter commits it (and opens the picker: close it).
    await input.fill(String(value));
    await input.press('Enter');
    if ((await input.getAttribute('aria-expanded')) === 'true') await input.press('Escape');
  } else if (info.role === 'combobox') {
    await chooseOptions(page, input, Array.isArray(value) ? value.map(String) : [String(value)]);
  } else {
    await input.fill(String(value));
  }
  return input;
}

async function chooseOptions(page, combo, titles) {
  await combo.click();
  const listId = await combo.getAttribute('aria-controls');
  const popup = listId ? page.locator(`[id="${cssString(listId)}"]`) : page.locator('[role=listbox]').last();
  await popup.waitFor({ state: 'visible' });
  for (const title of titles) {
    const option = popup.locator('[role=option], [role=menuitemcheckbox]').filter({ hasText: title });
    const exact = option.filter({ hasText: new RegExp(`^\\s*${escapeRegExp(title)}\\s*$`) });
    const target = (await exact.count()) ? exact.first() : option.first();
    if (!(await target.count())) {
      const all = await popup.locator('[role=option], [role=menuitemcheckbox]').allInnerTexts();
      throw new Error(`choice "${title}" not offered; choices: ${JSON.stringify(all)}`);
    }
    if ((await target.getAttribute('role')) === 'menuitemcheckbox' && (await target.getAttribute('aria-checked')) === 'true') continue;
    await target.click();
  }
  if (await popup.isVisible().catch(() => false)) await combo.press('Escape').catch(() => {});
}

/** Client-side validation messages shown under the card's inputs (element right after the container). */
export async function validationErrors(card) {
  return card.evaluate((root) =>
    [...root.querySelectorAll('.ac-input-container')]
      .map((c) => c.nextElementSibling)
      .filter((e) => e && e.offsetParent !== null && e.textContent.trim())
      .map((e) => e.textContent.trim()),
  );
}

/**
 * Clicks a card action button by its title.
 * expect: "request" (default) waits for the card's POST to the Playground — /_conversation/v1/submit
 *   (Action.Submit) or /_conversation/v1/invoke (Action.Execute) — and returns
 *   { kind, requestBody, status, responseBody }; if none comes (client-side validation blocked it) it
 *   throws with the validation messages. "none": just click (Action.ShowCard, Action.OpenUrl, ...).
 */
export async function clickAction(card, title, { expect = 'request', timeoutMs = 15000 } = {}) {
  const page = card.page();
  const button = card.getByRole('button', { name: title, exact: true });
  if (!(await button.count())) {
    const titles = await card.getByRole('button').allInnerTexts();
    throw new Error(`no action "${title}" on the card; buttons: ${JSON.stringify(titles.map((t) => t.trim()))}`);
  }
  if (expect === 'none') {
    await button.first().click();
    return null;
  }
  const posted = page
    .waitForResponse((r) => /\/_conversation\/v1\/(submit|invoke)$/.test(new URL(r.url()).pathname), { timeout: timeoutMs })
    .catch(() => null);
  await button.first().click();
  const res = await posted;
  if (!res) {
    const errs = await validationErrors(card).catch(() => []);
    throw new Error(
      `clicking "${title}" sent nothing within ${timeoutMs} ms` +
        (errs.length ? `; the card shows validation errors: ${JSON.stringify(errs)}` : ''),
    );
  }
  const kind = new URL(res.url()).pathname.endsWith('/invoke') ? 'invoke' : 'submit';
  let requestBody = res.request().postData();
  try {
    requestBody = JSON.parse(requestBody);
  } catch {}
  let responseBody = await res.text().catch(() => '');
  try {
    responseBody = JSON.parse(responseBody);
  } catch {}
  return { kind, requestBody, status: res.status(), responseBody };
}

/**
 * The notice the Playground shows under a card after an Action.Execute: the invoke response's
 * message ("application/vnd.microsoft.activity.message" value), its error message
 * ("application/vnd.microsoft.error"), or "Your response was sent to the app" after a replacement
 * card. `message` is the bot message holding the card (from waitForBotReply). Waits up to timeoutMs;
 * returns null when none appears.
 */
export async function cardNotice(message, { timeoutMs = 5000, pollMs = 100 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await message
      .evaluate((m) => {
        const card = m.querySelector('.ac-adaptiveCard');
        if (!card) return null;
        for (let el = card; el && el !== m; el = el.parentElement) {
          for (let sib = el.nextElementSibling; sib; sib = sib.nextElementSibling) {
            const t = sib.querySelector('.fui-Text');
            if (t && sib.querySelector('button') && t.textContent.trim()) return t.textContent.trim();
          }
        }
        return null;
      })
      .catch(() => null);
    if (text || Date.now() > deadline) return text;
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** Saves a full-page PNG under dir (created), returns its path. */
export async function screenshot(page, dir, name) {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name.replace(/[^A-Za-z0-9._-]+/g, '_')}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

// ---------------------------------------------------------------------------------------------

function toMatcher(match) {
  if (match === undefined || match === null) return () => true;
  if (typeof match === 'string') return (t) => t.includes(match);
  if (match instanceof RegExp) return (t) => match.test(t);
  if (typeof match === 'function') return match;
  throw new TypeError('match must be a string, RegExp, function or undefined');
}

function describe(match) {
  if (match === undefined || match === null) return '(anything)';
  if (typeof match === 'function') return `predicate ${match.name || '(anonymous)'}`;
  return typeof match === 'string' ? JSON.stringify(match) : String(match);
}

function cssString(s) {
  return String(s).replace(/["\\]/g, '\\$&');
}

function escapeRegExp(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// What every journey gets: a Playground (own process, own log stream, own Chromium page) against the
// bot that run.sh started, steps that report themselves, the dfbot CLI against the same database,
// screenshots, and checks that read the truth (the Playground's log stream and the bot's own log),
// not only the page.
//
// A journey module exports default { id, title, needs?, role?, async run(j) }:
//   needs  [{path, feature}]  repository files the journey's feature lives in; a missing one makes the
//                             journey PENDING (named in the summary), not silently skipped
//   role   'member' | 'lead'  the plan file the runner imports before the journey (Alex Wilber, the
//                             Playground's user, leads CIT-02 only in the lead plan)
//   run(j) the steps; throw to fail. `j` is a JourneyContext (below).

import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import * as pg from '../playground.mjs';

export const AC_TYPE = 'application/vnd.microsoft.card.adaptive';

/** A free TCP port on localhost (the Playground silently picks a random one if ours is taken anyway). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Collapses whitespace, so card text split over lines and columns can be matched as one string. */
export function flat(s) {
  return String(s ?? '').replace(/\s+/g, ' ').trim();
}

/** Throws unless `text` contains every `contains` and none of `excludes` (case-insensitive). */
export function expectText(text, { contains = [], excludes = [], what = 'the reply' } = {}) {
  const t = flat(text).toLowerCase();
  const missing = contains.filter((c) => !(c instanceof RegExp ? c.test(flat(text)) : t.includes(String(c).toLowerCase())));
  const present = excludes.filter((c) => (c instanceof RegExp ? c.test(flat(text)) : t.includes(String(c).toLowerCase())));
  if (missing.length || present.length) {
    const parts = [];
    if (missing.length) parts.push(`missing ${missing.map(String).map((m) => JSON.stringify(m)).join(', ')}`);
    if (present.length) parts.push(`should not contain ${present.map(String).map((m) => JSON.stringify(m)).join(', ')}`);
    throw new Error(`${what} is wrong: ${parts.join('; ')}.\n  ${what} was: ${JSON.stringify(flat(text).slice(0, 1200))}`);
  }
}

/** Matcher for waitForBotReply: a bot message that holds an Adaptive Card whose text matches. */
export function cardWith(match) {
  const test = typeof match === 'string' ? (t) => t.toLowerCase().includes(match.toLowerCase()) : match instanceof RegExp ? (t) => match.test(t) : () => true;
  const fn = async (text, loc) => (await loc.locator(pg.SELECTORS.card).count()) > 0 && test(flat(text));
  Object.defineProperty(fn, 'name', { value: `card containing ${match ?? 'anything'}` });
  return fn;
}

/** Matcher: a bot message whose flattened text matches (string, case-insensitive; or RegExp). */
export function textWith(match) {
  const fn = async (text) => (typeof match === 'string' ? flat(text).toLowerCase().includes(match.toLowerCase()) : match.test(flat(text)));
  Object.defineProperty(fn, 'name', { value: `text containing ${match}` });
  return fn;
}

export class JourneyContext {
  constructor({ journey, env, seed, artifacts, log: say }) {
    this.journey = journey;
    this.env = env;
    this.seed = seed;
    this.artifacts = artifacts;
    this.say = say;
    this.steps = [];
    this.sessions = []; // {label, playground, log, browser, page}
    this.cliCalls = [];
    this.softFailures = [];
    this.cliErrors = [];
    this.page = null;
    this.log = null;
    this.playground = null;
  }

  // ------------------------------------------------------------------ steps

  async step(name, fn) {
    const t0 = Date.now();
    try {
      const result = await fn();
      this.steps.push({ name, ok: true, ms: Date.now() - t0 });
      this.say(`    ok   ${name} (${Date.now() - t0} ms)`);
      return result;
    } catch (err) {
      this.steps.push({ name, ok: false, ms: Date.now() - t0, error: err.message });
      this.say(`    FAIL ${name} (${Date.now() - t0} ms)`);
      err.step = err.step || name;
      throw err;
    }
  }

  /**
   * A check that fails the journey but lets it go on, so one run shows everything that is wrong
   * after it (e.g. the bot reports a send as failed although the message arrived).
   */
  async check(name, fn) {
    try {
      return await this.step(name, fn);
    } catch (err) {
      this.softFailures.push(`step "${name}": ${err.message}`);
      return undefined;
    }
  }

  // ------------------------------------------------------------------ the Playground

  /**
   * Starts a Playground against the bot as `user` ('alex' = Alex Wilber, the Playground's own user, a
   * member or lead by the plan imported; 'patti' = Patti Fernandez, the programme office admin:
   * ADMIN_EMAILS names her, so her first contact makes her an admin), connects its log stream before
   * the page loads, launches Chromium and opens the personal chat. Waits for the install activities
   * to be answered. Becomes the current session (`j.page`, `j.log`, `j.playground`).
   */
  async open({ user = 'alex', chat = 'Personal Chat', label, bot } = {}) {
    const botEndpoint = bot || this.env.botUrl; // `bot`: another bot process on the same database (run.sh)
    const session = { label: label || `${user}${this.sessions.length ? `-${this.sessions.length + 1}` : ''}`, user };
    this.sessions.push(session);
    const env = {};
    if (user !== 'alex') {
      const file = path.join(this.artifacts, 'logs', `playground-${user}.yml`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, playgroundConfig(user));
      env.M365_AGENTS_PLAYGROUND_CONFIG_PATH = file;
    }
    const t = [Date.now()];
    session.playground = await pg.startPlayground({ botEndpoint, port: await freePort(), env });
    t.push(Date.now());
    session.log = await pg.logStream(session.playground.port);
    session.browser = await pg.launchBrowser();
    session.page = session.browser.page;
    t.push(Date.now());
    await pg.openChat(session.page, session.playground.url);
    t.push(Date.now());
    // The page load installs the bot: installationUpdate and conversationUpdate must have been answered.
    await session.log.waitFor((e) => e.type === 'bot' && e.from === pg.PLAYGROUND_LABEL && e.activityName === 'installationUpdate', 15000);
    await session.log.waitFor((e) => e.type === 'bot' && e.from === pg.PLAYGROUND_LABEL && e.activityName === 'conversationUpdate', 15000);
    t.push(Date.now());
    if (process.env.E2E_DEBUG) this.say(`      (open: playground ${t[1] - t[0]} ms, browser ${t[2] - t[1]} ms, page ${t[3] - t[2]} ms, install ${t[4] - t[3]} ms)`);
    if (chat && chat !== 'Personal Chat') await pg.selectChat(session.page, chat);
    this.use(session);
    return session;
  }

  use(session) {
    this.page = session.page;
    this.log = session.log;
    this.playground = session.playground;
    return session;
  }

  /** Closes one session (the current one by default): browser, log stream, Playground. */
  async close(session = this.sessions[this.sessions.length - 1]) {
    if (!session || session.closed) return;
    session.closed = true;
    await session.browser?.close().catch(() => {});
    session.log?.close();
    await session.playground?.stop().catch(() => {});
  }

  // ------------------------------------------------------------------ talking to the bot

  /** Sends `text` in the current chat and waits for a bot message matching `match`; returns {message, text}. */
  async send(text, match, { timeoutMs = 15000, channel = false, mentionBot = false } = {}) {
    const after = await pg.sendMessage(this.page, text, { channel, mentionBot });
    const message = await pg.waitForBotReply(this.page, match, { after, timeoutMs, channel });
    await this.page.waitForTimeout(150); // let a card finish rendering
    return { message, text: flat(await message.innerText()), after };
  }

  /** The bot's HTTP answer to the message `text` the Playground sent, from the log stream; must be 2xx. */
  async botAnswered(text, { activityName = 'message', timeoutMs = 15000 } = {}) {
    const call = await this.log.waitFor(
      (e) => e.type === 'bot' && e.from === pg.PLAYGROUND_LABEL && e.activityName === activityName &&
        (text === undefined || flat(e.request?.body?.text).includes(text)),
      timeoutMs,
    );
    const status = call.response?.statusCode;
    if (!(status >= 200 && status < 300)) throw new Error(`the bot answered ${status} to ${activityName} "${text}": ${JSON.stringify(call.response?.body).slice(0, 300)}`);
    return call;
  }

  /** Every bot HTTP failure so far in every session's log stream (throws listing them). */
  assertNoBotErrors(opts) {
    for (const s of this.sessions) {
      try {
        s.log.assertNoBotErrors(opts);
      } catch (err) {
        throw new Error(`[${s.label} Playground] ${err.message}`);
      }
    }
  }

  /** The text of the bot messages in the current chat from index `after` on. */
  async botTexts(after = 0, { channel = false } = {}) {
    const msgs = pg.botMessages(this.page, { channel });
    const n = await msgs.count();
    const out = [];
    for (let i = after; i < n; i++) out.push(flat(await msgs.nth(i).innerText().catch(() => '')));
    return out;
  }

  // ------------------------------------------------------------------ the CLI and the database

  /** Runs `dfbot ARGS…` against the e2e database (same environment as the bot); resolves {stdout, stderr}. */
  cli(...args) {
    const started = Date.now();
    return new Promise((resolve, reject) => {
      execFile(this.env.dfbot, args, { env: this.env.cliEnv, timeout: 60000, maxBuffer: 10 * 1024 * 1024 }, (err, stdout, stderr) => {
        const call = { args, ms: Date.now() - started, code: err ? err.code ?? 1 : 0, stdout, stderr };
        this.cliCalls.push(call);
        fs.mkdirSync(path.join(this.artifacts, 'logs'), { recursive: true });
        fs.appendFileSync(path.join(this.artifacts, 'logs', `${this.journey.id}-cli.log`),
          `$ dfbot ${args.join(' ')}   (exit ${call.code}, ${call.ms} ms)\n${stdout}${stderr ? `--- stderr ---\n${stderr}` : ''}\n`);
        for (const line of String(stderr).split('\n')) {
          try {
            const rec = JSON.parse(line);
            if (['error', 'critical'].includes(String(rec.level).toLowerCase())) {
              this.cliErrors.push({ file: `dfbot ${args.join(' ')}`, at: rec.at, logger: rec.logger, msg: rec.msg, exc: rec.exc });
            }
          } catch {
            if (/Traceback \(most recent call last\)/.test(line)) this.cliErrors.push({ file: `dfbot ${args.join(' ')}`, msg: line });
          }
        }
        if (err) {
          reject(new Error(`dfbot ${args.join(' ')} failed (exit ${call.code}):\n${stdout}${stderr}`));
        } else resolve({ stdout, stderr });
      });
    });
  }

  /** Runs a short Python snippet with the project's interpreter against the e2e database; resolves stdout. */
  python(code) {
    return new Promise((resolve, reject) => {
      execFile(this.env.python, ['-c', code], { env: this.env.cliEnv, cwd: this.env.root, timeout: 60000 }, (err, stdout, stderr) => {
        if (err) reject(new Error(`python failed (exit ${err.code}):\n${stdout}${stderr}`));
        else resolve(stdout);
      });
    });
  }

  /** Rows of a read-only SQL query against the e2e database (SQLite), as JSON objects. */
  async sql(query, params = []) {
    const code = `
import json, os, sqlite3, sys
from sqlalchemy.engine import make_url
db = make_url(os.environ["DATABASE_URL"]).database
con = sqlite3.connect("file:" + db + "?mode=ro", uri=True)
con.row_factory = sqlite3.Row
rows = [dict(r) for r in con.execute(${JSON.stringify(query)}, json.loads(${JSON.stringify(JSON.stringify(params))}))]
print(json.dumps(rows, default=str))
`;
    return JSON.parse(await this.python(code));
  }

  // ------------------------------------------------------------------ evidence

  async shot(name, page = this.page) {
    if (!page) return null;
    const file = await pg.screenshot(page, this.artifacts, `${this.journey.id}-${name}`);
    return file;
  }
}

// ------------------------------------------------------------------ who the Playground's user is

const PEOPLE = {
  alex: ['user-id-0', 'Alex Wilber', 'alexw@example.com', '00000000-0000-0000-0000-0000000000020', 'Alex', 'Wilber', 'alexw@example.com'],
  megan: ['user-id-1', 'Megan Bowen', 'meganb@example.com', '00000000-0000-0000-0000-0000000000021', 'Megan', 'Bowen', 'meganb@example.com'],
  adele: ['user-id-2', 'Adele Vance', 'adelev@example.com', '00000000-0000-0000-0000-0000000000022', 'Adele', 'Vance', 'adelev@example.com'],
  isaiah: ['user-id-3', 'Isaiah Langer', 'isaiah@example.com', '00000000-0000-0000-0000-0000000000023', 'Isaiah', 'Langer', 'isaiahl@example.com'],
  patti: ['user-id-4', 'Patti Fernandez', 'pattif@example.com', '00000000-0000-0000-0000-0000000000024', 'Patti', 'Fernandez', 'pattif@example.com'],
  lynne: ['user-id-5', 'Lynne Robbins', 'lynner@example.com', '00000000-0000-0000-0000-0000000000025', 'Lynne', 'Robbins', 'lynner@example.com'],
};

function person([id, name, upn, aad, given, surname, email], indent) {
  return [`id: ${id}`, `name: ${name}`, `userPrincipleName: ${upn}`, `aadObjectId: ${aad}`, `givenName: ${given}`, `surname: ${surname}`, `email: ${email}`]
    .map((l, i) => (i === 0 ? indent : indent.replace('-', ' ')) + l)
    .join('\n');
}

/**
 * The Playground's configuration file (M365_AGENTS_PLAYGROUND_CONFIG_PATH) with `user` as the current
 * user: the Playground's built-in configuration (0.2.28) otherwise unchanged, the five other users kept.
 */
export function playgroundConfig(user) {
  const others = Object.keys(PEOPLE).filter((k) => k !== user);
  return [
    '# Generated by tests/e2e/journeys/lib.mjs: the Playground\'s built-in configuration with another current user.',
    'version: "0.1.1"',
    'tenantId: 00000000-0000-0000-0000-0000000000001',
    'bot:',
    '  id: 00000000-0000-0000-0000-00000000000011',
    '  name: Test Bot',
    'currentUser:',
    person(PEOPLE[user], '  '),
    'users:',
    ...others.map((k) => person(PEOPLE[k], '  - ')),
    'personalChat:',
    '  id: __PERSONAL_CHAT_ID__',
    'groupChat:',
    '  id: __GROUP_CHAT_ID__',
    '  name: Group Chat',
    'team:',
    '  id: team-id',
    '  name: My Team',
    '  aadGroupId: 00000000-0000-0000-0000-000000000031',
    '  channels:',
    '    - id: channel-announcements-id',
    '      name: Announcements',
    '',
  ].join('\n');
}

// ------------------------------------------------------------------ cards seen in a log stream

/**
 * Every Adaptive Card the bot sent the Playground in one log stream: activities the bot POSTed or PUT
 * to the mocked Bot Connector (replies, proactive prompts, card updates) and cards in its invoke
 * responses (Action.Execute, message extension results, unfurled links). Returns [{source, attachments}].
 */
export function cardsFromLog(log) {
  const out = [];
  for (const e of log.events) {
    if (e.type !== 'bot') continue;
    if (e.from === pg.BOT_APP_LABEL) {
      const activity = e.request?.body;
      const atts = (activity?.attachments || []).filter((a) => a && a.contentType === AC_TYPE);
      if (atts.length) out.push({ source: `bot sent ${e.activityName || 'activity'} to ${e.conversationId || '?'}`, attachments: atts });
    } else if (e.from === pg.PLAYGROUND_LABEL) {
      const body = e.response?.body;
      if (body && typeof body === 'object' && body.type === AC_TYPE && body.value && typeof body.value === 'object') {
        out.push({ source: `bot answered ${e.activityName} with a card`, attachments: [{ contentType: AC_TYPE, content: body.value }] });
      }
      const results = body?.composeExtension?.attachments; // message extension results, unfurled links
      const cards = Array.isArray(results) ? results.filter((a) => a && a.contentType === AC_TYPE && a.content) : [];
      if (cards.length) {
        const name = e.request?.body?.name || e.activityName;
        out.push({ source: `bot answered ${name} with ${cards.length} card(s)`, attachments: cards.map((a) => ({ contentType: AC_TYPE, content: a.content })) });
      }
    }
  }
  return out;
}

/** Writes each distinct card of `found` to dir/pg-<journey>-<nn>-<hash>.json; returns the file names. */
export function saveCards(found, dir, journeyId, seen = new Set()) {
  fs.mkdirSync(dir, { recursive: true });
  const files = [];
  let n = 0;
  for (const { source, attachments } of found) {
    for (const att of attachments) {
      const text = JSON.stringify(att.content);
      const hash = crypto.createHash('sha256').update(text).digest('hex').slice(0, 10);
      if (seen.has(hash)) continue;
      seen.add(hash);
      const file = path.join(dir, `pg-${journeyId}-${String(++n).padStart(2, '0')}-${hash}.json`);
      fs.writeFileSync(file, JSON.stringify({ source, journey: journeyId, attachments: [att] }, null, 2) + '\n');
      files.push(file);
    }
  }
  return files;
}

// ------------------------------------------------------------------ the bot's own log

/** Remembers where each log file ends, so a journey reads only what the bot logged during it. */
export function logMarks(files) {
  return files.map((f) => ({ file: f, offset: fs.existsSync(f) ? fs.statSync(f).size : 0 }));
}

/** Error and critical records the bot (JSON logs) wrote after the marks: [{file, at, logger, msg, exc}]. */
export function botLogErrors(marks) {
  const out = [];
  for (const { file, offset } of marks) {
    if (!fs.existsSync(file)) continue;
    const fd = fs.openSync(file, 'r');
    const size = fs.fstatSync(fd).size;
    const buf = Buffer.alloc(Math.max(0, size - offset));
    fs.readSync(fd, buf, 0, buf.length, offset);
    fs.closeSync(fd);
    for (const line of buf.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      let rec;
      try {
        rec = JSON.parse(line);
      } catch {
        if (/Traceback|\bERROR\b|CRITICAL/.test(line)) out.push({ file: path.basename(file), msg: line.slice(0, 500) });
        continue;
      }
      if (['error', 'critical'].includes(String(rec.level).toLowerCase())) {
        out.push({ file: path.basename(file), at: rec.at, logger: rec.logger, msg: rec.msg, exc: rec.exc });
      }
    }
  }
  return out;
}

/** One readable paragraph per error record: the message and the last lines of its traceback. */
export function describeLogErrors(errors) {
  return errors
    .map((e) => {
      const tail = e.exc ? String(e.exc).trim().split('\n').slice(-3).map((l) => `        ${l.trim()}`).join('\n') : '';
      return `  - ${e.file}: ${e.logger || ''} "${e.msg}"${tail ? `\n${tail}` : ''}`;
    })
    .join('\n');
}

// ------------------------------------------------------------------ cards in place

/**
 * Waits until the card inside `message` (a bot message Locator) shows text matching `match` — after an
 * Action.Execute the Playground replaces the card in place. Returns the card's flattened text.
 */
export async function waitForCardText(message, match, { timeoutMs = 15000, pollMs = 150 } = {}) {
  const test = typeof match === 'string' ? (t) => t.toLowerCase().includes(match.toLowerCase()) : (t) => match.test(t);
  const deadline = Date.now() + timeoutMs;
  let text = '';
  for (;;) {
    text = flat(await message.locator(pg.SELECTORS.card).last().innerText().catch(() => ''));
    if (test(text)) return text;
    if (Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, pollMs));
  }
  throw new Error(`the card never showed ${match} within ${timeoutMs} ms; it shows: ${JSON.stringify(text.slice(0, 600))}`);
}

/** Asserts an Action.Execute click was answered by the bot with a replacement card (HTTP 200 all the way). */
export function expectInvokeCard(sent, what = 'the button') {
  if (!sent || sent.kind !== 'invoke') throw new Error(`${what} did not send an Action.Execute invoke (sent: ${JSON.stringify(sent?.kind)})`);
  const body = sent.responseBody;
  if (sent.status !== 200) throw new Error(`${what}: the Playground answered ${sent.status}: ${JSON.stringify(body).slice(0, 400)}`);
  const type = body?.type || body?.body?.type;
  if (type && type !== AC_TYPE) throw new Error(`${what}: the bot answered ${type} instead of a card: ${JSON.stringify(body).slice(0, 400)}`);
  return body;
}

#!/usr/bin/env node
// Runs the end-to-end journeys, one after another, each in its own Agents Playground and Chromium.
// Started by tests/e2e/run.sh, which has already migrated and seeded a temporary database and started
// the bot on it. Usage:
//
//   node tests/e2e/journeys/run.mjs [JOURNEY-ID-PREFIX ...]     e.g. "j1" or "j3 j4"
//
// Environment (run.sh sets it): E2E_BOT_URL, E2E_DLG_BOT_URL (a second bot on the same database that
// posts digests to the Playground team's General channel), E2E_SEED (seed.json), E2E_BOT_LOGS
// (comma-separated log files of the bots), E2E_ARTIFACTS, E2E_DFBOT, E2E_PYTHON, OUTBOX_DIR,
// DATABASE_URL; E2E_JOURNEY_TIMEOUT (seconds, default 150); E2E_ALLOW_PENDING=1 to pass while a
// journey waits for its feature.
//
// Every journey: steps printed as they run; a screenshot; its Playground log streams saved as JSON
// lines; every Adaptive Card the bot sent saved under artifacts/cards/; and, after its own steps,
// two checks that the page cannot show: no 4xx/5xx from the bot in the Playground's log stream,
// and no error record in the bot's own log during the journey.
// Exit: 0 all passed; 1 a journey failed (or is pending without E2E_ALLOW_PENDING=1); 2 bad set-up.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { JourneyContext, botLogErrors, cardsFromLog, describeLogErrors, logMarks, saveCards } from './lib.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..', '..');

function env(name, fallback) {
  const v = process.env[name];
  if (v === undefined || v === '') {
    if (fallback !== undefined) return fallback;
    process.stderr.write(`journeys: ${name} is not set (run them through tests/e2e/run.sh)\n`);
    process.exit(2);
  }
  return v;
}

async function loadJourneys(filters) {
  const files = fs
    .readdirSync(HERE)
    .filter((f) => /^j\d+.*\.mjs$/.test(f))
    .sort((a, b) => Number(/^j(\d+)/.exec(a)[1]) - Number(/^j(\d+)/.exec(b)[1]));
  const journeys = [];
  for (const f of files) {
    // A journey that does not even load is reported as failed; the others still run.
    const id = f.replace(/\.mjs$/, '');
    try {
      const mod = await import(pathToFileURL(path.join(HERE, f)).href);
      const j = mod.default;
      if (!j || typeof j.run !== 'function' || !j.id) throw new Error('it does not export default {id, title, run}');
      journeys.push({ ...j, file: f });
    } catch (err) {
      journeys.push({ id, title: `(${f} does not load)`, file: f, loadError: `${f} does not load: ${String(err.stack || err).split('\n').slice(0, 3).join(' | ')}` });
    }
  }
  if (!filters.length) return journeys;
  const chosen = journeys.filter((j) => filters.some((p) => j.id === p || j.id.startsWith(`${p}-`) || j.id.startsWith(p)));
  if (!chosen.length) {
    process.stderr.write(`journeys: none matches ${filters.join(' ')}; known: ${journeys.map((j) => j.id).join(', ')}\n`);
    process.exit(2);
  }
  return chosen;
}

function missingFeatures(journey) {
  return (journey.needs || []).filter((n) => !fs.existsSync(path.join(ROOT, n.path)));
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not finish within ${Math.round(ms / 1000)} s`)), ms);
    }),
  ]);
}

async function main() {
  const filters = process.argv.slice(2);
  const artifacts = path.resolve(env('E2E_ARTIFACTS', path.join(ROOT, 'tests', 'e2e', 'artifacts')));
  const cardsDir = path.join(artifacts, 'cards');
  fs.mkdirSync(cardsDir, { recursive: true });
  for (const f of fs.readdirSync(cardsDir)) if (f.startsWith('pg-')) fs.rmSync(path.join(cardsDir, f));
  const seed = JSON.parse(fs.readFileSync(env('E2E_SEED'), 'utf8'));
  const botLogs = env('E2E_BOT_LOGS').split(',').filter(Boolean);
  const settings = {
    root: ROOT,
    botUrl: env('E2E_BOT_URL'),
    publicBaseUrl: env('E2E_PUBLIC_BASE_URL', ''),
    dlgBotUrl: process.env.E2E_DLG_BOT_URL || '', // the bot that posts digests itself (DIGEST_TRANSPORT=bot)
    dfbot: env('E2E_DFBOT', path.join(ROOT, '.venv', 'bin', 'dfbot')),
    python: env('E2E_PYTHON', path.join(ROOT, '.venv', 'bin', 'python')),
    outboxDir: env('OUTBOX_DIR'),
    cliEnv: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL || 'WARNING' },
  };
  const timeoutMs = Number(env('E2E_JOURNEY_TIMEOUT', '150')) * 1000;
  const allowPending = process.env.E2E_ALLOW_PENDING === '1';
  const journeys = await loadJourneys(filters);
  const results = [];
  const seenCards = new Set();
  const say = (line) => process.stdout.write(`${line}\n`);

  for (const journey of journeys) {
    const started = Date.now();
    say(`\n== ${journey.id}: ${journey.title}`);
    if (journey.loadError) {
      say(`    FAIL ${journey.loadError}`);
      results.push({ id: journey.id, title: journey.title, status: 'failed', problems: [journey.loadError], ms: 0 });
      continue;
    }
    const missing = missingFeatures(journey);
    if (missing.length) {
      const why = missing.map((m) => `${m.path} (${m.feature})`).join('; ');
      say(`    PENDING: waits for ${why}`);
      results.push({ id: journey.id, title: journey.title, status: 'pending', why, ms: 0 });
      continue;
    }
    const j = new JourneyContext({ journey, env: settings, seed, artifacts, log: say });
    const marks = logMarks(botLogs);
    const problems = [];
    try {
      if (journey.role) {
        const file = journey.role === 'lead' ? seed.files.plan_lead : seed.files.plan_member;
        await j.step(`${journey.role === 'lead' ? 'Alex Wilber leads ' + seed.lead_project : 'Alex Wilber leads nothing'} (dfbot plan import ${path.basename(file)})`, () => j.cli('plan', 'import', file));
      }
      await withTimeout(journey.run(j), timeoutMs, journey.id);
    } catch (err) {
      problems.push(`${err.step ? `step "${err.step}": ` : ''}${err.message}`);
      for (const s of j.sessions) {
        if (s.page && !s.closed) await j.shot(`FAILED-${s.label}`, s.page).then((f) => f && say(`    screenshot of the failure: ${path.relative(ROOT, f)}`)).catch(() => {});
      }
    }
    problems.push(...j.softFailures);
    // Checks the page cannot show: every session's log stream, and the bot's own log.
    try {
      // A journey may name Playground warnings it causes on purpose (its `expectedWarnings`, each a
      // RegExp): limits of the Playground, not failures of the bot.
      const expected = journey.expectedWarnings || [];
      j.assertNoBotErrors({ allow: (x) => typeof x.displayText === 'string' && expected.some((re) => re.test(x.displayText)) });
      if (!problems.length) say('    ok   no 4xx/5xx from the bot in the Playground log stream');
    } catch (err) {
      problems.push(err.message);
      say('    FAIL the Playground log stream shows the bot failing');
    }
    await new Promise((r) => setTimeout(r, 300)); // let the last log lines land
    const logErrors = botLogErrors(marks).concat(j.cliErrors);
    if (logErrors.length) {
      problems.push(`the bot (server or CLI) logged ${logErrors.length} error(s) during the journey:\n${describeLogErrors(logErrors)}`);
      say('    FAIL the bot logged errors');
    } else if (!problems.length) say('    ok   no error in the bot\'s own log');
    // Evidence: log streams, cards.
    let cardFiles = [];
    for (const s of j.sessions) {
      s.log?.save(path.join(artifacts, 'logs', `${journey.id}-${s.label}-log-stream.jsonl`));
      cardFiles = cardFiles.concat(saveCards(cardsFromLog(s.log), cardsDir, `${journey.id}-${s.label}`, seenCards));
    }
    for (const s of j.sessions) await j.close(s);
    const ms = Date.now() - started;
    if (problems.length) {
      say(`    => FAILED in ${(ms / 1000).toFixed(1)} s`);
      for (const p of problems) say(p.split('\n').map((l) => `       ${l}`).join('\n'));
    } else say(`    => passed in ${(ms / 1000).toFixed(1)} s (${cardFiles.length} new card(s) captured)`);
    results.push({ id: journey.id, title: journey.title, status: problems.length ? 'failed' : 'passed', problems, ms, steps: j.steps });
  }

  fs.writeFileSync(path.join(artifacts, 'journeys.json'), JSON.stringify(results, null, 2) + '\n');
  say('\nJourneys:');
  for (const r of results) {
    const tag = r.status === 'passed' ? 'PASS   ' : r.status === 'pending' ? 'PENDING' : 'FAIL   ';
    say(`  ${tag} ${r.id} — ${r.title}${r.status === 'pending' ? ` (waits for ${r.why})` : ''}${r.ms ? ` [${(r.ms / 1000).toFixed(1)} s]` : ''}`);
    if (r.status === 'failed') say(`          ${r.problems[0].split('\n')[0]}`);
  }
  const failed = results.filter((r) => r.status === 'failed').length;
  const pending = results.filter((r) => r.status === 'pending').length;
  if (pending && allowPending) say(`  (${pending} pending journey(s) allowed by E2E_ALLOW_PENDING=1)`);
  process.exit(failed || (pending && !allowPending) ? 1 : 0);
}

main().catch((err) => {
  process.stderr.write(`journeys: ${err && err.stack ? err.stack : err}\n`);
  process.exit(2);
});

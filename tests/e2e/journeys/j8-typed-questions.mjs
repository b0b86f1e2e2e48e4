// Journey 8: questions the way staff type them in Teams (issue 15) — a typo'd question with noise words,
// "red or amber", a rolling window ("in the past fortnight", and the answer says it is a rolling one),
// and a follow-up about a person ("what else is he on?") — each answered from the seeded plan and history.

import { expectText, flat } from './lib.mjs';
import * as pg from '../playground.mjs';

function answered(fragment) {
  const fn = (text) => flat(text).toLowerCase().includes(fragment.toLowerCase());
  Object.defineProperty(fn, 'name', { value: `reply containing ${JSON.stringify(fragment)}` });
  return fn;
}

const NOT_AN_ANSWER = ["I'm not sure what you're asking", "didn't understand", 'something went wrong'];

/** The London calendar date `days` before the seed's "now", as YYYY-MM-DD. */
function londonDaysBefore(nowIso, days) {
  const d = new Date(Date.parse(nowIso) - days * 86400000);
  return d.toLocaleDateString('en-CA', { timeZone: 'Europe/London' });
}

export default {
  id: 'j8-typed-questions',
  title: 'A member types like staff do: a typo, "red or amber", a rolling window, "what else is he on?"',
  role: 'member',
  needs: [{ path: 'programme/questions/noise.py', feature: 'issue 15: questions answered the way staff type them' }],
  async run(j) {
    const P = j.seed.projects;
    const entries = Object.entries(P);
    await j.step('open the personal chat', () => j.open());
    await pg.waitForBotReply(j.page, 'Welcome', { timeoutMs: 15000 });

    const eco2 = P['ECO-02'];
    const q1 = 'morning! whos runing the rural broadbnd project pls';
    await j.step(`a typo'd question with noise words: "${q1}"`, async () => {
      const { text } = await j.send(q1, answered('Led by'));
      expectText(text, {
        contains: [`${eco2.name} (ECO-02)`, `Led by ${eco2.lead}`],
        excludes: [...NOT_AN_ANSWER, 'morning', 'broadbnd'],
        what: `the answer to "${q1}"`,
      });
      await j.botAnswered(q1);
    });

    const q2 = 'which projects are red or amber?';
    await j.step(`a combination: "${q2}"`, async () => {
      const { text } = await j.send(q2, answered('Red or Amber projects'));
      const wanted = entries.filter(([, p]) => ['red', 'amber'].includes(p.latest?.rag));
      const others = entries.filter(([, p]) => !['red', 'amber'].includes(p.latest?.rag));
      if (wanted.length < 2 || others.length < 2) throw new Error('the seed should have red, amber and other projects');
      expectText(text, {
        contains: [`Red or Amber projects: ${wanted.length}`, ...wanted.map(([ref, p]) => `${p.name} (${ref})`)],
        excludes: [...others.map(([ref]) => `(${ref})`), ...NOT_AN_ANSWER],
        what: `the answer to "${q2}"`,
      });
      await j.botAnswered(q2);
    });

    const q3 = 'which projects have updated in the past fortnight?';
    await j.step(`a rolling window: "${q3}" (14 days back from now, said as a rolling window)`, async () => {
      const { text } = await j.send(q3, answered('sent an update'));
      const start = londonDaysBefore(j.seed.now, 14);
      const day = { 1: j.seed.last_period.updates_on, 2: j.seed.period_before.updates_on };
      const updated = entries.filter(([, p]) => p.latest && day[p.latest.period] >= start);
      const outside = entries.filter(([, p]) => !p.latest || day[p.latest.period] < start);
      expectText(text, {
        contains: ['rolling window', ...updated.map(([ref, p]) => `${p.name} (${ref})`)],
        excludes: [...outside.map(([ref]) => `(${ref})`), ...NOT_AN_ANSWER],
        what: `the answer to "${q3}"`,
      });
      await j.botAnswered(q3);
    });

    const cou1 = P['COU-01'];
    const q4 = `who runs ${cou1.name}?`;
    await j.step(`a person, then a follow-up about them: "${q4}"`, async () => {
      const { text } = await j.send(q4, answered('Led by'));
      expectText(text, { contains: [`Led by ${cou1.lead}`], excludes: NOT_AN_ANSWER, what: `the answer to "${q4}"` });
      await j.botAnswered(q4);
    });
    const q5 = 'what else is he on?';
    await j.step(`"${q5}" lists ${cou1.lead}'s other projects`, async () => {
      const { text } = await j.send(q5, answered(cou1.lead));
      const other = entries.filter(([ref, p]) => ref !== 'COU-01' && (p.lead === cou1.lead || p.deputy === cou1.lead));
      if (!other.length) throw new Error(`the seed should give ${cou1.lead} another project`);
      expectText(text, {
        contains: other.map(([ref, p]) => `${p.name} (${ref})`),
        excludes: ['(COU-01)', ...NOT_AN_ANSWER],
        what: `the answer to "${q5}"`,
      });
      await j.botAnswered(q5);
    });
    await j.shot('typed-questions');
  },
};

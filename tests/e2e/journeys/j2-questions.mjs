// Journey 2: a member asks five different questions in plain English in the personal chat — one
// project, projects by area, red projects, what changed, who leads — and each answer says what the
// seeded plan and history imply (and not what they do not). Then the same question @mentioning the
// bot in the team's General channel is answered in the post's thread.

import * as pg from '../playground.mjs';
import { expectText, flat } from './lib.mjs';

/** "17 November" for an ISO date (the bot reads UK dates). */
function ukDay(iso) {
  const d = new Date(`${iso}T12:00:00Z`);
  return `${d.getUTCDate()} ${d.toLocaleString('en-GB', { month: 'long', timeZone: 'UTC' })}`;
}

function ragWord(rag) {
  return rag ? rag[0].toUpperCase() + rag.slice(1) : 'Not reported';
}

/** A reply that is an answer, not the fallback for a question the bot did not understand. */
function answered(fragment) {
  const fn = (text) => flat(text).toLowerCase().includes(fragment.toLowerCase());
  Object.defineProperty(fn, 'name', { value: `reply containing ${JSON.stringify(fragment)}` });
  return fn;
}

const NOT_AN_ANSWER = ["didn't understand", 'something went wrong', "I'm not sure which"];

export default {
  id: 'j2-questions',
  title: 'A member asks five questions (project, area, red, changed, lead), then @mentions the bot in a channel',
  role: 'member',
  needs: [{ path: 'services/ask.py', feature: 'the question engine: services.ask.ask()' }],
  async run(j) {
    const P = j.seed.projects;
    const car1 = P['CAR-01'];
    const car2 = P['CAR-02'];
    const cou1 = P['COU-01'];
    const cou2 = P['COU-02'];
    const eco2 = P['ECO-02'];
    await j.step('open the personal chat', () => j.open());
    await pg.waitForBotReply(j.page, 'Welcome', { timeoutMs: 15000 });

    const q1 = `how is ${car1.name.toLowerCase()} doing?`;
    await j.step(`one project: "${q1}"`, async () => {
      const { text } = await j.send(q1, answered(car1.name));
      expectText(text, {
        contains: [`${car1.name} (CAR-01)`, `${ragWord(car1.latest.rag)}`, `${car1.latest.progress}%`, car1.lead, car1.latest.summary],
        excludes: NOT_AN_ANSWER,
        what: `the answer to "${q1}"`,
      });
      await j.botAnswered(q1);
    });

    const q2 = 'which projects are in digital care?';
    await j.step(`by area: "${q2}"`, async () => {
      const { text } = await j.send(q2, answered('Digital Care'));
      const inArea = Object.entries(P).filter(([, p]) => p.area === 'Digital Care');
      const elsewhere = Object.entries(P).filter(([, p]) => p.area !== 'Digital Care');
      expectText(text, {
        contains: inArea.map(([ref, p]) => `${p.name} (${ref})`),
        excludes: [...elsewhere.map(([ref]) => `(${ref})`), ...NOT_AN_ANSWER],
        what: `the answer to "${q2}"`,
      });
      await j.botAnswered(q2);
    });

    const q3 = 'which projects are red?';
    await j.step(`red projects: "${q3}"`, async () => {
      const { text } = await j.send(q3, answered('Red projects'));
      const red = Object.entries(P).filter(([, p]) => p.latest?.rag === 'red');
      const notRed = Object.entries(P).filter(([, p]) => p.latest?.rag !== 'red');
      if (red.length !== 2) throw new Error(`the seed should have two red projects, has ${red.length}`);
      expectText(text, {
        contains: [`Red projects: ${red.length}`, ...red.map(([ref, p]) => `${p.name} (${ref})`)],
        excludes: [...notRed.map(([ref]) => `(${ref})`), ...NOT_AN_ANSWER],
        what: `the answer to "${q3}"`,
      });
      await j.botAnswered(q3);
    });

    const since = ukDay(j.seed.last_period.updates_on);
    const q4 = `what has changed since ${since}?`;
    await j.step(`what changed: "${q4}"`, async () => {
      const { text } = await j.send(q4, answered('What changed since'));
      const moved = Object.entries(P).filter(([, p]) => p.latest && p.latest.period === 1);
      expectText(text, {
        contains: [
          `What changed since`,
          since,
          ...moved.map(([ref, p]) => `${p.name} (${ref})`),
          `${cou1.name} (COU-01): Amber → Red`, // went red in the last period
          `${car1.name} (CAR-01): first update`,
        ],
        // Smart working was last updated the period before; rural broadband never.
        excludes: ['(COU-02)', '(ECO-02)', cou2.name, eco2.name, ...NOT_AN_ANSWER],
        what: `the answer to "${q4}"`,
      });
      await j.botAnswered(q4);
    });

    const q5 = `who leads the ${cou1.name}?`;
    await j.step(`who leads: "${q5}"`, async () => {
      const { text } = await j.send(q5, answered('Led by'));
      expectText(text, {
        contains: [`${cou1.name} (COU-01)`, `Led by ${cou1.lead}`, `Deputy: ${cou1.deputy}`],
        excludes: [car1.lead, car2.lead, ...NOT_AN_ANSWER],
        what: `the answer to "${q5}"`,
      });
      await j.botAnswered(q5);
    });
    await j.shot('personal-chat');

    const q6 = `who leads ${car1.name.toLowerCase()}?`;
    await j.step('open the team\'s General channel (the bot says hello once, as a short post)', async () => {
      await pg.selectChat(j.page, 'General');
      // (A top-level bot post's locator holds only its header, so the hello is read from the log stream.)
      await j.log.waitFor((e) => e.type === 'bot' && e.from === pg.BOT_APP_LABEL && String(e.conversationId || '').startsWith('team-id') &&
        flat(e.request?.body?.text).includes("I'm the Digital First bot"), 15000);
      await pg.waitForBotReply(j.page, undefined, { channel: true, timeoutMs: 15000 });
      await j.page.waitForTimeout(300);
    });
    await j.step(`@mention the bot in a new post: "@Test Bot ${q6}"`, async () => {
      // Matched by content, not by position: a thread reply sits inside its post, above later posts.
      await pg.postInChannel(j.page, q6);
      const reply = await pg.waitForBotReply(j.page, answered(`Led by ${car1.lead}`), { channel: true, timeoutMs: 15000 });
      expectText(await reply.innerText(), {
        contains: [`${car1.name} (CAR-01)`, `Led by ${car1.lead}`, `Deputy: ${car1.deputy}`],
        excludes: NOT_AN_ANSWER,
        what: 'the answer in the channel thread',
      });
      const call = await j.botAnswered(q6);
      const activity = call.request.body;
      if (activity.conversation?.conversationType !== 'channel') throw new Error(`the question did not arrive as a channel message: ${JSON.stringify(activity.conversation)}`);
      if (!(activity.entities || []).some((e) => e.type === 'mention')) throw new Error('the channel message carried no @mention entity');
    });
    await j.page.waitForTimeout(300);
    await j.shot('channel');
  },
};

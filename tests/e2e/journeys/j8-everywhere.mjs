// Journey 8: everywhere in Teams. In a group chat (no @mention, no chat with the bot), Alex finds a
// project from the compose box's message extension by a misspelt alias and inserts its status card;
// then pastes a dashboard link, which unfolds into the project's card, and the dashboard's own link,
// which unfolds into the programme at a glance. Cards are the public staff view (no risks, no
// blockers). Through the Playground's invoke API (its page cannot send these): a link that is not
// ours and another app's command are empty results with 200, and an anonymous unfurl shows only name,
// ref, RAG and a link. `composeExtension/selectItem` cannot be sent by the Playground: proven over
// HTTP in tests/test_message_extension.py.

import * as pg from '../playground.mjs';
import * as me from '../message_extension.mjs';
import { expectText, flat } from './lib.mjs';

const COMMAND = 'findProject';
const PARAMETER = 'project';
const RAG_WORDS = { green: 'Green', amber: 'Amber', red: 'Red' };

export default {
  id: 'j8-everywhere',
  title: 'Everywhere in Teams: find a project from the compose box, unfurl dashboard links',
  role: 'member',
  needs: [{ path: 'bot/extension.py', feature: 'the message extension and link unfurling' }],
  // Teams requires a `preview` on an unfurled link's result; the Playground warns it cannot show one.
  expectedWarnings: [me.UNFURL_PREVIEW_WARNING],
  async run(j) {
    const { projects } = j.seed;
    const base = j.env.publicBaseUrl || `http://localhost:${new URL(j.env.botUrl).port}`;
    const found = projects['CAR-02']; // aliases "assistive tech", "telecare"
    const linked = projects['CAR-01'];
    const rag = (p) => (p.latest ? RAG_WORDS[p.latest.rag] : 'Not reported');

    await j.step('open the Playground and go to the group chat', () => j.open({ chat: 'Group Chat' }));

    const result = await j.step('search the message extension for "telecre" (the alias is "telecare")', () =>
      me.searchMessageExtension(j.page, 'telecre', { commandId: COMMAND, parameterName: PARAMETER, expect: `${found.name} (CAR-02)` }),
    );
    await j.step('the result shows RAG as a word, the lead and the last update', async () => {
      const item = flat(await result.locator('xpath=..').innerText());
      expectText(item, { contains: [rag(found), `Lead: ${found.lead}`, 'Updated'], what: 'the search result' });
      const call = await j.log.waitFor((e) => e.type === 'bot' && e.request?.body?.name === 'composeExtension/query' &&
        e.request.body.value?.parameters?.[0]?.value === 'telecre');
      if (call.response?.statusCode !== 200) throw new Error(`the bot answered the query ${call.response?.statusCode}`);
      const first = call.response.body?.composeExtension?.attachments?.[0];
      if (!first?.preview?.content?.title?.includes('(CAR-02)')) throw new Error(`CAR-02 is not the first result: ${JSON.stringify(first?.preview).slice(0, 300)}`);
    });
    await j.shot('search-result');

    await j.step('choose it and send: the status card is in the chat', async () => {
      await result.click();
      await j.page.getByRole('button', { name: 'Send Message' }).click();
      await me.cardInChat(j.page, found.name).waitFor({ state: 'visible', timeout: 15000 });
    });
    await j.step('the inserted card: RAG, progress, lead, summary, buttons; no risks or blockers', async () => {
      const text = flat(await me.cardInChat(j.page, found.name).innerText());
      expectText(text, {
        contains: [found.name, 'CAR-02', rag(found), `${found.latest.progress}% complete`, 'Lead', found.lead,
          found.latest.summary, 'Open in dashboard', 'Ask the bot'],
        excludes: ['Sensor stock', 'Sensors on back order', 'not updated'],
        what: 'the inserted status card',
      });
    });
    await j.shot('card-inserted');

    const dialog = await j.step(`paste ${base}/dashboard/projects/CAR-01: it unfolds into the project's card`, () =>
      me.unfurlLink(j.page, `${base}/dashboard/projects/CAR-01`),
    );
    await j.step('the unfurled card shows the project, its RAG and lead', async () => {
      expectText(flat(await dialog.innerText()), {
        contains: [linked.name, 'CAR-01', rag(linked), linked.lead, 'Open in dashboard'],
        what: 'the unfurled card',
      });
    });
    await j.shot('link-unfurled');
    await j.step('send it to the conversation', async () => {
      await dialog.getByRole('button', { name: 'Send to Conversation' }).click();
      await me.cardInChat(j.page, linked.name).waitFor({ state: 'visible', timeout: 15000 });
    });

    const portfolio = await j.step(`paste ${base}/dashboard: it unfolds into the programme at a glance`, () => me.unfurlLink(j.page, `${base}/dashboard`));
    await j.step('the programme card counts the active projects by latest RAG', async () => {
      const count = Object.keys(projects).length;
      const by = { Red: 0, Amber: 0, Green: 0, 'Not reported': 0 };
      for (const p of Object.values(projects)) by[rag(p)] += 1;
      const contains = ['Digital First programme', `${count} active projects`];
      for (const [word, n] of Object.entries(by)) contains.push(`${word} ${n}`);
      expectText(flat(await portfolio.innerText()), { contains, what: 'the programme card' });
      await portfolio.getByRole('button', { name: 'Cancel' }).click();
    });

    const cfg = await pg.playgroundConfig(j.playground.url);
    const where = { userId: cfg.currentUser.id, conversationId: cfg.groupChats[0].id };
    const send = async (name, value) => {
      const answer = await me.invokeThroughPlayground(j.playground.url, { name, value, ...where });
      if (answer.status !== 200) throw new Error(`the Playground answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 300)}`);
      return answer.body?.composeExtension;
    };
    await j.step('a link that is not ours is an empty result with 200 (through the Playground\'s invoke API)', async () => {
      const answer = await send('composeExtension/queryLink', { url: 'https://www.example.org/dashboard/projects/CAR-01' });
      if (answer?.type !== 'result' || answer.attachments?.length !== 0) throw new Error(`expected an empty result, got ${JSON.stringify(answer)}`);
    });
    await j.step('another app\'s command and parameter are an empty result with 200', async () => {
      const answer = await send('composeExtension/query', { commandId: 'searchCmd', parameters: [{ name: 'searchKeywords', value: 'Toronto' }], queryOptions: { skip: 0, count: 25 } });
      if (answer?.type !== 'result' || answer.attachments?.length !== 0) throw new Error(`expected an empty result, got ${JSON.stringify(answer)}`);
    });
    await j.step('an anonymous unfurl shows only name, ref, RAG and a link', async () => {
      const answer = await send('composeExtension/anonymousQueryLink', { url: `${base}/dashboard/projects/CAR-02` });
      const card = answer?.attachments?.[0]?.content;
      const text = JSON.stringify(card);
      expectText(text, { contains: [found.name, 'CAR-02', rag(found), 'Open in dashboard'], excludes: [found.lead, found.latest.summary, '% complete'], what: 'the anonymous card' });
    });
    await j.shot('end');
  },
};

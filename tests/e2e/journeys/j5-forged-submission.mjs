// Journey 5: card data is a claim, not a permission. Alex leads CIT-02 only; he takes the real update
// card the bot sent him, puts another project's ref (CAR-01) in its data and sends it twice — as the
// Action.Execute invoke Teams sends, and as the Action.Submit fallback (a message with a value) —
// through the Playground's "Mock an Activity" API. Both are refused with a clear sentence, nothing is
// stored for CAR-01, and the bot never answers 4xx/5xx. A card for a project that does not exist is
// refused the same way.

import * as pg from '../playground.mjs';
import { AC_TYPE, cardWith, expectText, flat } from './lib.mjs';

const COUNT = `SELECT count(*) AS n FROM status_updates u JOIN projects p ON p.id = u.project_id WHERE p.ref = ?`;

export default {
  id: 'j5-forged-submission',
  title: 'A forged submission (another project\'s ref in the card data) is refused',
  role: 'lead',
  needs: [{ path: 'bot/updates.py', feature: 'update cycles: the update card and its actions' }],
  async run(j) {
    const own = j.seed.lead_project;
    const other = j.seed.other_project;
    const victim = j.seed.projects[other];
    await j.step('a cycle is open', () => j.cli('cycle', 'open', '--no-send'));
    const [{ n: before }] = await j.sql(COUNT, [other]);

    await j.step('open the personal chat', () => j.open());
    await pg.waitForBotReply(j.page, cardWith('Welcome to the Digital First bot'), { timeoutMs: 15000 });
    await j.step(`"update" brings Alex's real card for ${own}`, () => j.send('update', cardWith(`(${own})`)));

    // The real card and the real "update" message, from the log stream: the forgeries reuse them.
    const card = j.log
      .botSends()
      .flatMap((s) => s.activity?.attachments || [])
      .filter((a) => a.contentType === AC_TYPE)
      .map((a) => a.content)
      .reverse()
      .find((c) => JSON.stringify(c).includes('update.submit'));
    const submit = card?.actions?.find((a) => a.verb === 'update.submit');
    if (!submit) throw new Error('the update card with an "update.submit" action is not in the log stream');
    if (submit.data.project !== own) throw new Error(`the real card claims ${submit.data.project}, expected ${own}`);
    const message = j.log.botCalls().reverse().find((c) => c.activityName === 'message' && flat(c.text) === 'update')?.activity;
    if (!message) throw new Error('the "update" message is not in the log stream');

    const inputs = { rag: 'green', rag_reason: '', progress_pct: '99', summary: `Forged: ${victim.name} is finished.`, asks_of_dlg: '' };
    const forgedData = { ...submit.data, project: other, ...inputs };
    const base = {
      channelId: message.channelId,
      serviceUrl: message.serviceUrl,
      from: message.from,
      recipient: message.recipient,
      conversation: message.conversation,
      channelData: message.channelData,
      locale: message.locale,
    };
    const refusal = new RegExp(`Only the leads, deputies or a delegate of ${victim.name} \\(${other}\\)`);

    await j.step(`a forged Action.Execute (invoke) claiming ${other} is refused`, async () => {
      const mark = j.log.events.length;
      await pg.sendCustomActivity(j.playground.url, {
        ...base,
        type: 'invoke',
        name: 'adaptiveCard/action',
        id: `forged-invoke-${Date.now()}`,
        value: { action: { type: 'Action.Execute', title: 'Submit update', verb: 'update.submit', data: forgedData } },
      });
      const call = await j.log.waitFor((e, i) => e.type === 'bot' && e.from === pg.PLAYGROUND_LABEL && e.activityName === 'invoke' && j.log.events.indexOf(e) >= mark, 15000);
      const status = call.response?.statusCode;
      const body = call.response?.body;
      if (!(status >= 200 && status < 300)) throw new Error(`the bot answered HTTP ${status}: ${JSON.stringify(body)}`);
      const text = typeof body?.value === 'string' ? body.value : body?.value?.message || JSON.stringify(body);
      expectText(text, { contains: [refusal, 'Nothing was saved'], excludes: ['Update saved'], what: 'the answer to the forged invoke' });
      if (body?.type === AC_TYPE && JSON.stringify(body.value).includes('Update saved')) throw new Error('the bot answered the forged invoke with a saved-update card');
    });

    await j.step(`a forged Action.Submit (message with a value) claiming ${other} is refused in the chat`, async () => {
      const after = await pg.botMessages(j.page).count();
      await pg.sendCustomActivity(j.playground.url, {
        ...base,
        type: 'message',
        id: `forged-submit-${Date.now()}`,
        text: '',
        value: forgedData,
      });
      const reply = await pg.waitForBotReply(j.page, (t) => refusal.test(flat(t)), { after, timeoutMs: 15000 });
      expectText(await reply.innerText(), { contains: ['Nothing was saved'], excludes: ['Update saved'], what: 'the reply to the forged submit' });
    });

    await j.step('a card for a project that does not exist is refused too', async () => {
      const after = await pg.botMessages(j.page).count();
      await pg.sendCustomActivity(j.playground.url, { ...base, type: 'message', id: `forged-unknown-${Date.now()}`, text: '', value: { ...forgedData, project: 'ZZZ-99' } });
      const reply = await pg.waitForBotReply(j.page, (t) => /don.t know|doesn.t exist|no longer exists|Nothing was saved/i.test(flat(t)), { after, timeoutMs: 15000 });
      expectText(await reply.innerText(), { excludes: ['Update saved', 'something went wrong'], what: 'the reply to a card for ZZZ-99' });
    });
    await j.shot('refused');

    await j.step(`nothing was stored for ${other}`, async () => {
      const [{ n: after }] = await j.sql(COUNT, [other]);
      if (after !== before) throw new Error(`${other} had ${before} updates before the forgeries and has ${after} now`);
      const forged = await j.sql(`SELECT count(*) AS n FROM status_updates WHERE summary LIKE 'Forged:%'`);
      if (forged[0].n) throw new Error(`${forged[0].n} forged update(s) were stored`);
    });
  },
};

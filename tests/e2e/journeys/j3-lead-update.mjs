// Journey 3: a project lead gets the prompt card when a cycle opens (`dfbot cycle open` on the same
// database while the bot serves: the CLI sends the prompt through the Bot Connector to the chat the
// lead installed), fills it in — Amber with a reason, a risk, an ask of the DLG — submits, sees the
// summary card, edits it; asking "what is the status of <project>?" then shows the edit.

import * as pg from '../playground.mjs';
import { cardWith, expectInvokeCard, expectText, waitForCardText } from './lib.mjs';

export default {
  id: 'j3-lead-update',
  title: 'A lead gets the prompt when a cycle opens, submits Amber with a risk and an ask, edits it, asks about it',
  role: 'lead',
  needs: [
    { path: 'bot/updates.py', feature: 'update cycles: the update card and its actions' },
    { path: 'services/ask.py', feature: 'the question engine (the last step asks about the project)' },
  ],
  async run(j) {
    const ref = j.seed.lead_project;
    const project = j.seed.projects[ref];
    const title = `Status update: ${project.name} (${ref})`;
    const reason = 'Donated devices ran out in week two of the pilot';
    const risk = 'Not enough refurbished laptops for the spring sessions';
    const ask = 'Agree £20,000 for 200 refurbished laptops';
    const summary = 'Pilot running in two libraries; demand is higher than the devices we have.';
    const edited = 'Pilot extended to a third library; a laptop supplier has been found.';

    await j.step('open the personal chat (the lead installs the bot)', () => j.open());
    await j.step('the welcome card tells a lead they will be prompted', async () => {
      const w = await pg.waitForBotReply(j.page, cardWith('Welcome to the Digital First bot'), { timeoutMs: 15000 });
      expectText(await w.innerText(), { contains: ['You lead a project'], what: 'the welcome card' });
    });

    const mark = await pg.botMessages(j.page).count();
    const opened = await j.step('an admin opens a cycle: dfbot cycle open', () => j.cli('cycle', 'open'));
    await j.check('the CLI opened a cycle and reports the prompt as sent', async () => {
      expectText(opened.stdout, { contains: [/Opened cycle \S+/, /[1-9]\d* sent/], what: 'the output of dfbot cycle open' });
    });
    const prompt = await j.step('the prompt card arrives in the lead\'s chat', () =>
      pg.waitForBotReply(j.page, cardWith(title), { after: mark, timeoutMs: 20000 }),
    );
    await j.step('the prompt is the update form, prefilled from the last update', async () => {
      expectText(await prompt.innerText(), {
        contains: [title, 'Due', 'RAG status', 'Summary', 'Asks of the DLG', `Prefilled from the update of`, `by ${project.lead}`, 'Submit update', 'No change since last update'],
        what: 'the prompt card',
      });
      const card = await pg.lastCard(prompt);
      const value = await (await pg.inputByLabel(card, 'Summary')).inputValue();
      if (value !== project.latest.summary) throw new Error(`the prompt's Summary holds ${JSON.stringify(value)}, expected the last update's ${JSON.stringify(project.latest.summary)}`);
    });
    await j.shot('prompt');

    let card = await pg.lastCard(prompt);
    await j.step('fill it in: Amber with a reason, a risk, an ask of the DLG', async () => {
      await pg.fillInputByLabel(card, 'RAG status', 'Amber: at risk, being managed');
      await pg.fillInputByLabel(card, 'Why Amber or Red? (needed unless Green)', reason);
      await pg.fillInputByLabel(card, 'Progress (% complete)', 40);
      await pg.fillInputByLabel(card, 'Summary', summary);
      await pg.fillInputByLabel(card, 'Risk 1', risk);
      await pg.fillInputByLabel(card, 'Asks of the DLG (a decision or support needed)', ask);
    });
    await j.shot('filled');
    const submitted = await j.step('press "Submit update"', () => pg.clickAction(card, 'Submit update'));
    await j.step('the bot answers the invoke with the summary card, in place', async () => {
      expectInvokeCard(submitted, '"Submit update"');
      const text = await waitForCardText(prompt, `Update saved: ${project.name}`);
      expectText(text, { contains: ['RAG Amber', reason, 'Progress 40%', 'Version 1', summary, risk, 'Asks of the DLG', ask, 'Edit'], what: 'the summary card' });
    });
    await j.step('the update is stored once, as version 1 of this cycle, by Alex Wilber', async () => {
      const rows = await j.sql(
        `SELECT u.version, u.rag, u.progress_pct, u.summary, u.asks_of_dlg, u.submitted_by_name, c.period_key
           FROM status_updates u JOIN projects p ON p.id = u.project_id JOIN update_cycles c ON c.id = u.cycle_id
          WHERE p.ref = ? AND c.status = 'open' ORDER BY u.version`,
        [ref],
      );
      if (rows.length !== 1) throw new Error(`expected one stored update in the open cycle, found ${JSON.stringify(rows)}`);
      const [u] = rows;
      if (u.rag !== 'amber' || u.progress_pct !== 40 || u.summary !== summary || u.asks_of_dlg !== ask || u.submitted_by_name !== 'Alex Wilber') {
        throw new Error(`stored update is wrong: ${JSON.stringify(u)}`);
      }
    });
    await j.shot('summary');

    card = await pg.lastCard(prompt);
    const edit = await j.step('press "Edit" on the summary card', () => pg.clickAction(card, 'Edit'));
    await j.step('the form comes back, prefilled with what was just saved', async () => {
      expectInvokeCard(edit, '"Edit"');
      const text = await waitForCardText(prompt, title);
      expectText(text, { contains: ['RAG status', 'Summary'], what: 'the edit form' });
      card = await pg.lastCard(prompt);
      const value = await (await pg.inputByLabel(card, 'Summary')).inputValue();
      if (value !== summary) throw new Error(`the edit form's Summary holds ${JSON.stringify(value)}, expected ${JSON.stringify(summary)}`);
    });
    await j.step('change the summary and submit again', async () => {
      await pg.fillInputByLabel(card, 'Summary', edited);
      await pg.fillInputByLabel(card, 'Progress (% complete)', 45);
      expectInvokeCard(await pg.clickAction(card, 'Submit update'), 'the second "Submit update"');
      const text = await waitForCardText(prompt, 'Version 2');
      expectText(text, { contains: [`Update saved: ${project.name}`, edited, 'RAG Amber', 'Progress 45%', risk, ask], excludes: [summary], what: 'the summary card after the edit' });
    });
    await j.shot('edited');

    const q = `what is the status of ${project.name.toLowerCase()}?`;
    await j.step(`"${q}" shows the edit`, async () => {
      const { text } = await j.send(q, (t) => t.includes(`${project.name} (${ref})`));
      expectText(text, { contains: ['Amber', '45%', edited, 'Alex Wilber'], excludes: [summary, project.latest.summary], what: `the answer to "${q}"` });
      await j.botAnswered(q);
    });
    await j.shot('asked');
  },
};

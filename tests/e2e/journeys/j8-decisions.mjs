// The DLG's decisions close the loop, in the Playground. It has one user, Alex Wilber, who plays each part
// in turn (his programme roles are switched in the database between the parts, as an admin would in Teams):
//   the admin previews this cycle's digest (two asks: "None" is not one) and posts it to the team's
//   General channel (a second bot with DIGEST_TRANSPORT=bot, DLG_TEAM_ID=team-id);
//   as a plain member, "Record decisions" on the channel card is refused with a sentence and nothing changes;
//   a DLG member presses "Record decisions" on the channel card (his view replaces the card for him), then
//   "Record decision" on the first ask, "Approved" with a note, "Save decision": the decision is recorded
//   from the channel, and the card in the channel shows it (the bot edits its message);
//   the lead (Alex leads CIT-02) finds the decision in his 1:1 chat, and "which asks are still open?"
//   lists the other ask.
// Teams would give the DLG member his view by itself (Universal Actions' `refresh`); the Playground never runs
// a refresh (it only logs "User specific view is not supported yet"), which is why the card as posted carries
// "Record decisions": the same view, asked for by pressing (cards/agenda.py `decide_action`). The refresh
// itself is tested over HTTP with Teams-shaped invokes in tests/test_decisions.py.

import * as pg from '../playground.mjs';
import { cardWith, expectInvokeCard, expectText, flat, waitForCardText } from './lib.mjs';

const ASKS = ['Approve the £15k for tablets in two libraries', 'Agree to extend the pilot to Ashby and Wells'];

async function roles(j, { admin = false, dlg = false }) {
  await j.python(`
import asyncio, os
from sqlalchemy import delete, select
from store.db import Database
from store.models import Person, StaffRole
async def main():
    db = Database(os.environ["DATABASE_URL"])
    async with db.unit_of_work() as s:
        alex = (await s.execute(select(Person).where(Person.email == "alexw@example.com"))).scalar_one()
        await s.execute(delete(StaffRole).where(StaffRole.person_id == alex.id))
        for role, on in (("admin", ${admin ? 'True' : 'False'}), ("dlg", ${dlg ? 'True' : 'False'})):
            if on:
                s.add(StaffRole(person_id=alex.id, role=role))
    await db.dispose()
asyncio.run(main())
`);
}

/** The bot's post in the channel that holds the digest: the nearest block around the digest card that carries
 * the bot's avatar (its card may since have been replaced in place, so the block is found once, by index). */
async function channelMessage(page, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs;
  const posts = page.locator(pg.SELECTORS.card).locator(`xpath=ancestor::div[.//span[@role="img" and @aria-label="${pg.DEFAULT_BOT_NAME}"]][1]`);
  for (;;) {
    const n = await posts.count();
    for (let i = n - 1; i >= 0; i--) {
      const text = flat(await posts.nth(i).innerText().catch(() => ''));
      if (text.includes('Asks needing a decision') || text.includes("Record the DLG's decision")) return posts.nth(i);
    }
    if (Date.now() > deadline) throw new Error('no bot post with the digest card in the channel');
    await page.waitForTimeout(250);
  }
}

/** The digest card posted in the channel (a root post: find the card itself), once its text passes `test`. */
async function channelDigest(page, test, what, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs;
  let seen = '';
  for (;;) {
    const cards = page.locator(pg.SELECTORS.card);
    const n = await cards.count();
    for (let i = 0; i < n; i++) {
      const text = flat(await cards.nth(i).innerText().catch(() => ''));
      if (!text.includes('Asks needing a decision')) continue;
      seen = text;
      if (test(text)) return text;
    }
    if (Date.now() > deadline) throw new Error(`${what}: not seen within ${timeoutMs} ms; the digest card read: ${JSON.stringify(seen.slice(0, 800))}`);
    await page.waitForTimeout(250);
  }
}

export default {
  id: 'j8-decisions',
  title: 'An admin posts the digest to the channel; a DLG member records a decision; the channel card and the lead hear it',
  role: 'lead',
  needs: [{ path: 'bot/decisions.py', feature: "the DLG's decisions in Teams" }],
  async run(j) {
    const dlgBot = j.env.dlgBotUrl;
    if (!dlgBot) throw new Error('E2E_DLG_BOT_URL is not set: run the journeys through tests/e2e/run.sh');
    const P = j.seed.projects;
    const lead = j.seed.lead_project;

    await j.step('a cycle is open (journeys share one database and one period: no digest or ask from before)', async () => {
      await j.cli('cycle', 'open', '--no-send');
      await j.python(`
import sqlite3, os
from sqlalchemy.engine import make_url
con = sqlite3.connect(make_url(os.environ["DATABASE_URL"]).database)
con.execute("PRAGMA foreign_keys=ON")
con.execute("DELETE FROM digests")
con.execute("DELETE FROM asks")
con.commit()
`);
    });

    // The lead.
    await roles(j, {});
    await j.step('Alex opens the Playground against the DLG bot; the bot is added to the team (General)', async () => {
      await j.open({ user: 'alex', label: 'alex', bot: dlgBot });
      await pg.selectChat(j.page, 'General');
      await j.log.waitFor((e) => e.type === 'bot' && e.from === pg.PLAYGROUND_LABEL && e.conversationId === 'team-id', 15000);
      await pg.selectChat(j.page, 'Personal Chat');
    });
    await j.step(`Alex (the lead of ${lead}) sends his update: two asks of the DLG, and "None"`, async () => {
      const { message } = await j.send('update', cardWith('Submit update'));
      const card = await pg.lastCard(message);
      await pg.fillInputByLabel(card, 'RAG status', 'Amber: at risk, being managed');
      await pg.fillInputByLabel(card, 'Why Amber or Red? (needed unless Green)', 'Tablets are late');
      await pg.fillInputByLabel(card, 'Summary', 'Pilot libraries chosen; tablets late.');
      await pg.fillInputByLabel(card, 'Asks of the DLG (a decision or support needed)', `${ASKS[0]}\nNone\n${ASKS[1]}`);
      expectInvokeCard(await pg.clickAction(card, 'Submit update'), '"Submit update"');
      await waitForCardText(message, 'Update saved');
    });

    // The admin.
    await roles(j, { admin: true });
    const preview = await j.step('"digest preview": two asks on the agenda, oldest first, each with "Record decision"', async () => {
      const { message, text } = await j.send('digest preview', cardWith('Status:'));
      expectText(text, { contains: [/Asks needing a decision \(\d+\)/, ...ASKS, 'Record decision', 'Approve and post'],
                         excludes: ['None this'], what: 'the admin\'s preview' });
      return message;
    });
    const postedId = await j.step('"Approve and post": the bot posts the digest in the General channel', async () => {
      const card = preview.locator(pg.SELECTORS.card).first();
      expectInvokeCard(await pg.clickAction(card, 'Approve and post'), '"Approve and post"');
      const post = await j.log.waitFor((e) => e.type === 'bot' && e.from === pg.BOT_APP_LABEL && e.conversationId?.startsWith('team-id') &&
        (e.request?.body?.attachments || []).length > 0, 20000);
      return post?.response?.body?.id || post?.messageId;
    });
    await j.shot('admin-posted');

    // A plain member presses "Record decisions" in the channel: told why not, nothing changes.
    await roles(j, {});
    await j.step('in the channel the digest reads as an agenda: "Record decisions" on the card, no "Record decision" on an ask', async () => {
      await pg.selectChat(j.page, 'General');
      const text = await channelDigest(j.page, (t) => ASKS.every((a) => t.includes(a)), 'the digest in the channel');
      expectText(text, { contains: [...ASKS, 'Record decisions'], excludes: [/Record decision(?!s)/], what: 'the channel card' });
    });
    await j.shot('channel-before');
    await j.step('Alex (not in the DLG) presses "Record decisions": told why not, the card stays as it is', async () => {
      const message = await channelMessage(j.page);
      const sent = await pg.clickAction(await pg.lastCard(message), 'Record decisions');
      if (sent.kind !== 'invoke' || sent.status !== 200) throw new Error(`the press was answered ${sent.status} (${sent.kind})`);
      const notice = await pg.cardNotice(message, { timeoutMs: 10000 });
      expectText(notice || '', { contains: ["Only DLG members and programme office admins can record the DLG's decisions"],
                                 what: 'the notice under the card' });
      const text = await channelDigest(j.page, () => true, 'the digest in the channel');
      expectText(text, { contains: ['Record decisions'], excludes: [/Record decision(?!s)/], what: 'the channel card after the refusal' });
      const stored = await j.sql('SELECT count(*) AS n FROM ask_decisions');
      if (Number(stored[0].n) !== 0) throw new Error(`a refused press stored ${stored[0].n} decision(s)`);
    });

    // The DLG member records the decision on the channel card.
    await roles(j, { dlg: true });
    await j.step('Alex (DLG) presses "Record decisions" on the channel card: his view, "Record decision" on each ask', async () => {
      const message = await channelMessage(j.page);
      expectInvokeCard(await pg.clickAction(await pg.lastCard(message), 'Record decisions'), '"Record decisions"');
      const text = await waitForCardText(message, /Record decision(?!s)/);
      expectText(text, { contains: ASKS, what: 'the DLG view of the channel card' });
      const buttons = await (await pg.lastCard(message)).getByRole('button', { name: 'Record decision', exact: true }).count();
      if (buttons !== 2) throw new Error(`expected "Record decision" on each of the 2 asks, found ${buttons}`);
      await (await pg.lastCard(message)).getByRole('button', { name: 'Record decision', exact: true }).first().scrollIntoViewIfNeeded();
    });
    await j.shot('channel-dlg-view');
    await j.step('"Record decision" on the first ask, "Approved" with a note, "Save decision": recorded from the channel', async () => {
      const message = await channelMessage(j.page);
      let card = await pg.lastCard(message);
      expectInvokeCard(await pg.clickAction(card, 'Record decision'), '"Record decision"');
      await waitForCardText(message, 'Record the DLG\'s decision');
      card = await pg.lastCard(message);
      expectText(flat(await card.innerText()), { contains: [ASKS[0]], what: 'the decision form' });
      await pg.fillInputByLabel(card, 'Decision', 'Approved');
      await pg.fillInputByLabel(card, 'Note for the lead (needed when declined)', 'Go ahead: report back in March');
      const saved = await pg.clickAction(card, 'Save decision');
      expectInvokeCard(saved, '"Save decision"');
      if (saved.requestBody?.conversation?.id && !String(saved.requestBody.conversation.id).startsWith('team-id')) {
        throw new Error(`the decision was not sent from the channel: conversation ${saved.requestBody.conversation.id}`);
      }
      const rows = await j.sql("SELECT a.text, a.status, a.note FROM asks a ORDER BY a.id");
      const approved = rows.filter((r) => r.status === 'approved');
      if (approved.length !== 1 || approved[0].text !== ASKS[0] || approved[0].note !== 'Go ahead: report back in March') {
        throw new Error(`the stored asks are not one approved ask with the note: ${JSON.stringify(rows)}`);
      }
    });
    await j.step('the channel card shows the decision for everyone: the bot edited its message (answered 2xx)', async () => {
      const edit = await j.log.waitFor((e) => e.type === 'bot' && e.from === pg.BOT_APP_LABEL && e.conversationId?.startsWith('team-id') &&
        JSON.stringify(e.request?.body?.attachments || []).includes('Go ahead: report back in March'), 20000);
      if (!(edit.response?.statusCode >= 200 && edit.response?.statusCode < 300)) {
        throw new Error(`the Playground answered the bot's edit ${edit.response?.statusCode}`);
      }
      if (postedId && edit.request?.body?.id && String(edit.request.body.id) !== String(postedId)) {
        throw new Error(`the bot posted a new message (${edit.request.body.id}) instead of editing the digest (${postedId})`);
      }
      // Everyone's card is the bot's edit. The edit goes out in the background after the commit
      // (services/decisions.py), so it races the invoke's answer to Alex, who may go on seeing his own DLG view
      // (the decision recorded, "Record decision" on the other ask) — as in Teams, where the invoker's card is the
      // invoke's answer until the next refresh. Both are right; what everyone sees is checked on the edit itself.
      const everyone = flat(JSON.stringify(edit.request.body.attachments).replace(/\\n/g, ' '));
      expectText(everyone, { contains: ['Approved', ASKS[0], ASKS[1], 'Record decisions'], excludes: [/Record decision(?!s)/],
                             what: 'the edited channel card (the bot\'s edit, as everyone gets it)' });
      const text = await channelDigest(j.page, (t) => t.includes('Go ahead: report back in March') && t.includes('Approved'),
                                       'the decision in the channel card as Alex sees it');
      expectText(text, { contains: ['Approved', ASKS[0], ASKS[1]], what: 'the channel card as Alex sees it' });
    });
    await j.shot('channel-decided');

    // The lead.
    await roles(j, {});
    await pg.selectChat(j.page, 'Personal Chat');
    await j.step('Alex (the lead of ' + lead + ') has the decision in his 1:1 chat', async () => {
      const msg = await pg.waitForBotReply(j.page, cardWith('The DLG has decided your ask'), { timeoutMs: 15000 });
      expectText(flat(await msg.innerText()), { contains: [ASKS[0], 'Approved', 'Go ahead: report back in March'],
                                                what: 'the lead\'s notice' });
    });
    await j.step('"which asks are still open?" lists the other one', async () => {
      const { text } = await j.send('which asks are still open?', (t) => /waiting for a decision/i.test(t));
      expectText(text, { contains: [ASKS[1], P[lead]?.name || lead], excludes: [ASKS[0]], what: 'the answer' });
    });
    await j.shot('lead');
    await roles(j, {});
  },
};

// The DLG's decisions close the loop, in the Playground. It has one user, Alex Wilber, who plays each part
// in turn (his programme roles are switched in the database between the parts, as an admin would in Teams):
//   the admin previews this cycle's digest (two asks: "None" is not one) and posts it to the team's
//   General channel (a second bot with DIGEST_TRANSPORT=bot, DLG_TEAM_ID=team-id);
//   a DLG member records "Approved" with a note; the card in the channel shows the decision (the bot
//   edits its message);
//   the lead (Alex leads CIT-02) finds the decision in his 1:1 chat, and "which asks are still open?"
//   lists the other ask.
// The Playground does not run Universal Actions' automatic `refresh` (it logs "unsupported feature"), so
// the channel card stays the members' view there and the DLG member records the decision through
// "decisions" in his 1:1 chat; the DLG's in-channel view (refresh, "Record decision" in the channel) is
// tested over HTTP with Teams-shaped invokes in tests/test_decisions.py.

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
    await j.step('"Approve and post": the bot posts the digest in the General channel', async () => {
      const card = preview.locator(pg.SELECTORS.card).first();
      expectInvokeCard(await pg.clickAction(card, 'Approve and post'), '"Approve and post"');
      await j.log.waitFor((e) => e.type === 'bot' && e.from === pg.BOT_APP_LABEL && e.conversationId?.startsWith('team-id') &&
        (e.request?.body?.attachments || []).length > 0, 20000);
    });
    await j.shot('admin-posted');

    // The DLG member: the channel shows the members' view; the decision is recorded in his 1:1 chat.
    await roles(j, { dlg: true });
    await j.step('in the channel the digest reads as an agenda, with no buttons for members', async () => {
      await pg.selectChat(j.page, 'General');
      const text = await channelDigest(j.page, (t) => ASKS.every((a) => t.includes(a)), 'the digest in the channel');
      expectText(text, { contains: ASKS, excludes: ['Record decision'], what: 'the channel card' });
    });
    await j.shot('channel-before');
    await pg.selectChat(j.page, 'Personal Chat');
    const listing = await j.step('Alex (DLG) types "decisions": the asks waiting for the DLG', async () => {
      const { message, text } = await j.send('decisions', cardWith('Asks waiting for the DLG'));
      expectText(text, { contains: [/Asks waiting for the DLG \(\d+\)/, ...ASKS], what: 'the decisions list' });
      return message;
    });
    await j.step('"Record decision" on the first ask, "Approved" with a note, "Save decision"', async () => {
      let card = await pg.lastCard(listing);
      expectInvokeCard(await pg.clickAction(card, 'Record decision'), '"Record decision"');
      await waitForCardText(listing, 'Record the DLG\'s decision');
      card = await pg.lastCard(listing);
      await pg.fillInputByLabel(card, 'Decision', 'Approved');
      await pg.fillInputByLabel(card, 'Note for the lead (needed when declined)', 'Go ahead: report back in March');
      expectInvokeCard(await pg.clickAction(card, 'Save decision'), '"Save decision"');
      const text = await waitForCardText(listing, /Recorded: Approved/);
      expectText(text, { contains: [ASKS[1], 'The lead is being told'], what: 'the list after recording' });
    });
    await j.step('the channel card now shows the decision (the bot edited its message)', async () => {
      await pg.selectChat(j.page, 'General');
      const text = await channelDigest(j.page, (t) => t.includes('Go ahead: report back in March'), 'the decision in the channel');
      expectText(text, { contains: ['Approved', ASKS[0], ASKS[1]], excludes: ['Record decision'], what: 'the edited channel card' });
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

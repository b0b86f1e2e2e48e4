// Journey 7: plan administration in Teams. The programme office admin (Patti Fernandez: ADMIN_EMAILS
// names her, so her first contact makes her an admin) assigns a lead and renames a project, each
// through a confirm card (Confirm / Cancel), opens a cycle, previews the digest and reads the audit
// log, which shows both changes. A member (Alex) typing the same admin commands is refused politely
// and nothing changes.

import * as pg from '../playground.mjs';
import { cardWith, expectInvokeCard, expectText, textWith, waitForCardText } from './lib.mjs';

const LEAD_EMAIL = 'tom.hughes@example.gov.uk'; // a seeded person (Tom Hughes leads COU-01)
const ASSIGN_REF = 'CIT-01';
const RENAME_REF = 'COU-02';
const NEW_NAME = 'Smart and hybrid working';

// The welcome card comes on first contact; a user an earlier journey already met (Patti in j6) may get
// none, so wait for it briefly and go on either way (open() has already seen the install answered).
async function welcomed(j) {
  await pg.waitForBotReply(j.page, cardWith('Welcome to the Digital First bot'), { timeoutMs: 4000 }).catch(() => {});
}

export default {
  id: 'j7-admin',
  title: 'An admin assigns a lead and renames a project (confirm cards), opens a cycle, previews the digest, reads the audit; a member is refused',
  role: 'member',
  needs: [
    { path: 'bot/admin.py', feature: 'admin commands in Teams: assign lead, rename, audit' },
    { path: 'bot/digest_admin.py', feature: 'the digest in Teams: digest preview' },
  ],
  async run(j) {
    // The programme office admin.
    await j.step('Patti Fernandez (ADMIN_EMAILS) opens the personal chat', () => j.open({ user: 'patti', label: 'admin' }));
    await welcomed(j);

    await j.step(`"assign lead ${LEAD_EMAIL} to ${ASSIGN_REF}" shows a confirm card; Confirm assigns`, async () => {
      const { message, text } = await j.send(`assign lead ${LEAD_EMAIL} to ${ASSIGN_REF}`, cardWith('Confirm'));
      expectText(text, { contains: ['Confirm', 'Cancel', ASSIGN_REF], what: 'the confirm card' });
      await j.botAnswered(`assign lead ${LEAD_EMAIL}`);
      const card = await pg.lastCard(message);
      expectInvokeCard(await pg.clickAction(card, 'Confirm'), '"Confirm"');
      const done = await waitForCardText(message, 'Done');
      expectText(done, { contains: ['Tom Hughes', 'is now a lead of', ASSIGN_REF], excludes: ['Confirm'], what: 'the card after Confirm' });
    });
    await j.shot('assigned');

    await j.step(`"rename ${RENAME_REF} to ${NEW_NAME}" shows a confirm card; Confirm renames`, async () => {
      const { message, text } = await j.send(`rename ${RENAME_REF} to ${NEW_NAME}`, cardWith('Confirm'));
      expectText(text, { contains: ['Confirm', 'Cancel', NEW_NAME], what: 'the confirm card' });
      const card = await pg.lastCard(message);
      expectInvokeCard(await pg.clickAction(card, 'Confirm'), '"Confirm"');
      const done = await waitForCardText(message, 'Done');
      expectText(done, { contains: [`Renamed: ${RENAME_REF} is now`, NEW_NAME], what: 'the card after Confirm' });
      const rows = await j.sql('select name from projects where ref = ?', [RENAME_REF]);
      if (rows[0]?.name !== NEW_NAME) throw new Error(`${RENAME_REF} is called ${JSON.stringify(rows[0]?.name)} in the database`);
    });
    await j.shot('renamed');

    await j.step('"cycle open" opens a cycle', async () => {
      const { text } = await j.send('cycle open', textWith(/cycle/i));
      expectText(text, { contains: [/(Opened|Already open:) cycle/], what: 'the answer to "cycle open"' });
      await j.botAnswered('cycle open');
    });

    await j.step('"digest preview" shows this cycle\'s digest card', async () => {
      const { text } = await j.send('digest preview', cardWith('Status:'));
      // Draft when this journey runs alone; Posted when j6 has already approved this cycle's digest.
      expectText(text, { contains: [/Status: (Draft|Posted)/, 'Digital First digest', 'The programme at a glance'], what: 'the digest preview' });
      await j.botAnswered('digest preview');
    });
    await j.shot('digest-preview');

    await j.step('"audit" shows the assignment and the rename', async () => {
      const { text } = await j.send('audit', cardWith('Audit log'));
      expectText(text, { contains: ['Audit log', ASSIGN_REF, RENAME_REF, /renamed/i, /lead/i, NEW_NAME], what: 'the audit card' });
      await j.botAnswered('audit');
    });
    await j.shot('audit');
    await j.close();

    // A member: refused, nothing changes.
    await j.step('Alex (a member) opens the personal chat', () => j.open({ user: 'alex', label: 'member' }));
    await welcomed(j);
    await j.step('"assign lead …" from a member is refused, politely', async () => {
      const { text } = await j.send(`assign lead alexw@example.com to ${ASSIGN_REF}`, textWith('Only programme office admins'));
      expectText(text, { contains: ['Only programme office admins can change the plan', "haven't done anything", 'Patti Fernandez'], excludes: ['Confirm'], what: 'the answer to a member' });
      await j.botAnswered('assign lead alexw@example.com');
    });
    await j.step('"rename …" from a member is refused, politely, and nothing is renamed', async () => {
      const { text } = await j.send(`rename ${ASSIGN_REF} to Something else`, textWith('Only programme office admins'));
      expectText(text, { contains: ['Only programme office admins can change the plan', "haven't done anything"], excludes: ['Confirm'], what: 'the answer to a member' });
      const rows = await j.sql('select name from projects where ref = ?', [ASSIGN_REF]);
      if (rows[0]?.name === 'Something else') throw new Error(`a member renamed ${ASSIGN_REF}`);
    });
    await j.step('"audit" from a member is refused', async () => {
      const { message, text } = await j.send('audit', textWith('Only programme office admins'));
      expectText(text, { contains: ['Only programme office admins can read the audit log'], excludes: [/newest first/i, 'Renamed'], what: 'the answer to a member' });
      if ((await message.locator(pg.SELECTORS.card).count()) > 0) throw new Error('a member was shown a card in answer to "audit"');
      await j.botAnswered('audit');
    });
    await j.shot('member-refused');
  },
};

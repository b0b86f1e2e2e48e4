// Journey 6: the DLG digest. A member (Alex) asking for it is refused and nothing is posted. The
// programme office admin (Patti Fernandez: ADMIN_EMAILS names her, so her first contact makes her an
// admin) previews this cycle's digest, adds an introduction, approves it; with the outbox transport the
// digest appears in OUTBOX_DIR, and the preview then says it was posted. The digest card written to
// the outbox is kept with the captured cards, so it is validated too.

import fs from 'node:fs';
import path from 'node:path';
import * as pg from '../playground.mjs';
import { cardWith, expectInvokeCard, expectText, waitForCardText } from './lib.mjs';

function outboxCards(dir) {
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /^digest-.*\.card\.json$/.test(f)) : [];
}

export default {
  id: 'j6-digest',
  title: 'An admin previews and approves the digest (a member is refused); it lands in the outbox',
  role: 'member',
  needs: [{ path: 'bot/digest_admin.py', feature: 'the digest in Teams: digest preview, approve' }],
  async run(j) {
    const outbox = j.env.outboxDir;
    const P = j.seed.projects;
    const red = Object.entries(P).filter(([, p]) => p.latest?.rag === 'red');
    const intro = 'Two projects are red this cycle: please read the asks.';
    await j.step('a cycle is open', () => j.cli('cycle', 'open', '--no-send'));
    const already = outboxCards(outbox);

    // A member first: refused, nothing posted.
    await j.step('Alex (a member) opens the personal chat', () => j.open({ user: 'alex', label: 'member' }));
    await pg.waitForBotReply(j.page, cardWith('Welcome to the Digital First bot'), { timeoutMs: 15000 });
    await j.step('"digest preview" from a member is refused, politely', async () => {
      const { text } = await j.send('digest preview', (t) => /admin/i.test(t));
      expectText(text, { contains: ['Only programme office admins', "haven't done anything"], excludes: ['Approve and post'], what: 'the answer to a member' });
      await j.botAnswered('digest preview');
    });
    await j.step('"approve digest" from a member is refused and posts nothing', async () => {
      const { text } = await j.send('approve digest', (t) => /admin/i.test(t));
      expectText(text, { contains: ['Only programme office admins'], excludes: [/Approved\. The digest/], what: 'the answer to a member' });
      await new Promise((r) => setTimeout(r, 500));
      const now = outboxCards(outbox);
      if (now.length !== already.length) throw new Error(`a digest was written after a member's "approve digest": ${now.join(', ')}`);
    });
    await j.shot('member-refused');
    await j.close();

    // The programme office admin.
    await j.step('Patti Fernandez (ADMIN_EMAILS) opens the personal chat', () => j.open({ user: 'patti', label: 'admin' }));
    await pg.waitForBotReply(j.page, cardWith('Welcome to the Digital First bot'), { timeoutMs: 15000 });
    const preview = await j.step('"digest preview" shows the draft with the approval buttons', async () => {
      const { message, text } = await j.send('digest preview', cardWith('Status:'));
      expectText(text, {
        contains: ['Status: Draft', ...red.map(([, p]) => p.name), 'Approve and post', 'Edit intro'],
        what: 'the digest preview',
      });
      await j.botAnswered('digest preview');
      return message;
    });
    await j.shot('preview');

    await j.step('add an introduction ("Edit intro", "Save intro")', async () => {
      let card = await pg.lastCard(preview);
      await pg.clickAction(card, 'Edit intro', { expect: 'none' });
      card = await pg.lastCard(preview);
      await pg.fillInputByLabel(card, 'Introduction for this digest', intro);
      expectInvokeCard(await pg.clickAction(card, 'Save intro'), '"Save intro"');
      const text = await waitForCardText(preview, intro);
      expectText(text, { contains: ['Status: Draft', 'Approve and post'], what: 'the preview after saving the intro' });
    });

    await j.step('"Approve and post"', async () => {
      const card = preview.locator(pg.SELECTORS.card).first();
      expectInvokeCard(await pg.clickAction(card, 'Approve and post'), '"Approve and post"');
      const text = await waitForCardText(preview, /Approved|Posted|Being posted/);
      expectText(text, { excludes: ['Posting failed'], what: 'the card after approving' });
    });
    await j.shot('approved');

    const file = await j.step('the digest is written to OUTBOX_DIR (outbox transport)', async () => {
      const deadline = Date.now() + 20000;
      for (;;) {
        const fresh = outboxCards(outbox).filter((f) => !already.includes(f));
        if (fresh.length) return path.join(outbox, fresh[0]);
        if (Date.now() > deadline) throw new Error(`no new digest-*.card.json in ${outbox} within 20 s; it holds ${JSON.stringify(fs.existsSync(outbox) ? fs.readdirSync(outbox) : [])}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    });
    await j.step('the outbox digest holds the card (the agenda, the introduction: the members\' view), and a standalone HTML page with the red projects', async () => {
      const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (doc.card?.type !== 'AdaptiveCard') throw new Error(`${file} has no Adaptive Card`);
      const text = JSON.stringify(doc.card);
      // The channel card is the members' view (docs/decisions.md): no buttons, missing updates counted not named;
      // the projects red since earlier cycles are in the full digest, not on the agenda card.
      expectText(text, { contains: [intro, 'Asks needing a decision', 'Open the full digest'],
                         excludes: ['Approve and post', 'Record decision'], what: 'the posted digest card' });
      const html = file.replace(/\.card\.json$/, '.html');
      if (!fs.existsSync(html)) throw new Error(`${html} is missing`);
      expectText(fs.readFileSync(html, 'utf8'), { contains: red.map(([, p]) => p.name), what: 'the digest HTML page' });
      // Validate the posted card with the others.
      fs.writeFileSync(path.join(j.artifacts, 'cards', `pg-${j.journey.id}-outbox-${path.basename(file)}`), JSON.stringify(doc.card, null, 2));
    });
    await j.step('"digest preview" now says it was posted, with no approve button', async () => {
      const { text } = await j.send('digest preview', cardWith('Status: Posted'));
      expectText(text, { contains: ['Posted to the DLG channel'], excludes: ['Approve and post'], what: 'the preview after posting' });
    });
    await j.shot('posted');
  },
};

// Journey 4: a lead with nothing new to report types "update" and clicks "No change since last
// update": the previous update is carried forward as the next version, marked as no change.

import * as pg from '../playground.mjs';
import { cardWith, expectInvokeCard, expectText, waitForCardText } from './lib.mjs';

const LATEST = `SELECT u.version, u.rag, u.progress_pct, u.summary, u.no_change, c.period_key, c.status AS cycle_status
                  FROM status_updates u JOIN projects p ON p.id = u.project_id JOIN update_cycles c ON c.id = u.cycle_id
                 WHERE p.ref = ? ORDER BY u.submitted_at DESC, u.version DESC LIMIT 1`;

export default {
  id: 'j4-no-change',
  title: 'A lead clicks "No change since last update"',
  role: 'lead',
  needs: [{ path: 'bot/updates.py', feature: 'update cycles: the update card and its actions' }],
  async run(j) {
    const ref = j.seed.lead_project;
    const project = j.seed.projects[ref];
    await j.step('a cycle is open (dfbot cycle open --no-send: opens one, or says which is open)', () => j.cli('cycle', 'open', '--no-send'));
    const [before] = await j.step('read the project\'s latest update', () => j.sql(LATEST, [ref]));
    if (!before) throw new Error(`the seed has no update of ${ref}`);

    await j.step('open the personal chat', () => j.open());
    await pg.waitForBotReply(j.page, cardWith('Welcome to the Digital First bot'), { timeoutMs: 15000 });
    const form = await j.step('"update" brings the update card for the project Alex leads', async () => {
      const { message } = await j.send('update', cardWith(`Status update: ${project.name} (${ref})`));
      await j.botAnswered('update');
      return message;
    });
    await j.shot('form');
    const sent = await j.step('click "No change since last update"', async () => pg.clickAction(await pg.lastCard(form), 'No change since last update'));
    await j.step('the summary card says the update was carried forward', async () => {
      expectInvokeCard(sent, '"No change since last update"');
      const text = await waitForCardText(form, 'no change since last update');
      const ragWord = before.rag[0].toUpperCase() + before.rag.slice(1);
      expectText(text, {
        contains: ['Carried forward: no change since last update', `RAG ${ragWord}`, before.summary, '(no change since last update)', 'Alex Wilber'],
        what: 'the card after "No change since last update"',
      });
    });
    await j.step('stored: a new version in the open cycle, marked no change, same RAG, progress and summary', async () => {
      const [after] = await j.sql(LATEST, [ref]);
      const expectedVersion = before.cycle_status === 'open' ? before.version + 1 : 1;
      const problems = [];
      if (!after || after.cycle_status !== 'open') problems.push('not in the open cycle');
      else {
        if (after.version !== expectedVersion) problems.push(`version ${after.version}, expected ${expectedVersion}`);
        if (!after.no_change) problems.push('not marked no change');
        if (after.rag !== before.rag || after.progress_pct !== before.progress_pct || after.summary !== before.summary) problems.push('content differs from the previous update');
      }
      if (problems.length) throw new Error(`${problems.join('; ')}: before ${JSON.stringify(before)}, after ${JSON.stringify(after)}`);
    });
    await j.shot('carried-forward');
  },
};

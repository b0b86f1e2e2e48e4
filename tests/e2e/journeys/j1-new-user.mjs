// Journey 1: a new member of staff opens the bot. The personal chat shows the welcome card (sent on
// install, with real value: example questions and buttons); "help" lists what a member can do and no
// lead or admin commands; "projects" lists the seeded projects by priority area with RAG as a word;
// the welcome card's Help button works (it never dead-ends).

import * as pg from '../playground.mjs';
import { cardWith, expectText } from './lib.mjs';

export default {
  id: 'j1-new-user',
  title: 'A new user opens the bot: welcome card, help, projects',
  role: 'member',
  async run(j) {
    const { projects } = j.seed;
    await j.step('open the personal chat in the Playground (installs the bot)', () => j.open({ bot: 'member' }));

    const welcome = await j.step('the welcome card arrives without being asked', () =>
      pg.waitForBotReply(j.page, cardWith('Welcome to the Digital First bot'), { timeoutMs: 15000 }),
    );
    await j.step('the welcome card has example questions and a way to help (member wording)', async () => {
      expectText(await welcome.innerText(), {
        contains: ['Try asking', 'which projects are red?', 'Type help at any time'],
        excludes: ['You lead a project'],
        what: 'the welcome card',
      });
      const buttons = (await (await pg.lastCard(welcome)).getByRole('button').allInnerTexts()).map((t) => t.trim());
      for (const b of ['Help', 'List projects', 'Privacy']) if (!buttons.includes(b)) throw new Error(`no "${b}" button on the welcome card; buttons: ${JSON.stringify(buttons)}`);
    });
    await j.shot('welcome');

    const help = await j.step('"help" answers with what a member can do', () => j.send('help', cardWith('What I can do')));
    await j.step('the help card lists the member commands and example questions, and no lead or admin ones', async () => {
      expectText(help.text, {
        contains: ['help', 'projects', 'privacy', 'Questions you can ask', 'who leads virtual social care?'],
        excludes: ['Start a status update', 'cycle open', 'approve digest', 'digest preview'],
        what: 'the help card',
      });
      await j.botAnswered('help');
    });

    const list = await j.step('"projects" answers with the projects by priority area', () => j.send('projects', cardWith('Digital First projects')));
    await j.step('the project list shows every seeded project, its area and its RAG as a word', async () => {
      const count = Object.keys(projects).length;
      const contains = [`${count} active projects in 4 priority areas`];
      for (const area of ['Digital Citizen', 'Digital Council', 'Digital Care', 'Digital Economy']) contains.push(`${area} (2)`);
      for (const [ref, p] of Object.entries(projects)) {
        contains.push(ref);
        const word = p.latest ? p.latest.rag[0].toUpperCase() + p.latest.rag.slice(1) : 'Not reported';
        contains.push(`${p.name} — ${word}`);
      }
      expectText(list.text, { contains, what: 'the project list' });
      await j.botAnswered('projects');
    });
    await j.shot('projects');

    await j.step('the welcome card\'s "Help" button brings the help card again', async () => {
      const before = await pg.botMessages(j.page).count();
      // An imBack button: the Playground sends its value as if typed (a message, not a card submit).
      await pg.clickAction(await pg.lastCard(welcome), 'Help', { expect: 'none' });
      await pg.waitForBotReply(j.page, cardWith('What I can do'), { after: before });
    });
    await j.shot('end');
  },
};

// Driving the Agents Playground's message extension features (0.2.28): the search command, link
// unfurling, and invokes sent through the Playground's own HTTP API for what its page cannot do.
//
// What the page offers: the compose box's "Trigger Message Extension App" menu has "Search Command",
// "Action Command" and "Link Unfurling". The search panel needs the manifest's command id and parameter
// name typed in (the Playground reads no manifest) and sends `composeExtension/query` on each change
// of the search box; choosing a result puts its card in the compose box, and Send posts it as the
// user's message. The link dialog sends `composeExtension/queryLink` for the URL typed and shows the
// card; "Send to Conversation" posts it. Limits met (see README.md): a result whose preview has a
// `tap` is refused (so `composeExtension/selectItem` is never sent), a link result with a `preview`
// logs a warning (Teams requires one), an empty link result blanks the page, and pagination and the
// opening `initialRun` query are not sent.

import { SELECTORS } from './playground.mjs';

export const UNFURL_PREVIEW_WARNING = /Link unfurling preview card is not supported yet/;

/** Opens the compose box's message extension menu and picks `kind`. */
export async function openMessageExtension(page, kind, { timeoutMs = 15000 } = {}) {
  await page.getByRole('button', { name: 'Trigger Message Extension App' }).first().click({ timeout: timeoutMs });
  await page.getByRole('menuitem', { name: kind }).click({ timeout: timeoutMs });
}

/**
 * Types `text` into the search panel (opening it and filling the command id and parameter name) and
 * waits for a result whose title matches `expect`; returns that result's Locator.
 */
export async function searchMessageExtension(page, text, { commandId, parameterName, expect, timeoutMs = 15000 }) {
  const box = page.getByPlaceholder('Enter a search term');
  if (!(await box.isVisible().catch(() => false))) {
    await openMessageExtension(page, /Search Command/, { timeoutMs });
    await page.getByText('Specify Command ID or Parameter').click({ timeout: timeoutMs });
    await page.getByPlaceholder('Command ID').fill(commandId);
    await page.getByPlaceholder('Parameter name').fill(parameterName);
  }
  await box.fill(text);
  const result = page.getByRole('heading', { name: expect }).first();
  try {
    await result.waitFor({ state: 'visible', timeout: timeoutMs });
  } catch (err) {
    const shown = await page.getByRole('heading').allInnerTexts().catch(() => []);
    throw new Error(`no search result matching ${expect} for "${text}"; headings shown: ${JSON.stringify(shown)}`);
  }
  return result;
}

/** Types `url` into the link unfurling dialog and waits for its card; returns the dialog's Locator. */
export async function unfurlLink(page, url, { timeoutMs = 15000 } = {}) {
  await openMessageExtension(page, /Link Unfurling/, { timeoutMs });
  await page.getByLabel('Enter an URL').fill(url);
  const dialog = page.getByRole('dialog');
  await dialog.locator(SELECTORS.card).first().waitFor({ state: 'visible', timeout: timeoutMs });
  return dialog;
}

/** The card in the chat (sent by the user) whose text contains `text`. */
export function cardInChat(page, text) {
  return page.locator(SELECTORS.card).filter({ hasText: text }).last();
}

/**
 * Sends an invoke to the bot through the Playground's own API (POST /_conversation/v1/invoke, what its
 * page calls), as `userId` in `conversationId`: the Playground builds the Teams activity, calls the bot
 * and logs the exchange. Returns {status, body}: the Playground's answer, holding the bot's.
 */
export async function invokeThroughPlayground(baseUrl, { name, value, userId, conversationId }) {
  const r = await fetch(new URL('/_conversation/v1/invoke', baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, value, from: { id: userId }, conversation: { id: conversationId } }),
  });
  const text = await r.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: r.status, body };
}

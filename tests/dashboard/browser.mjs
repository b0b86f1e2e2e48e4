// The dashboard in headless Chromium: load it, filter it, open a project, follow a digest, switch
// themes, sign in through a stand-in for Teams — and run axe-core on every page.
//
//   node tests/dashboard/browser.mjs <base-url> [--sso-url <url> --token <jwt>]
//
// <base-url> serves the dashboard in local mode (content in the page); --sso-url serves it with an
// app id (empty shells that sign in through Teams), and --token is a token its JWKS accepts. Only
// localhost is reachable: every other request is aborted. Prints a JSON report on stdout; exits 1
// if any page has a serious or critical accessibility violation or a step fails.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run"];
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];
const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

function die(message) {
  process.stderr.write(message + "\n");
  process.exit(2);
}

const argv = process.argv.slice(2);
const base = argv[0];
if (!base) die("usage: node tests/dashboard/browser.mjs <base-url> [--sso-url <url> --token <jwt>]");
const option = (name) => { const i = argv.indexOf(name); return i > 0 ? argv[i + 1] : undefined; };
const ssoBase = option("--sso-url");
const token = option("--token");

let chromium;
try {
  ({ chromium } = require("playwright-core"));
} catch (e) {
  die("playwright-core is not installed: run `npm ci` in the repository");
}
let axeSource;
try {
  axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
} catch (e) {
  die("axe-core is not installed: run `npm ci` in the repository");
}

const report = { axe: [], steps: {}, csp: [], console: [], failures: [] };

async function newContext(browser, extra = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...extra });
  await context.route("**/*", (route) => {
    const host = new URL(route.request().url()).hostname;
    return LOCAL_HOSTS.has(host) ? route.continue() : route.abort();
  });
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      window.__csp.push({ directive: e.violatedDirective, blocked: e.blockedURI, source: e.sourceFile });
    });
  });
  return context;
}

async function watch(page, name) {
  page.on("console", (msg) => {
    if (msg.type() === "error") report.console.push({ page: name, text: msg.text() });
  });
  page.on("pageerror", (err) => report.failures.push({ page: name, error: "page error: " + err.message }));
}

async function collectCsp(page, name) {
  const found = await page.evaluate(() => window.__csp || []);
  for (const v of found) report.csp.push({ page: name, ...v });
}

async function audit(page, name) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length,
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
    }));
  }, AXE_TAGS);
  report.axe.push({ page: name, url: page.url(), violations: result });
  await collectCsp(page, name);
}

const matrixCells = (page) => page.$$eval("li.cell", (cells) => Object.fromEntries(cells.map((c) => [
  c.querySelector(".cell-ref").textContent.trim(), c.querySelector(".rag").textContent.trim()])));

async function step(name, fn) {
  try {
    report.steps[name] = await fn();
  } catch (e) {
    report.failures.push({ step: name, error: String(e && e.stack || e) });
  }
}

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
try {
  const context = await newContext(browser);
  const page = await context.newPage();
  await watch(page, "local");

  await step("matrix", async () => {
    await page.goto(base + "/dashboard", { waitUntil: "load" });
    const out = {
      title: await page.title(),
      h1: await page.textContent("h1"),
      areas: await page.$$eval("section.area h2", (hs) => hs.map((h) => h.textContent.trim())),
      cells: await matrixCells(page),
      sparklineLabel: await page.getAttribute("li.cell svg.spark", "aria-label"),
    };
    // keyboard: the first Tab reaches the skip link, which becomes visible and moves focus to <main>
    await page.keyboard.press("Tab");
    out.firstFocus = await page.evaluate(() => document.activeElement.textContent.trim());
    out.skipLinkVisible = await page.evaluate(() => document.activeElement.getBoundingClientRect().top >= 0);
    await page.keyboard.press("Enter");
    out.afterSkip = await page.evaluate(() => document.activeElement.id);
    // focus is visible on the filter controls
    await page.focus("#f-rag");
    out.focusOutline = await page.evaluate(() => {
      const s = getComputedStyle(document.activeElement);
      return { style: s.outlineStyle, width: s.outlineWidth };
    });
    await audit(page, "matrix");
    return out;
  });

  await step("filter_red", async () => {
    await page.goto(base + "/dashboard", { waitUntil: "load" });
    await page.selectOption("#f-rag", "red");
    await Promise.all([page.waitForURL(/rag=red/), page.click("button[type=submit]")]);
    return { url: page.url(), cells: await matrixCells(page), result: (await page.textContent("#result-count")).trim() };
  });

  await step("filter_changed_in_citizen", async () => {
    await page.goto(base + "/dashboard", { waitUntil: "load" });
    await page.selectOption("#f-area", "citizen");
    await page.check("#f-changed");
    await Promise.all([page.waitForURL(/changed=1/), page.keyboard.press("Enter")]);
    const out = { url: page.url(), cells: await matrixCells(page) };
    await audit(page, "matrix-filtered");
    return out;
  });

  await step("filter_missing", async () => {
    await page.goto(base + "/dashboard", { waitUntil: "load" });
    await page.check("#f-missing");
    await Promise.all([page.waitForURL(/missing=1/), page.click("button[type=submit]")]);
    return { cells: await matrixCells(page) };
  });

  await step("project", async () => {
    await page.goto(base + "/dashboard", { waitUntil: "load" });
    await Promise.all([page.waitForURL(/\/projects\/CIT-01/), page.click("text=Digital inclusion across the county")]);
    const out = {
      h1: (await page.textContent("h1")).trim(),
      sections: await page.$$eval("main h2", (hs) => hs.map((h) => h.textContent.trim())),
      timeline: await page.getAttribute("svg.timeline", "aria-label"),
      milestones: await page.$$eval("ol.milestones li", (li) => li.length),
      history: await page.$$eval("ol.history > li", (li) => li.length),
      risks: await page.$$eval("ul.risks li", (li) => li.map((l) => l.textContent.trim())),
    };
    await audit(page, "project");
    await page.click("ol.history > li:first-child summary");
    out.detailsOpen = await page.$eval("ol.history > li:first-child details", (d) => d.open);
    await audit(page, "project-details-open");
    return out;
  });

  await step("digests", async () => {
    await page.goto(base + "/dashboard/digests", { waitUntil: "load" });
    await audit(page, "digests");
    await Promise.all([page.waitForURL(/digests\/2026-W47/), page.click("text=Digest 2026-W47")]);
    const out = { h1: (await page.textContent("h1")).trim(), tables: await page.$$eval("main table", (t) => t.length) };
    await audit(page, "digest");
    return out;
  });

  await step("themes", async () => {
    const out = {};
    for (const theme of ["dark", "contrast"]) {
      await page.goto(`${base}/dashboard?theme=${theme}`, { waitUntil: "load" });
      out[theme] = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      await audit(page, `matrix-${theme}`);
      await page.goto(`${base}/dashboard/projects/CIT-01?theme=${theme}`, { waitUntil: "load" });
      await page.click("ol.history > li:first-child summary");
      await audit(page, `project-${theme}`);
    }
    await page.emulateMedia({ colorScheme: "dark" });
    await page.goto(base + "/dashboard", { waitUntil: "load" });
    out.systemDark = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await audit(page, "matrix-system-dark");
    await page.emulateMedia({ colorScheme: "light" });
    return out;
  });

  await step("reflow", async () => {
    await page.setViewportSize({ width: 320, height: 800 });
    await page.goto(base + "/dashboard/projects/CIT-01", { waitUntil: "load" });
    const project = await page.evaluate(() => document.documentElement.scrollWidth);
    await page.goto(base + "/dashboard", { waitUntil: "load" });
    const matrix = await page.evaluate(() => document.documentElement.scrollWidth);
    await audit(page, "matrix-320px");
    await page.setViewportSize({ width: 1280, height: 900 });
    return { matrix, project };
  });

  await step("configure", async () => {
    await page.goto(base + "/dashboard/configure", { waitUntil: "load" });
    const out = { status: (await page.textContent("#configure-status")).trim(), formHidden: await page.$eval("#configure-form", (f) => f.hidden) };
    await audit(page, "configure");
    return out;
  });
  await context.close();

  if (ssoBase && token) {
    // A stand-in for the Teams host: the page's Teams library is replaced by one that says it is in
    // Teams (dark theme) and hands over the token. Everything else is the real page and server.
    const stub = `window.microsoftTeams = {
      app: {
        initialize: () => Promise.resolve(),
        getContext: () => Promise.resolve({ app: { theme: "dark" }, page: { frameContext: "content" } }),
        registerOnThemeChangeHandler: () => {}, notifySuccess: () => {}, notifyFailure: () => {}
      },
      authentication: { getAuthToken: () => Promise.resolve(${JSON.stringify(token)}) }
    };`;
    const teamsContext = await newContext(browser);
    await teamsContext.route("**/MicrosoftTeams.min.js*", (route) => route.fulfill({ contentType: "text/javascript", body: stub }));
    const inTeams = await teamsContext.newPage();
    await watch(inTeams, "sso");
    const apiCalls = [];
    inTeams.on("request", (r) => {
      if (r.url().includes("/dashboard/api/")) apiCalls.push({ url: r.url(), bearer: /^Bearer /.test(r.headers()["authorization"] || "") });
    });

    await step("sso_matrix", async () => {
      await inTeams.goto(ssoBase + "/dashboard?rag=amber", { waitUntil: "load" });
      await inTeams.waitForSelector("li.cell", { timeout: 10000 });
      const out = { cells: await matrixCells(inTeams), theme: await inTeams.getAttribute("html", "data-theme"),
                    viewer: (await inTeams.textContent(".viewer-note")).trim() };
      await audit(inTeams, "sso-matrix");
      return out;
    });

    await step("sso_project", async () => {
      await inTeams.goto(ssoBase + "/dashboard/projects/CIT-01", { waitUntil: "load" });
      await inTeams.waitForSelector("ol.history", { timeout: 10000 });
      const out = { h1: (await inTeams.textContent("h1")).trim(), text: await inTeams.textContent("main"), title: await inTeams.title() };
      await audit(inTeams, "sso-project");
      return out;
    });
    report.steps.sso_api_calls = apiCalls;
    await teamsContext.close();

    // a Teams deep link: the root page opened with page.subPageId naming a project
    const deepStub = stub.replace('page: { frameContext: "content" }', 'page: { frameContext: "content", subPageId: "projects/CIT-01" }');
    const deepContext = await newContext(browser);
    await deepContext.route("**/MicrosoftTeams.min.js*", (route) => route.fulfill({ contentType: "text/javascript", body: deepStub }));
    const deep = await deepContext.newPage();
    await watch(deep, "sso-deep-link");
    await step("sso_deep_link", async () => {
      await deep.goto(ssoBase + "/dashboard", { waitUntil: "load" });
      await deep.waitForSelector("ol.history", { timeout: 10000 });
      return { h1: (await deep.textContent("h1")).trim(), path: new URL(deep.url()).pathname };
    });
    await deepContext.close();

    const plain = await newContext(browser);
    const outside = await plain.newPage();
    await watch(outside, "sso-outside-teams");
    await step("sso_outside_teams", async () => {
      await outside.goto(ssoBase + "/dashboard", { waitUntil: "load" });
      await outside.waitForSelector("text=Open this dashboard in Microsoft Teams", { timeout: 10000 });
      const out = { h1: (await outside.textContent("h1")).trim(), text: (await outside.textContent("main")).trim() };
      await audit(outside, "sso-outside-teams");
      return out;
    });
    await plain.close();
  }
} finally {
  await browser.close();
}

const serious = report.axe.flatMap((a) => a.violations.filter((v) => v.impact === "serious" || v.impact === "critical")
  .map((v) => ({ page: a.page, ...v })));
report.serious = serious;
process.stdout.write(JSON.stringify(report, null, 2) + "\n");
process.exit(serious.length || report.failures.length ? 1 : 0);

// Opens web pages in Debian's chromium (driven by playwright-core) as a
// reader's browser would, and reports what a reader would meet there:
//
// - axe-core's WCAG 2.0, 2.1 and 2.2 A and AA rules and its best practices,
//   in light and in dark (`prefers-color-scheme`);
// - sideways scrolling: at 320 CSS px wide (WCAG 1.4.10 reflow), at 640 px
//   (a 1280 px window at 200 % zoom), and at 320 px with WCAG 1.4.12's text
//   spacing forced on every element, the page must be no wider than the
//   window;
// - requests: the page must load nothing but itself (a request for anything
//   else is refused and reported);
// - rendered text: the text the browser renders (`innerText`, which leaves
//   out what CSS hides) must hold every unit given for the page, in order,
//   on screen and as printed (`media: print`).
//
// Usage: node pages.mjs JOB.json, where JOB.json is
//   {"pages": [{"file": "/abs/ID.html", "units": ["Title", "Heading", ...]}]}
// (units may be empty: the catalogue is checked for the rest only). Prints
// a JSON report {"pages": [{"file", "problems": [...]}]} on stdout; exits 1
// if any page has a problem, 2 if the job could not be run.
//
// Environment: LEAFPRESS_BROWSER_MODULES, the node_modules folder holding
// playwright-core and axe-core; CHROMIUM, the browser (/usr/bin/chromium).

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import path from "node:path";

const modules = process.env.LEAFPRESS_BROWSER_MODULES;
if (!modules) {
  console.error("LEAFPRESS_BROWSER_MODULES is not set");
  process.exit(2);
}
const require = createRequire(path.join(modules, "noop.js"));
const { chromium } = require("playwright-core");
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const AXE_TAGS = [
  "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice",
];

// WCAG 1.4.12's text spacing, forced on everything.
const TEXT_SPACING = `* {
  line-height: 1.5 !important;
  letter-spacing: 0.12em !important;
  word-spacing: 0.16em !important;
}
p { margin-bottom: 2em !important; }`;

// Words as this test compares them, by its own rule: lower case, and
// anything but letters, marks and digits (punctuation, white space, a
// label's colon) one space. Invisible breaks are nothing.
function squeezed(text) {
  return text
    .normalize("NFC")
    .replace(/[\u00ad\u200b]/g, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, " ")
    .trim();
}

// The first unit not found in `text` after the one before it, or null.
function firstMissing(text, units) {
  const haystack = squeezed(text);
  let from = 0;
  for (const unit of units) {
    const needle = squeezed(unit);
    const at = haystack.indexOf(needle, from);
    if (at < 0) return unit;
    from = at + needle.length;
  }
  return null;
}

async function axeViolations(page, scheme) {
  await page.emulateMedia({ colorScheme: scheme, media: "screen" });
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags } }),
    AXE_TAGS,
  );
  return result.violations.map((violation) => {
    const where = violation.nodes.slice(0, 3).map((node) => node.target.join(" ")).join("; ");
    return `axe (${scheme}): ${violation.id}: ${violation.help} (at ${where})`;
  });
}

async function widerThanWindow(page, width, spacing) {
  await page.setViewportSize({ width, height: 800 });
  await page.emulateMedia({ colorScheme: "light", media: "screen" });
  const handle = spacing ? await page.addStyleTag({ content: TEXT_SPACING }) : null;
  const measured = await page.evaluate(() => ({
    scroll: Math.max(document.documentElement.scrollWidth, document.body ? document.body.scrollWidth : 0),
    window: document.documentElement.clientWidth,
  }));
  if (handle) await handle.evaluate((style) => style.remove());
  if (measured.scroll > measured.window) {
    const how = spacing ? " with WCAG 1.4.12 text spacing" : "";
    return [`at ${width} CSS px${how} the page is ${measured.scroll} px wide: it scrolls sideways`];
  }
  return [];
}

async function renderedTextProblems(page, units) {
  const problems = [];
  for (const media of ["screen", "print"]) {
    await page.emulateMedia({ colorScheme: "light", media });
    const text = await page.evaluate(() => document.body.innerText);
    const missing = firstMissing(text, units);
    if (missing !== null) {
      problems.push(`rendered text (${media}): "${missing.slice(0, 80)}" is missing or out of order`);
    }
  }
  return problems;
}

async function checkPage(context, { file, units }) {
  const page = await context.newPage();
  const url = pathToFileURL(file).href;
  const requests = new Set();
  await page.route("**/*", (route) => {
    const asked = route.request().url();
    if (asked === url) return route.continue();
    requests.add(asked);
    return route.abort();
  });
  const problems = [];
  await page.goto(url, { waitUntil: "load" });
  await page.setViewportSize({ width: 1280, height: 900 });
  problems.push(...(await axeViolations(page, "light")));
  await page.reload({ waitUntil: "load" });
  problems.push(...(await axeViolations(page, "dark")));
  await page.reload({ waitUntil: "load" });
  for (const [width, spacing] of [[320, false], [640, false], [320, true]]) {
    problems.push(...(await widerThanWindow(page, width, spacing)));
  }
  problems.push(...(await renderedTextProblems(page, units)));
  for (const asked of requests) problems.push(`the page asked for ${asked}`);
  await page.close();
  return { file, problems };
}

async function main() {
  const job = JSON.parse(readFileSync(process.argv[2], "utf8"));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
  const pages = [];
  try {
    // A page's own Content-Security-Policy would stop axe being injected;
    // requests are watched and refused here instead.
    const context = await browser.newContext({ bypassCSP: true });
    for (const page of job.pages) pages.push(await checkPage(context, page));
  } finally {
    await browser.close();
  }
  console.log(JSON.stringify({ pages }, null, 2));
  process.exitCode = pages.some((page) => page.problems.length > 0) ? 1 : 0;
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});

// The gallery in a real browser: headless Debian chromium driven by
// playwright-core, the site served from a small HTTP server on 127.0.0.1.
//
// Usage: node browser-test.mjs CPLOT SPECS SCREENSHOT_DIR
//
// Builds the site from SPECS, then checks that the home, a family, a chart
// type and an example page load with no console errors and every image
// loaded; that searching "hist" finds the histogram pages; that dark mode
// swaps the chart images; that copy buttons appear with JavaScript and
// every page still works without it. Screenshots of each page, light and
// dark, go to SCREENSHOT_DIR.
import { spawnSync } from "node:child_process";
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
let chromium;
try {
  ({ chromium } = require("playwright-core"));
} catch (error) {
  console.error("playwright-core is not installed in tests/site/node_modules: run scripts/install-deps.sh");
  process.exit(1);
}

const [cplot, specs, shots] = process.argv.slice(2);
if (!cplot || !specs || !shots) {
  console.error("usage: node browser-test.mjs CPLOT SPECS SCREENSHOT_DIR");
  process.exit(2);
}
mkdirSync(shots, { recursive: true });
const work = mkdtempSync(path.join(tmpdir(), "cplot-browser-"));
const site = path.join(work, "site");

let passed = 0;
let failed = 0;
function check(condition, message) {
  if (condition) {
    passed++;
    console.log(`ok - ${message}`);
  } else {
    failed++;
    console.log(`not ok - ${message}`);
  }
}

const build = spawnSync(cplot, ["gallery", specs, "-o", site], { encoding: "utf-8" });
check(build.status === 0, `cplot gallery builds the site (exit ${build.status})`);
if (build.status !== 0) {
  console.error(build.stderr);
  process.exit(1);
}

// The pages to visit: the first family, the first chart type with
// examples and its first example, found from the search index.
const index = JSON.parse(readFileSync(path.join(site, "search.json"), "utf-8"));
const family = index.find((e) => e.kind === "Family");
const example = index.find((e) => e.kind.endsWith(" example"));
const typeUrl = example.url.split("/")[0] + "/index.html";

const types = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript",
  ".json": "application/json", ".png": "image/png", ".svg": "image/svg+xml", ".pdf": "application/pdf",
  ".xml": "application/xml", ".csv": "text/csv", ".c": "text/plain" };
const server = createServer((request, response) => {
  const url = new URL(request.url, "http://127.0.0.1");
  let file = path.normalize(path.join(site, decodeURIComponent(url.pathname)));
  if (!file.startsWith(site)) {
    response.writeHead(403).end();
    return;
  }
  if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, "index.html");
  if (!existsSync(file)) {
    response.writeHead(404, { "content-type": types[".html"] });
    createReadStream(path.join(site, "404.html")).pipe(response);
    return;
  }
  response.writeHead(200, { "content-type": types[path.extname(file)] || "application/octet-stream" });
  createReadStream(file).pipe(response);
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${server.address().port}/`;

const args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

async function launch(options) {
  // A fresh --user-data-dir each time: nothing carries over between runs.
  const profile = mkdtempSync(path.join(work, "profile-"));
  return chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium", headless: true, args, viewport: { width: 1280, height: 900 },
    ...options });
}

// Scrolls through the page so lazy images load, then waits for them all.
async function loadAllImages(page) {
  await page.evaluate(async () => {
    for (let y = 0; y < document.body.scrollHeight; y += 600) {
      window.scrollTo(0, y);
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    window.scrollTo(0, 0);
    await Promise.all(Array.from(document.images).map((img) => img.complete ? null
      : new Promise((resolve) => { img.addEventListener("load", resolve); img.addEventListener("error", resolve); })));
  });
  return page.evaluate(() => Array.from(document.images).filter((img) => !(img.naturalWidth > 0))
    .map((img) => img.currentSrc || img.src));
}

async function visit(context, url, name) {
  const page = await context.newPage();
  const errors = [];
  page.on("console", (message) => { if (message.type() === "error") errors.push(message.text()); });
  page.on("pageerror", (error) => errors.push(String(error)));
  page.on("requestfailed", (request) => errors.push(`failed: ${request.url()}`));
  const response = await page.goto(base + url, { waitUntil: "load" });
  check(response && response.status() === 200, `${name}: ${url} loads (status ${response && response.status()})`);
  const broken = await loadAllImages(page);
  check(broken.length === 0, `${name}: every image loaded${broken.length ? ": " + broken.join(", ") : ""}`);
  check(errors.length === 0, `${name}: no console errors${errors.length ? ": " + errors.join("; ") : ""}`);
  return page;
}

try {
  const context = await launch({});
  const visits = [["home", "index.html"], ["family", family.url], ["type", typeUrl], ["example", example.url],
    ["which", "which-chart.html"], ["histogram", "histogram/index.html"]];
  for (const [name, url] of visits) {
    const page = await visit(context, url, name);
    await page.screenshot({ path: path.join(shots, `${name}-light.png`), fullPage: true });
    await page.emulateMedia({ colorScheme: "dark" });
    await loadAllImages(page);
    await page.screenshot({ path: path.join(shots, `${name}-dark.png`), fullPage: true });
    await page.close();
  }

  // Search from the header box: instant results.
  const home = await visit(context, "index.html", "search");
  await home.fill("#site-search-input", "hist");
  await home.waitForSelector(".site-search .search-results a", { timeout: 5000 });
  const hits = await home.$$eval(".site-search .search-results a", (links) => links.map((a) => a.getAttribute("href")));
  check(hits.some((href) => href.includes("histogram/index.html")), `searching "hist" finds the histogram page (${hits.join(", ")})`);
  await home.screenshot({ path: path.join(shots, "search-instant.png") });
  await home.close();

  // The search page filters its list from ?q=.
  const results = await visit(context, "search.html?q=hist", "search page");
  const shown = await results.$$eval("#search-list li:not([hidden]) a", (links) => links.map((a) => a.getAttribute("href")));
  const total = await results.$$eval("#search-list li", (items) => items.length);
  check(shown.includes("histogram/index.html") && shown.length < total,
    `the search page narrows to "hist" (${shown.length} of ${total}: ${shown.join(", ")})`);
  await results.screenshot({ path: path.join(shots, "search-page.png"), fullPage: true });
  await results.close();

  // Dark mode swaps the chart to its dark variant; copy buttons appear.
  const page = await visit(context, example.url, "dark mode");
  const chart = "figure.chart img";
  const light = await page.$eval(chart, (img) => img.currentSrc);
  await page.emulateMedia({ colorScheme: "dark" });
  await page.waitForFunction((selector) => document.querySelector(selector).currentSrc.includes(".dark"),
    chart, { timeout: 5000 }).catch(() => null);
  const dark = await page.$eval(chart, (img) => img.currentSrc);
  check(light !== dark && dark.includes(".dark") && !light.includes(".dark"),
    `dark mode swaps the chart (${path.basename(light)} -> ${path.basename(dark)})`);
  await loadAllImages(page);
  const thumbs = await page.$$eval(".card img", (imgs) => imgs.map((img) => img.currentSrc));
  check(thumbs.every((src) => src.includes(".thumb.dark")), "dark mode swaps the thumbnails");
  const buttons = await page.$$eval("button.copy", (b) => b.length);
  check(buttons === 2, `copy buttons appear on the spec and the C program (${buttons})`);
  await page.close();
  await context.close();

  // Without JavaScript (where page.evaluate is unavailable too): the
  // pages load whole, no copy buttons appear, the search page lists all.
  const plain = await launch({ javaScriptEnabled: false });
  for (const url of [example.url, "search.html?q=hist"]) {
    const page = await plain.newPage();
    const bad = [];
    page.on("response", (r) => { if (r.status() >= 400) bad.push(`${r.status()} ${r.url()}`); });
    page.on("requestfailed", (request) => bad.push(`failed: ${request.url()}`));
    const response = await page.goto(base + url, { waitUntil: "load" });
    check(response && response.status() === 200 && bad.length === 0,
      `without JavaScript ${url} loads with all its resources${bad.length ? ": " + bad.join(", ") : ""}`);
    const html = await page.content();
    if (url === example.url)
      check(!html.includes('class="copy"'), "without JavaScript no copy buttons appear");
    else
      check(html.includes("<li data-search") && !/<li[^>]* hidden/.test(html),
        "without JavaScript the search page lists every entry");
    await page.screenshot({ path: path.join(shots, `noscript-${path.basename(url).split("?")[0]}.png`), fullPage: true });
    await page.close();
  }
  await plain.close();
} catch (error) {
  failed++;
  console.log(`not ok - ${error.stack || error}`);
} finally {
  server.close();
  rmSync(work, { recursive: true, force: true });
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);

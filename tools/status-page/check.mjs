// Opens a run's status page in Debian's Chromium and checks that it shows the run's own numbers.
//   node tools/status-page/check.mjs --url http://127.0.0.1:PORT/api/migrations/RUN/page --screenshot out/test-results/status-page.png
// Passes (exit 0) when: the phases table shows, cell for cell, what GET /api/migrations/RUN answers; the
// throughput chart draws a line and its records add up to the series; tokens per day add up to the run's
// tokens; and the page asked nothing of any host but its own. Always saves the screenshot it took.
import { chromium } from "playwright-core";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, a, i, all) =>
  a.startsWith("--") ? [...pairs, [a.slice(2), all[i + 1]]] : pairs, []));
const pageUrl = args.url;
const screenshot = resolve(args.screenshot ?? "out/test-results/status-page.png");
const timeout = Number(args.timeout ?? 30000);
const executablePath = args.chromium ?? "/usr/bin/chromium";
if (!pageUrl) {
  console.error("usage: check.mjs --url <status page url> [--screenshot file.png] [--timeout ms] [--chromium path]");
  process.exit(2);
}

const failures = [];
const expect = (ok, message) => { if (!ok) failures.push(message); };
const number = text => Number(String(text).replace(/[^0-9.-]/g, ""));

// A fresh profile each time, and no background traffic: this machine's network is closed.
const profile = mkdtempSync(join(tmpdir(), "status-page-chromium-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath,
  headless: true,
  viewport: { width: 1280, height: 900 },
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});
const page = context.pages()[0] ?? await context.newPage();
try {
  const origin = new URL(pageUrl).origin;
  const foreign = [];
  page.on("request", r => { if (!r.url().startsWith(origin) && !r.url().startsWith("data:")) foreign.push(r.url()); });
  const scriptErrors = [];
  page.on("pageerror", e => scriptErrors.push(e.message));

  const response = await page.goto(pageUrl, { waitUntil: "load", timeout });
  expect(response?.status() === 200, `the page answered ${response?.status()}`);
  expect((response?.headers()["content-type"] ?? "").startsWith("text/html"), `the page's content type is ${response?.headers()["content-type"]}`);
  await page.waitForSelector("#phases tbody tr[data-phase]", { timeout });
  await page.waitForSelector("#throughput", { timeout });
  await page.waitForFunction(() => document.body.dataset.state !== "loading", null, { timeout });

  // What the API says, read the same way the page reads it.
  const apiUrl = pageUrl.replace(/\/page(\?.*)?$/, "$1");
  const seriesUrl = pageUrl.replace(/\/page(\?.*)?$/, "/series$1");
  const status = await (await page.request.get(apiUrl)).json();
  const series = await (await page.request.get(seriesUrl)).json();
  // The page renders the state it read; a run that ended stays put, so both reads agree.
  const state = await page.evaluate(() => document.body.dataset.state);
  expect(state === "finished", `the page says the run is '${state}' (runtimeStatus ${status.runtimeStatus}); this check reads an ended run`);

  const rows = await page.$$eval("#phases tbody tr[data-phase]", trs => trs.map(tr => ({
    name: tr.dataset.phase,
    cells: Object.fromEntries([...tr.querySelectorAll("td[data-field]")].map(td => [td.dataset.field, td.textContent])),
  })));
  const fields = ["done", "expected", "created", "updated", "skipped", "rejected"];
  for (const row of rows) {
    const phase = status.phases.find(p => p.name === row.name);
    expect(phase, `the page shows phase ${row.name}, which the status does not have`);
    for (const f of fields)
      if (phase) expect(number(row.cells[f]) === phase[f], `${row.name} ${f}: page ${row.cells[f]}, API ${phase[f]}`);
  }
  for (const p of status.phases.filter(p => p.done > 0))
    expect(rows.some(r => r.name === p.name), `phase ${p.name} moved ${p.done} records but the page does not show it`);
  expect(status.phases.some(p => p.done > 0), "the run moved no record, so the page has nothing to prove");

  // The chart: one line per phase in the series, and the records it plots add up to the series'.
  const chart = await page.$eval("#throughput", svg => ({
    lines: [...svg.querySelectorAll("path.series")].map(p => p.dataset.phase),
    records: Number(svg.dataset.records ?? 0),
  }));
  const seriesRecords = series.throughput.points.reduce((a, p) => a + p.records, 0);
  const seriesPhases = [...new Set(series.throughput.points.flatMap(p => Object.keys(p.phases)))];
  expect(chart.lines.length > 0, "the throughput chart draws no line");
  expect(chart.records === seriesRecords && seriesRecords > 0, `the chart plots ${chart.records} records, the series has ${seriesRecords}`);
  expect(seriesPhases.every(p => chart.lines.includes(p)), `the chart draws ${chart.lines}, the series has ${seriesPhases}`);
  const checkpointed = status.phases.reduce((a, p) => a + p.done, 0);
  expect(seriesRecords === checkpointed, `the series counts ${seriesRecords} records, the phases ${checkpointed}`);

  // Tokens per day add up to what the run spent, and the page lists each day.
  const days = await page.$$eval("#tokens-per-day tbody tr[data-day]", trs => trs.map(tr => tr.children[1].textContent));
  const tokensByDay = series.tokensPerDay.reduce((a, d) => a + d.tokens, 0);
  expect(days.length === series.tokensPerDay.length, `the page lists ${days.length} budget days, the series ${series.tokensPerDay.length}`);
  expect(days.reduce((a, d) => a + number(d), 0) === tokensByDay, "the tokens per day on the page differ from the series");
  expect(tokensByDay === status.pipedrive.run.tokens && tokensByDay > 0, `tokens per day add up to ${tokensByDay}, the run spent ${status.pipedrive.run.tokens}`);

  // Gate decisions and rejects as the API has them.
  const gates = await page.$$eval("#gates tbody tr", trs => trs.map(tr => tr.children[0].textContent));
  expect(gates.length === status.gates.length, `the page lists ${gates.length} gate decisions, the API ${status.gates.length}`);
  const rejects = await page.$$eval("#rejects tbody tr[data-phase]", trs => trs.map(tr => ({ phase: tr.dataset.phase, link: tr.querySelector("a")?.getAttribute("href") })));
  for (const p of status.phases.filter(p => p.rejected > 0))
    expect(rejects.some(r => r.phase === p.name && r.link?.includes(`rejects-${p.name}.csv`)), `no rejects link for ${p.name}`);

  expect(foreign.length === 0, `the page asked other hosts: ${foreign.join(", ")}`);
  expect(scriptErrors.length === 0, `the page's script failed: ${scriptErrors.join("; ")}`);

  mkdirSync(dirname(screenshot), { recursive: true });
  await page.screenshot({ path: screenshot, fullPage: true });
  console.log(JSON.stringify({ passed: failures.length === 0, screenshot, phases: rows.length, chartLines: chart.lines.length,
    chartRecords: chart.records, budgetDays: days.length, gates: gates.length, failures }));
} catch (e) {
  failures.push(e.message);
  mkdirSync(dirname(screenshot), { recursive: true });
  await page.screenshot({ path: screenshot, fullPage: true }).catch(() => {}); // what the page showed when it failed
  console.log(JSON.stringify({ passed: false, screenshot, failures }));
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
process.exit(failures.length === 0 ? 0 : 1);

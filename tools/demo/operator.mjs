// The demo's operator: does what a migration engineer does through the HTTP API, and says so.
// Starts a run, follows it phase by phase, saves the reports, checks what landed in Pipedrive,
// and exits 0 only when reconciliation balances.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith("--") ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);
const host = args.host;
const started = Date.now();
const elapsed = () => `${String(Math.round((Date.now() - started) / 1000)).padStart(4)}s`;
const n = (v) => Number(v ?? 0).toLocaleString("en-US");

async function call(method, path, body) {
  const response = await fetch(host + path, {
    method,
    headers: body ? { "content-type": "application/json" } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  const type = response.headers.get("content-type") ?? "";
  return { status: response.status, location: response.headers.get("location"), text, json: type.includes("json") && text ? JSON.parse(text) : null };
}

// Bulk data leaves Netmera as files: event data, push reports and inventories of what REST cannot read.
// The operator uploads the simulator's export files to an import folder the run reads; users come from
// the REST segment, so the panel's user export is left out.
const folder = args.folder ?? "demo";
const exports = await (await fetch(`${args.netmera}/_sandbox/exports`)).json();
console.log(`==> Operator: uploading Netmera's export files to imports/${folder}/  (PUT /api/imports/${folder}/{name})`);
// The simulator offers the same event export in each of Netmera's delimiters; a real FTP export has one.
// Uploading several would make every event several activities, so one variant goes up.
const eventVariant = exports.find((f) => f.kind === "event-data")?.name;
for (const file of exports.filter((f) => f.kind !== "panel-users" && (f.kind !== "event-data" || f.name === eventVariant))) {
  const bytes = Buffer.from(await (await fetch(`${args.netmera}/_sandbox/exports/${encodeURIComponent(file.name)}`)).arrayBuffer());
  const put = await fetch(`${host}/api/imports/${folder}/${encodeURIComponent(file.name)}`, { method: "PUT", body: bytes });
  if (put.status !== 201) {
    console.error(`    ${file.name}: refused ${put.status} ${await put.text()}`);
    process.exit(1);
  }
  console.log(`    ${file.name.padEnd(52)} ${file.kind.padEnd(24)} ${n(bytes.length).padStart(12)} bytes`);
}

const request = {
  netmera: { connection: args.connection, segmentId: Number(args.segment), importFolder: folder },
  pipedrive: { connection: args.connection },
  options: { batchSize: Number(args["batch-size"] ?? 100), maxParallelBatches: Number(args.parallel ?? 4) },
};
console.log("==> Operator: starting a migration  (POST /api/migrations)");
console.log(`    segment ${request.netmera.segmentId} from Netmera connection '${args.connection}' into Pipedrive connection '${args.connection}'`);
console.log("    (the request names connections; their keys stay in the host's configuration)");
const start = await call("POST", "/api/migrations", request);
if (start.status !== 202) {
  console.error(`    refused: ${start.status} ${start.text}`);
  process.exit(1);
}
const runId = start.json.runId;
console.log(`    accepted: 202, run ${runId}, status at ${start.location}`);
console.log(`    watch it in a browser: ${host}${start.location}/page  (phases, reconciliation, gates, tokens per day, throughput)`);

// What this operator decides at each gate, and why. Each rule reads what a real operator reads first.
const approver = "Demo Operator (demo@example.com)";
const decisions = {
  gdpr: async () => ({
    body: {
      approver,
      decision: "approve",
      basis: "Art. 6(1)(b) GDPR: performance of the customer contract; synthetic demo data",
      note: "approved by ./run.sh demo",
    },
    why: "the demo's users are generated, not real people; a real run needs someone with legal authority here",
  }),
  mapping: async () => {
    const mapping = (await call("GET", `${start.location}/mapping`)).json;
    const lines = mapping.map.lines;
    console.log(`    GET ${start.location}/mapping -> version ${mapping.version}, ${lines.length} lines, ${mapping.problems.length} problems`);
    const byKind = {};
    for (const l of lines) byKind[l.target.kind] = (byKind[l.target.kind] ?? 0) + 1;
    console.log(`    targets: ${Object.entries(byKind).map(([k, v]) => `${v} ${k}`).join(", ")}`);
    for (const l of lines.filter((l) => l.target.entity === "person").slice(0, 12)) {
      const target = l.target.kind === "custom" ? `custom ${l.target.fieldType} "${l.target.name}"` : `${l.target.kind} ${l.target.name}`;
      console.log(`      ${l.sourceId.padEnd(28)} -> ${target.padEnd(44)} ${l.transform} (${Math.round(l.confidence * 100)}%)`);
    }
    for (const l of lines.filter((l) => l.flags.length > 0)) console.log(`      flag ${l.sourceId}: ${l.flags.join("; ")}`);
    console.log(`    the whole map, readable: ${start.location}/mapping?format=markdown (saved with the reports)`);
    // An edit a migration engineer makes: browsing events (logins, searches, cart views) are engagement
    // signals, not sales touchpoints; one activity each would flood the timeline and spend ~5 tokens per
    // event. Summarised, each becomes a count and first/last seen on the person; the purchase-side events
    // stay activities.
    const browsing = ["Login", "Search", "Cart View"];
    const changes = lines
      .filter((l) => l.target.kind === "activity-type" && browsing.includes(l.target.name))
      .map((l) => ({ sourceId: l.sourceId, target: { entity: "person", kind: "summary", name: l.target.name }, transform: "summary" }));
    let version = mapping.version;
    if (changes.length > 0) {
      const edit = await call("PUT", `${start.location}/mapping`, {
        basedOn: mapping.version, editedBy: approver, note: "browsing events summarised on the person instead of one activity each", changes,
      });
      if (edit.status !== 201) throw new Error(`mapping edit refused: ${edit.status} ${edit.text}`);
      version = edit.json.version;
      console.log(`    PUT ${start.location}/mapping -> 201, version ${version}: ${changes.map((c) => c.target.name).join(", ")} summarised on the person instead of one activity each`);
      console.log(`      (they are engagement signals, not sales touchpoints; this saves about 5 tokens per event)`);
    }
    return {
      body: { approver, decision: "approve", version, note: "reviewed the proposal; browsing events summarised" },
      why: `the map has no validation problems and follows the reference mapping, with browsing events summarised; version ${version} is now frozen with the run`,
    };
  },
  sample: async () => {
    const report = JSON.parse((await call("GET", `${start.location}/reports/sample-verification.json`)).text);
    console.log(`    GET ${start.location}/reports/sample-verification.json -> ${report.persons} persons read back, ${report.comparisons} values compared, ${report.mismatches} mismatches`);
    for (const f of report.fields) console.log(`      ${f.field.padEnd(44)} ${String(f.matched).padStart(4)}/${String(f.compared).padEnd(4)} match`);
    if (report.neverFilled.length > 0) console.log(`    mapped but empty in every staged user: ${report.neverFilled.join(", ")}`);
    const ok = report.mismatches === 0;
    return {
      body: { approver, decision: ok ? "approve" : "reject", note: ok ? "every sampled value matches" : `${report.mismatches} mismatches` },
      why: ok ? "every value written reads back as the map says; the production load may start" : "values did not read back as mapped; a real operator fixes the map first",
    };
  },
};
// Reconciliation gates: a phase whose rejects exceed the run's tolerance holds until someone reads them.
// Every record-moving phase has one, named after the phase.
// Reasons documented in docs/transforms.md and docs/netmera-files.md: each names a fix a person can make at the source.
const documentedReasons = [
  "invalid_email", "no_contact", "pipedrive_validation",
  "malformed_row", "invalid_encoding", "no_external_id", "no_event_name", "invalid_timestamp", "invalid_number", "missing_value", "value_without_column",
];
const reconciliationGate = (phase) => async () => {
    const report = await call("GET", `${start.location}/reports/rejects-${phase}.csv`);
    if (report.status !== 200) throw new Error(`rejects-${phase}.csv: ${report.status} ${report.text}`);
    const rows = report.text.trim().split("\n").slice(1);
    const byReason = {};
    for (const row of rows) {
      const reason = row.split(",")[2];
      byReason[reason] = (byReason[reason] ?? 0) + 1;
    }
    console.log(`    GET ${start.location}/reports/rejects-${phase}.csv -> ${rows.length} rejects:`);
    for (const [reason, count] of Object.entries(byReason).sort((a, b) => b[1] - a[1])) console.log(`      ${reason.padEnd(28)} ${count}`);
    const known = Object.keys(byReason).every((r) => documentedReasons.includes(r));
    return {
      body: { approver, decision: known ? "approve" : "reject", note: known ? "known data-quality rejects; fixed in Netmera and moved by the delta sync" : "unexpected reject reasons" },
      why: known
        ? "every reject has a documented reason (transforms.md) a person can fix in Netmera; the records are listed for that"
        : "reasons the rules do not explain need a look before the run goes on",
    };
};

console.log("==> Operator: following the run  (GET " + start.location + ")");
let status;
let lastLine = "";
const decided = new Set();
// For ./run.sh bench pipeline: every poll's phase and the simulator's request count then. A phase starts at its
// first poll; its steady rate leaves out the poll interval at each edge.
const samples = [];
const gateSeconds = {};
for (;;) {
  status = (await call("GET", start.location)).json;
  if (args.bench && status.phase) {
    const stats = await (await fetch(`${args.pipedrive}/_sandbox/stats`)).json();
    samples.push({ phase: status.phase, at: Date.now(), requests: stats.requests });
  }
  const gate = status.openGate;
  if (gate && !decided.has(gate.name)) {
    decided.add(gate.name);
    console.log(`==> Gate '${gate.name}' is open: ${gate.question}`);
    console.log(`    decisions it accepts: ${gate.decisions.join(", ")}`);
    if (!decisions[gate.name] && status.phases.some((p) => p.name === gate.name)) decisions[gate.name] = reconciliationGate(gate.name);
    if (!decisions[gate.name]) {
      console.error(`    this operator has no rule for gate '${gate.name}'; stopping`);
      process.exit(1);
    }
    const decidedAt = Date.now();
    const decision = await decisions[gate.name]();
    gateSeconds[gate.name] = (Date.now() - decidedAt) / 1000;
    const answer = await call("POST", `${start.location}/approvals/${gate.name}`, decision.body);
    console.log(`    POST ${start.location}/approvals/${gate.name} -> ${answer.status}: '${decision.body.decision}' by ${decision.body.approver}`);
    if (answer.status !== 200) {
      console.error(`    refused: ${answer.text}`);
      process.exit(1);
    }
    if (decision.body.basis) console.log(`    basis: ${decision.body.basis}`);
    console.log(`    why: ${decision.why}`);
  }
  const extract = status.phases.find((p) => p.name === "extract");
  const persons = status.phases.find((p) => p.name === "load-persons");
  const pd = status.pipedrive;
  const budget = pd?.today ? `  tokens ${n(pd.run.tokens)} (day left ${n(pd.today.left)}/${n(pd.today.dailyTokens)})` : "";
  const waiting = pd?.waitingForBudgetUntil ? `  waiting for the budget until ${pd.waitingForBudgetUntil}` : "";
  const pr = status.progress;
  const progress = pr ? `  batches ${n(pr.batchesDone)}/${n(pr.batchCount)}${pr.eta ? `, ETA ${pr.eta.slice(11, 19)}` : ""}` : "";
  const line =
    `${status.runtimeStatus.padEnd(9)} phase ${String(status.phase ?? "-").padEnd(17)} ` +
    `extract ${n(extract.done)} listed (${n(extract.created)} staged)  ` +
    `persons ${n(persons.done)}/${n(persons.expected)} (created ${n(persons.created)}, rejected ${n(persons.rejected)})` +
    progress + budget + waiting;
  if (line !== lastLine && !args.quiet) console.log(`[${elapsed()}] ${line}`);
  lastLine = line;
  if (["Completed", "Failed", "Terminated"].includes(status.runtimeStatus)) break;
  await new Promise((r) => setTimeout(r, 1000));
}

if (status.runtimeStatus !== "Completed") {
  console.error(`==> The run ended ${status.runtimeStatus}: ${status.failure?.message ?? "no detail"}`);
  process.exit(1);
}

const out = join(args.out, runId);
mkdirSync(out, { recursive: true });
console.log(`==> Operator: saving the run's reports to ${out}  (GET .../reports)`);
const reports = (await call("GET", `${start.location}/reports`)).json;
for (const report of reports) {
  const body = await call("GET", report.url);
  writeFileSync(join(out, report.name), body.text);
  console.log(`    ${report.name.padEnd(28)} ${n(body.text.length)} bytes`);
}
const mapMarkdown = (await call("GET", `${start.location}/mapping?format=markdown`)).text;
writeFileSync(join(out, "mapping.md"), mapMarkdown);
console.log(`    ${"mapping.md".padEnd(28)} ${n(mapMarkdown.length)} bytes  (GET .../mapping?format=markdown)`);

// The handover: written inventories of what does not move (journeys, campaign schedules, widgets, surveys, push
// subscriptions, users without email) and the checklist for rebuilding workflows by hand.
const handover = await call("GET", `${start.location}/reports/handover.md`);
if (handover.status !== 200) {
  console.error(`    handover.md: ${handover.status} ${handover.text}`);
  process.exit(1);
}
console.log(`==> The handover index  (GET ${start.location}/reports/handover.md; each file saved as handover-*.md and handover-*.csv)`);
for (const line of handover.text.trimEnd().split("\n")) console.log(`    ${line}`);

const reconciliation = JSON.parse((await call("GET", `${start.location}/reports/reconciliation.json`)).text);
console.log("==> Reconciliation: expected = created + updated + skipped + rejected");
for (const p of reconciliation.phases) {
  const mark = p.balances ? "balances" : `DRIFT ${p.drift}`;
  console.log(`    ${p.phase.padEnd(18)} ${n(p.expected)} = ${n(p.created)} + ${n(p.updated)} + ${n(p.skipped)} + ${n(p.rejected)}   ${mark}`);
}

const landed = await (await fetch(`${args.pipedrive}/_sandbox/stats`)).json();
const source = await (await fetch(`${args.netmera}/_sandbox/stats`)).json();
const persons = reconciliation.phases.find((p) => p.phase === "load-persons");
console.log("==> What landed");
console.log(`    Netmera users in the source      ${n(source.users)}`);
console.log(`    Pipedrive persons now            ${n(landed.persons)}  (this run created ${n(persons.created)})`);
const extracted = reconciliation.phases.find((p) => p.phase === "extract");
console.log(`    Merged or excluded at extraction ${n(extracted.skipped)}  (duplicates by email or device; see skipped-extract.csv)`);
console.log(`    Rejected with a reason           ${n(persons.rejected)}  (see rejects-load-persons.csv)`);
const created = (phase) => reconciliation.phases.find((p) => p.phase === phase)?.created ?? 0;
console.log(`    Pipedrive organizations now      ${n(landed.organizations)}  (this run created ${n(created("load-organizations"))}, named by the users' Company attribute)`);
console.log(`    Pipedrive activities now         ${n(landed.activities)}  (events ${n(created("load-activities"))}, campaign touchpoints ${n(created("load-touchpoints"))})`);
console.log(`    Pipedrive deals now              ${n(landed.deals)}  (one per Netmera campaign: ${n(created("load-campaigns"))}, in the "Netmera campaigns" pipeline)`);
console.log(`    Pipedrive filters created        ${n(created("load-filters"))}  (one per Netmera segment; see segment-filter-map.md for what could not move)`);
const everyObjectLanded =
  landed.organizations === created("load-organizations") &&
  landed.activities === created("load-activities") + created("load-touchpoints") &&
  landed.deals === created("load-campaigns");
const verified = JSON.parse((await call("GET", `${start.location}/reports/verification-persons.json`)).text);
console.log(`    Read back and compared           ${n(verified.persons)} persons, ${n(verified.comparisons)} values, ${n(verified.mismatches)} mismatches  (see verification-persons.md)`);
const pd = status.pipedrive;
console.log(`    Pipedrive requests made          ${n(landed.requests)}  (run: ${n(pd.run.requests)} requests, ${n(pd.run.tokens)} tokens, ${n(pd.run.retries)} retries, ${n(pd.run.rateLimited)} answered 429)`);
if (pd.today) console.log(`    Pipedrive budget today           ${n(pd.today.used)} of ${n(pd.today.dailyTokens)} tokens used, resets ${pd.today.resetsAt}`);
// Before calling a migration done, an operator checks it can be undone: the preview lists what a rollback would
// delete, per object, and what that costs in tokens; it writes nothing (the demo leaves the migration in place).
if (!args.bench) {
  const preview = await call("POST", `${start.location}/rollback`, { preview: true });
  if (preview.status !== 200) {
    console.error(`    rollback preview: ${preview.status} ${preview.text}`);
    process.exit(1);
  }
  const p = preview.json;
  console.log(`==> Operator: could this run be undone?  (POST ${start.location}/rollback {"preview": true}; nothing is written)`);
  for (const o of p.objects) {
    console.log(`    ${o.objectType.padEnd(20)} ${n(o.toDelete).padStart(7)} to delete${o.toRestore ? `, ${n(o.toRestore)} to restore` : ""}  ${n(o.tokens).padStart(7)} tokens`);
  }
  console.log(`    in all ${n(p.tokens)} tokens; ${p.budget?.fitsToday ? "fits in what is left of today's budget" : "needs more than today's budget: it would sleep for the reset like the load"}`);
  console.log(`    why: a migration is only safe to start if it can be undone; POST .../rollback without preview would run it (docs/rollback.md)`);
}
// Cutover: the team stops writing to Netmera, but users changed while the migration ran. The operator declares
// the freeze; delta syncs (a timer, or on demand) re-read the segment and move exactly what changed since.
if (!args.bench) {
  const windowEnd = new Date(Date.now() + 4 * 3600 * 1000).toISOString();
  const declared = await call("POST", `${start.location}/cutover`, { declaredBy: "Demo operator", windowEnd, intervalMinutes: 60 });
  if (declared.status !== 202) {
    console.error(`    cutover: ${declared.status} ${declared.text}`);
    process.exit(1);
  }
  console.log(`==> Operator: cutover declared  (POST ${start.location}/cutover; window until ${windowEnd}, a delta sync every 60 minutes)`);
  console.log("    why: Netmera writes are frozen now; what changed during the migration must follow before Pipedrive takes over");
  // While the migration ran, Netmera kept changing: one user renamed, one moved city, one added, one deleted.
  const users = await (await fetch(`${args.netmera}/_sandbox/users`)).json();
  const edit = async (method, path, body) => {
    const r = await fetch(`${args.netmera}${path}`, { method, headers: body ? { "content-type": "application/json" } : {}, body: body ? JSON.stringify(body) : undefined });
    if (r.status >= 300) { console.error(`    simulator ${method} ${path}: ${r.status} ${await r.text()}`); process.exit(1); }
  };
  const [a, b, c] = [users[10].extId, users[20].extId, users[30].extId];
  await edit("PATCH", `/_sandbox/users/${encodeURIComponent(a)}`, { surname: "Renamed-In-Cutover" });
  await edit("PATCH", `/_sandbox/users/${encodeURIComponent(b)}`, { city: "Eskişehir" });
  await edit("POST", "/_sandbox/users", { extId: "demo-cutover-new", name: "Nova", surname: "Latecomer", email: "nova.latecomer@example.org", country: "US" });
  await edit("DELETE", `/_sandbox/users/${encodeURIComponent(c)}`);
  console.log("    (the simulator plays the late changes: 2 users edited, 1 added, 1 deleted in Netmera)");
  const waitForSync = async (sync) => {
    for (;;) {
      const cutover = (await call("GET", start.location)).json.cutover;
      if ((cutover?.watermark?.sync ?? 0) >= sync) return cutover.watermark.counts;
      if (["Failed", "Terminated"].includes(cutover?.latestSync?.runtimeStatus)) {
        console.error(`    delta sync ${sync} ${cutover.latestSync.runtimeStatus}`);
        process.exit(1);
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  };
  for (const sync of [1, 2]) {
    const now = await call("POST", `${start.location}/cutover/sync`);
    if (![202, 409].includes(now.status)) { console.error(`    cutover/sync: ${now.status} ${now.text}`); process.exit(1); }
    const k = await waitForSync(sync);
    console.log(`==> Delta sync ${sync}  (POST ${start.location}/cutover/sync${now.status === 409 ? "; the timer had started it" : ""})`);
    console.log(`    listed ${n(k.listed)}: new ${n(k.new)}, changed ${n(k.changed)}, unchanged ${n(k.unchanged)}, gone ${n(k.gone)}, skipped ${n(k.skipped)}`);
    console.log(`    Pipedrive: created ${n(k.created)}, updated ${n(k.updated)} (before-images kept), labelled gone ${n(k.flagged)}, rejected ${n(k.rejected)}  (see delta-${String(sync).padStart(4, "0")}.md)`);
    if (sync === 2) console.log("    a second sync with nothing new writes nothing: the watermark moved only after the first succeeded");
  }
  const completed = await call("POST", `${start.location}/cutover/complete`, { completedBy: "Demo operator" });
  if (completed.status !== 200) { console.error(`    cutover/complete: ${completed.status} ${completed.text}`); process.exit(1); }
  console.log(`==> Operator: cutover complete  (POST ${start.location}/cutover/complete); Pipedrive is the system of record now`);
}
console.log(`==> Done in ${elapsed().trim()}: run ${runId} ${reconciliation.balances ? "balances" : "DOES NOT balance"}`);
if (args.bench) {
  const end = { at: Date.now(), requests: landed.requests };
  const phaseStarts = samples.filter((s, i) => i === 0 || samples[i - 1].phase !== s.phase);
  const phases = phaseStarts.map((p, i) => {
    const next = phaseStarts[i + 1] ?? end;
    const seconds = (next.at - p.at) / 1000;
    // Steady: from the phase's second poll to its last, which leaves out the poll interval at each edge where
    // the phase before or after may still (or already) be sending.
    const inside = samples.filter((s) => s.at >= p.at && s.at < next.at);
    const first = inside[1], last = inside.at(-1);
    const steadySeconds = first && last && last.at > first.at ? (last.at - first.at) / 1000 : 0;
    return {
      phase: p.phase, seconds, requests: next.requests - p.requests, requestsPerSecond: seconds > 0 ? (next.requests - p.requests) / seconds : 0,
      steadySeconds, steadyRequestsPerSecond: steadySeconds > 0 ? (last.requests - first.requests) / steadySeconds : null,
    };
  });
  const usage = await (await fetch(`${args.pipedrive}/_sandbox/usage`)).json();
  const burstPerSecond = (usage.tokens?.[0]?.burstLimit ?? 0) / 2;
  const load = phases.find((p) => p.phase === "load-persons");
  const created = reconciliation.phases.filter((p) => p.phase.startsWith("load-")).reduce((sum, p) => sum + p.created, 0);
  const figures = {
    users: source.users,
    personsCreated: persons.created,
    recordsCreated: created,
    runSeconds: (end.at - started) / 1000,
    gateSeconds,
    personsPerSecondWholeRun: persons.created / ((end.at - started) / 1000),
    personsPerSecondLoadPhase: load ? persons.created / load.seconds : null,
    phases,
    rateLimitsEnforced: usage.rateLimitsEnforced,
    burstRequestsPerSecond: burstPerSecond,
    // Only meaningful when the simulator holds the host to the plan's burst limit.
    loadPhaseBurstUse: usage.rateLimitsEnforced && load && burstPerSecond > 0 ? load.requestsPerSecond / burstPerSecond : null,
    // Each load phase's rate over the burst, whole and steady (edges left out); throttled runs only.
    burstUseByPhase: usage.rateLimitsEnforced && burstPerSecond > 0
      ? Object.fromEntries(phases.filter((p) => p.phase.startsWith("load-") && p.requests > 0).map((p) => [p.phase, {
          whole: p.requestsPerSecond / burstPerSecond,
          steady: p.steadyRequestsPerSecond === null ? null : p.steadyRequestsPerSecond / burstPerSecond,
          seconds: p.seconds,
        }]))
      : null,
    requestSeries: samples.map((s) => [s.at - started, s.requests]),
    recordsPerSecondWholeRun: created / ((end.at - started) / 1000),
    maxParallelBatches: request.options.maxParallelBatches,
    batchSize: request.options.batchSize,
    tokens: pd.run.tokens,
    requests: pd.run.requests,
    rateLimited: pd.run.rateLimited,
    tokensPerCreatedRecord: created > 0 ? pd.run.tokens / created : null,
    // The least the map needs: one v2 create (5 tokens) per record created. Schema, owner lookups and the
    // verification read-back (about 0.1 token per person) are the rest.
    minimumTokens: 5 * created,
    tokensOverMinimum: created > 0 ? pd.run.tokens / (5 * created) : null,
    verificationMismatches: verified.mismatches,
    balances: reconciliation.balances,
  };
  writeFileSync(args.bench, JSON.stringify(figures, null, 2));
  console.log(`    figures: ${args.bench}`);
}
process.exit(reconciliation.balances && landed.persons === persons.created && everyObjectLanded && verified.mismatches === 0 ? 0 : 1);

// Prints the whole-pipeline benchmark's figures (out/bench/pipeline-*.json) as a table.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const [dir, prefix, limits] = process.argv.slice(2);
const rows = readdirSync(dir)
  .filter((f) => f.startsWith(prefix) && f.endsWith(`-${limits}.json`))
  .map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")))
  .sort((a, b) => a.users - b.users);
const fmt = (v, d = 0) => (v === null || v === undefined ? "-" : Number(v).toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d }));
console.log(`==> Whole pipeline, Pipedrive rate limits ${limits}${rows[0]?.azurite ? `, Azurite data ${rows[0].azurite}` : ""}`);
console.log("users    persons  run s  gates s  load s  persons/s(load)  persons/s(run)  burst use  tokens/min  429s  host MB  sim MB  balances");
for (const r of rows) {
  const load = r.phases.find((p) => p.phase === "load-persons");
  const gates = Object.values(r.gateSeconds ?? {}).reduce((a, b) => a + b, 0);
  console.log(
    [
      fmt(r.users).padEnd(8), fmt(r.personsCreated).padStart(7), fmt(r.runSeconds).padStart(6), fmt(gates, 1).padStart(8), fmt(load?.seconds).padStart(7),
      fmt(r.personsPerSecondLoadPhase).padStart(16), fmt(r.personsPerSecondWholeRun).padStart(15), fmt(r.loadPhaseBurstUse, 3).padStart(10),
      fmt(r.tokensOverMinimum, 3).padStart(11), fmt(r.rateLimited).padStart(5), fmt(r.hostPeakMb).padStart(8), fmt(r.simulatorPeakMb).padStart(7),
      String(r.balances).padStart(9),
    ].join(" "),
  );
}
// Throttled runs: each load phase's requests per second over the burst, over the whole phase as the operator saw it
// and over its steady part (its first and last poll interval left out).
for (const r of rows.filter((r) => r.burstUseByPhase)) {
  console.log(`==> Burst use by load phase, ${fmt(r.users)} users (whole phase / steady)`);
  for (const [phase, u] of Object.entries(r.burstUseByPhase))
    console.log(`    ${phase.padEnd(20)} ${fmt(u.whole, 3)} / ${fmt(u.steady, 3)}  over ${fmt(u.seconds, 1)} s`);
}

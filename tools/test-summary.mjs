// Sums the TRX files of a test run and prints the closing line "N passed, N failed, N skipped".
// Exits non-zero when a test failed, or when fewer result files than test projects were written
// (a project that crashed, or two result files that collided, must not read as green).
// usage: node test-summary.mjs <results dir> <number of test projects>
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2];
const projects = Number(process.argv[3] ?? 0);
let passed = 0, failed = 0, skipped = 0, files = 0;
const skipReasons = new Map();
for (const name of readdirSync(dir).filter((f) => f.endsWith(".trx"))) {
  const trx = readFileSync(join(dir, name), "utf8");
  const counters = trx.match(/<Counters\b[^>]*\/>/);
  if (!counters) continue;
  const get = (attr) => Number((counters[0].match(new RegExp(`\\b${attr}="(\\d+)"`)) ?? [, 0])[1]);
  files++;
  passed += get("passed");
  failed += get("failed") + get("error") + get("timeout") + get("aborted");
  // Skipped tests are counted in total but not in executed.
  skipped += get("total") - get("executed");
  for (const [, reason] of trx.matchAll(/<UnitTestResult [^>]*outcome="NotExecuted"[^>]*>\s*<Output>\s*<ErrorInfo>\s*<Message>([^<]*)<\/Message>/g)) {
    skipReasons.set(reason, (skipReasons.get(reason) ?? 0) + 1);
  }
}
for (const [reason, count] of skipReasons) console.log(`skipped ${count}: ${reason}`);
if (files < Math.max(projects, 1)) {
  console.log(`only ${files} result files for ${projects} test projects: a test run is missing`);
  failed = Math.max(failed, 1);
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);

// Sums the TRX files of a test run and prints the closing line "N passed, N failed, N skipped".
// Exits non-zero when a test failed, or when fewer result files than test projects were written
// (a project that crashed, or two result files that collided, must not read as green).
// usage: node test-summary.mjs <results dir> <number of test projects>
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2];
const projects = Number(process.argv[3] ?? 0);
let passed = 0, failed = 0, skipped = 0, files = 0;
for (const name of readdirSync(dir).filter((f) => f.endsWith(".trx"))) {
  const trx = readFileSync(join(dir, name), "utf8");
  const counters = trx.match(/<Counters\b[^>]*\/>/);
  if (!counters) continue;
  const get = (attr) => Number((counters[0].match(new RegExp(`\\b${attr}="(\\d+)"`)) ?? [, 0])[1]);
  files++;
  passed += get("passed");
  failed += get("failed") + get("error") + get("timeout") + get("aborted");
  skipped += get("notExecuted") + get("inconclusive");
}
if (files < Math.max(projects, 1)) {
  console.log(`only ${files} result files for ${projects} test projects: a test run is missing`);
  failed = Math.max(failed, 1);
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);

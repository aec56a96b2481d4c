// Sums the TRX files of a test run and prints the closing line "N passed, N failed, N skipped".
// Exits non-zero when a test failed or no test ran.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2];
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
if (files === 0) {
  console.log("no test results were written");
  failed = Math.max(failed, 1);
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);

// The import-direction rules of ARCHITECTURE.md, checked mechanically (npm run lint:imports):
// workers/ → collector/ → slo/ → alerts/ → dashboard/; each stage imports only what is allowed from the stages before it.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, normalize, relative, dirname } from "node:path";

const root = process.cwd();
const glue = (file) => /\.(routes|cron|do|queue)\.ts$/.test(file);
/** For each stage: which files of other stages a non-test file may import (paths relative to the repository). */
const rules = {
  collector: (file, target) => file === "collector/worker.ts" || target.startsWith("collector/"),
  slo: (file, target) =>
    target.startsWith("slo/") ||
    ["collector/event.ts", "collector/window-counts.ts", "collector/sketch.ts", "collector/conventions.ts", "collector/config-resolver.ts"].includes(target) ||
    (glue(file) && ["collector/auth.ts", "collector/http-error.ts", "collector/decode/otlp-json.ts"].includes(target)),
  alerts: (file, target) =>
    target.startsWith("alerts/") ||
    (target.startsWith("slo/") && !glue(target)) ||
    target === "collector/conventions.ts" || target === "collector/config-resolver.ts" ||
    (glue(file) && ["collector/auth.ts", "collector/http-error.ts", "collector/decode/otlp-json.ts", "collector/sql-migrations.ts"].includes(target)),
  workers: (_file, target) => target.startsWith("workers/") || target === "collector/conventions.ts",
};

function* files(dir) {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (/\.(ts|mjs)$/.test(entry)) yield path;
  }
}

const problems = [];
for (const stage of Object.keys(rules)) {
  let dir;
  try {
    dir = statSync(join(root, stage)) && join(root, stage);
  } catch {
    continue;
  }
  for (const path of files(dir)) {
    const file = relative(root, path);
    if (/\.test\.ts$/.test(file) || file.includes("/testing/")) continue;
    for (const [, spec] of readFileSync(path, "utf8").matchAll(/^\s*(?:import|export)[^"']*?from\s+["']([^"']+)["']/gm)) {
      if (!spec.startsWith(".")) continue;
      let target = normalize(join(dirname(file), spec));
      if (!/\.(ts|mjs|js|yaml)$/.test(target)) target += ".ts";
      if (!rules[stage](file, target)) problems.push(`${file} imports ${target}`);
    }
  }
}
if (problems.length > 0) {
  console.error(`import-direction rules broken (ARCHITECTURE.md):\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
console.log("import directions: ok");

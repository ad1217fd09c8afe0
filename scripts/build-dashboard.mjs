// Builds the dashboard's static assets into dashboard/dist: the pages as they are, the app bundled with Chart.js.
import { build } from "esbuild";
import { cpSync, mkdirSync, rmSync } from "node:fs";

const root = new URL("../dashboard/", import.meta.url).pathname;
rmSync(`${root}dist`, { recursive: true, force: true });
mkdirSync(`${root}dist`, { recursive: true });
cpSync(`${root}public`, `${root}dist`, { recursive: true });
await build({
  entryPoints: [`${root}app/main.ts`],
  outfile: `${root}dist/app.js`,
  bundle: true,
  format: "esm",
  target: "es2022",
  minify: true,
  sourcemap: true,
  logLevel: "warning",
});

// Guards `npm run record` against a silent fallback to the machine's Node 20 (Node 22 is pinned in devDependencies).
const major = Number(process.versions.node.split(".")[0]);
if (major < 22) {
  console.error(
    `the fixture recorder needs Node >= 22 (running ${process.version}). The project pins Node in devDependencies:` +
      " run `npm ci` (with install scripts enabled) and go through `npm run`/`npx`.",
  );
  process.exit(1);
}

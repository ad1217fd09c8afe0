// Guards every npm script against a silent fallback to the machine's Node 20 (see README "Node").
const major = Number(process.versions.node.split(".")[0]);
if (major < 22) {
  console.error(
    `edgeslo needs Node >= 22 (running ${process.version}). The project pins Node in devDependencies:` +
      " run `npm ci` (with install scripts enabled) and go through `npm run`/`npx`.",
  );
  process.exit(1);
}

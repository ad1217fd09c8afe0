// `npm run traffic`: drives prompt-optimizer and eval-engine with a realistic mix so the dashboard has live data: popular
// prompts repeated (cache hits, also with other PII values, spacing, case and key order), some bad inputs (4xx), evaluate
// requests across the service binding, and a cycle of provider phases on the local LLM (slow, erroring, outage).
// Env: OPTIMIZER_URL, EVAL_URL, LLM_URL (default from PORT like npm start), RATE (requests/s, default 4),
// DURATION_S (default 300; 0 = until stopped), PHASES=off to keep the providers normal. Bounded: at most 16 in flight.
const port = Number(process.env.PORT ?? 8787);
const OPTIMIZER_URL = process.env.OPTIMIZER_URL ?? `http://127.0.0.1:${port + 1}`;
const EVAL_URL = process.env.EVAL_URL ?? `http://127.0.0.1:${port + 2}`;
const LLM_URL = process.env.LLM_URL ?? `http://127.0.0.1:${port + 3}`;
const RATE = Number(process.env.RATE ?? 4);
const DURATION_S = Number(process.env.DURATION_S ?? 300);
const PHASES = process.env.PHASES !== "off";
const MAX_IN_FLIGHT = 16;

const PROMPTS = [
  "write a haiku about the sea",
  "summarise this meeting transcript into action items with owners",
  "explain how a B-tree index speeds up range queries",
  "draft a polite reminder to a customer about an overdue invoice",
  "give me three title ideas for a blog post about edge computing",
  "translate 'where is the train station' into French, German and Spanish",
  "write a SQL query that returns the top five customers by revenue last month",
  "explain the difference between TCP and UDP to a new engineer",
  "create a weekly meal plan for a vegetarian athlete",
  "write unit test ideas for a function that parses ISO dates",
  "outline a talk about observability for serverless applications",
  "suggest names for a coffee shop near a university",
  "explain what an SLO error budget is with an example",
  "rewrite this paragraph to sound more confident and concise",
  "list the pros and cons of server-side rendering",
  "write a product description for noise cancelling headphones",
  "explain gradient descent with a simple analogy",
  "draft an incident postmortem template",
  "give feedback on a cover letter for a junior data analyst role",
  "plan a three day trip to Lisbon on a budget",
];
const NAMES = ["ana", "li", "omar", "sofia", "ken", "maria", "tom", "zoe"];
const STYLES = ["concise", "detailed", "structured", "creative"];

let seed = 20261125;
const random = () => {
  seed = (seed * 1664525 + 1013904223) >>> 0;
  return seed / 4294967296;
};
const pick = (list) => list[Math.floor(random() * list.length)];
/** Zipf-like popularity: the first prompts are asked far more often, so caches warm up quickly. */
const popularPrompt = () => PROMPTS[Math.min(PROMPTS.length - 1, Math.floor(PROMPTS.length * random() ** 2.2))];

function variant(text) {
  const r = random();
  if (r < 0.2) return `  ${text.toUpperCase()} `; // same key: case and spacing are normalised
  if (r < 0.35) return `${text} and send it to ${pick(NAMES)}.${pick(NAMES)}@example.com`; // PII is masked before the key
  if (r < 0.45) return `${text} (call me on +1 415 555 01${Math.floor(random() * 90 + 10)})`;
  return text;
}

function structured() {
  const fields = { task: popularPrompt(), audience: pick(["engineers", "executives", "students"]), format: pick(["bullets", "table"]) };
  const entries = Object.entries(fields).sort(() => random() - 0.5); // key order must not matter
  return Object.fromEntries(entries);
}

function optimizeRequest() {
  const body = {
    prompt: random() < 0.15 ? structured() : variant(popularPrompt()),
    style: random() < 0.7 ? "concise" : pick(STYLES),
    ...(random() < 0.15 ? { evaluate: true } : {}),
  };
  return { name: "optimize", url: `${OPTIMIZER_URL}/optimize`, body: JSON.stringify(body) };
}

function evaluateRequest() {
  const prompt = popularPrompt();
  const response = random() < 0.5 ? `Here is an answer: ${prompt}. First, consider the context. Then give concrete steps.` : `A short answer about ${prompt.split(" ").slice(-3).join(" ")}.`;
  return { name: "evaluate", url: `${EVAL_URL}/evaluate`, body: JSON.stringify({ prompt, response, ...(random() < 0.3 ? { criteria: ["relevance", "clarity"] } : {}) }) };
}

function badRequest() {
  const cases = [
    { name: "bad", url: `${OPTIMIZER_URL}/optimize`, body: JSON.stringify({ prompt: "" }) },
    { name: "bad", url: `${OPTIMIZER_URL}/optimize`, body: "{not json" },
    { name: "bad", url: `${OPTIMIZER_URL}/optimize`, body: JSON.stringify({ prompt: "hi", style: "pirate" }) },
    { name: "bad", url: `${EVAL_URL}/evaluate`, body: JSON.stringify({ response: "no prompt" }) },
  ];
  return pick(cases);
}

function nextRequest() {
  const r = random();
  return r < 0.08 ? badRequest() : r < 0.62 ? optimizeRequest() : evaluateRequest();
}

const counts = { sent: 0, byStatus: {}, hits: 0, misses: 0, errors: 0, skipped: 0 };
let inFlight = 0;

async function fire() {
  if (inFlight >= MAX_IN_FLIGHT) {
    counts.skipped += 1;
    return;
  }
  const req = nextRequest();
  inFlight += 1;
  counts.sent += 1;
  try {
    const response = await fetch(req.url, { method: "POST", headers: { "content-type": "application/json" }, body: req.body, signal: AbortSignal.timeout(20_000) });
    counts.byStatus[response.status] = (counts.byStatus[response.status] ?? 0) + 1;
    const body = await response.json().catch(() => null);
    if (body?.cache?.result === "hit") counts.hits += 1;
    if (body?.cache?.result === "miss") counts.misses += 1;
  } catch {
    counts.errors += 1;
  } finally {
    inFlight -= 1;
  }
}

/** 150 s cycle: normal 60 s; swift slow 30 s; swift and budget erroring 30 s (failovers); all down 10 s (502s); normal. */
const PHASE_PLAN = [
  { atS: 0, name: "normal", changes: [{ phase: "normal" }] },
  { atS: 60, name: "slow provider", changes: [{ phase: "slow", profile: "swift" }] },
  { atS: 90, name: "erroring providers", changes: [{ phase: "normal" }, { phase: "erroring", profile: "swift" }, { phase: "erroring", profile: "budget" }] },
  { atS: 120, name: "provider outage", changes: [{ phase: "down" }] },
  { atS: 130, name: "normal", changes: [{ phase: "normal" }] },
];
const CYCLE_S = 150;
let currentPhase = null;

async function setPhase(step) {
  try {
    for (const change of step.changes) {
      const response = await fetch(`${LLM_URL}/admin/phase`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(change) });
      if (!response.ok) throw new Error(`answered ${response.status}`);
    }
    console.log(`phase: ${step.name}`);
  } catch (error) {
    console.log(`phase ${step.name}: local LLM unreachable (${error.message})`);
  }
}

const started = Date.now();
console.log(`traffic: ${RATE} req/s to ${OPTIMIZER_URL} and ${EVAL_URL}${DURATION_S ? ` for ${DURATION_S} s` : " until stopped"}; phases ${PHASES ? "on" : "off"}`);

const tick = setInterval(() => void fire(), 1000 / RATE);
const phaseTimer = setInterval(() => {
  if (!PHASES) return;
  const t = ((Date.now() - started) / 1000) % CYCLE_S;
  const step = [...PHASE_PLAN].reverse().find((s) => t >= s.atS);
  if (step && step !== currentPhase) {
    currentPhase = step;
    void setPhase(step);
  }
}, 1000);
const report = setInterval(() => {
  const hitRate = counts.hits + counts.misses ? ((100 * counts.hits) / (counts.hits + counts.misses)).toFixed(0) : "-";
  console.log(`sent ${counts.sent}, status ${JSON.stringify(counts.byStatus)}, cache hit ${hitRate} %, network errors ${counts.errors}, skipped ${counts.skipped}`);
}, 10_000);

async function stop() {
  clearInterval(tick);
  clearInterval(phaseTimer);
  clearInterval(report);
  if (PHASES) await setPhase(PHASE_PLAN[0]);
  console.log(`done: sent ${counts.sent}, status ${JSON.stringify(counts.byStatus)}, hits ${counts.hits}, misses ${counts.misses}`);
  process.exit(0);
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
if (DURATION_S > 0) setTimeout(stop, DURATION_S * 1000);

import { describe, expect, it } from "vitest";
import { reduceAlert, type AlertRecord } from "./alert-state";
import { observationFixture, silenceFixture } from "./testing/alert-factory";

const MIN = 60_000;
const T0 = 1_795_000_000_000;

/** Runs observations one minute apart and collects the record and the effects of each step. */
function run(steps: boolean[], { forMinutes = 2, silences = [] as ReturnType<typeof silenceFixture>[] } = {}) {
  let record: AlertRecord | null = null;
  return steps.map((active, i) => {
    const { next, effects } = reduceAlert(record, observationFixture({ active, forMinutes }), T0 + i * MIN, silences);
    record = next;
    return { phase: next?.phase ?? null, effects: effects.map((e) => `${e.kind}${"event" in e ? `:${e.event}` : ""}`) };
  });
}

describe("alert lifecycle", () => {
  it("pending for the `for` duration, then firing once (deduplicated), then resolved once", () => {
    expect(run([true, true, true, true, true, false, false])).toEqual([
      { phase: "pending", effects: [] },
      { phase: "pending", effects: [] },
      { phase: "firing", effects: ["notify:firing", "rollback-candidate"] },
      { phase: "firing", effects: [] },
      { phase: "firing", effects: [] },
      { phase: "resolved", effects: ["notify:resolved"] },
      { phase: "resolved", effects: [] },
    ]);
  });

  it("a condition that clears before `for` never fires and leaves nothing behind", () => {
    expect(run([true, false, true, false])).toEqual([
      { phase: "pending", effects: [] }, { phase: null, effects: [] }, { phase: "pending", effects: [] }, { phase: null, effects: [] },
    ]);
  });

  it("for 0 fires on the first active evaluation; a resolved alert that burns again opens a new incident", () => {
    let record: AlertRecord | null = null;
    const incidents: (string | null)[] = [];
    [true, false, true].forEach((active, i) => {
      record = reduceAlert(record, observationFixture({ active, forMinutes: 0 }), T0 + i * MIN, []).next;
      incidents.push(record?.incidentId ?? null);
    });
    expect(incidents[0]).toBe(`${observationFixture().key}@${T0}`);
    expect(incidents[2]).toBe(`${observationFixture().key}@${T0 + 2 * MIN}`);
  });

  it("a silenced alert still goes through its states but notifies nothing, not even its resolve", () => {
    expect(run([true, true, true, false], { silences: [silenceFixture()] })).toEqual([
      { phase: "pending", effects: [] },
      { phase: "pending", effects: [] },
      { phase: "firing", effects: ["suppressed:firing", "rollback-candidate"] },
      { phase: "resolved", effects: [] },
    ]);
  });

  it("a silence only matches its own matchers and time range", () => {
    const otherService = silenceFixture({ matchers: { service: "eval-engine" } });
    const expired = silenceFixture({ endsAtMs: T0 });
    const ticketsOnly = silenceFixture({ matchers: { severity: "ticket-slow" } });
    expect(run([true, true, true], { silences: [otherService, expired, ticketsOnly] })[2]!.effects).toEqual(["notify:firing", "rollback-candidate"]);
  });
});

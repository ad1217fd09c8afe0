import { describe, expect, it } from "vitest";
import type { AlertEvent } from "../alert-event";
import { FIRING_ALERT, firingEvent } from "../testing/alert-factory";
import { buildGenericPayload } from "./generic";
import { buildPagerDutyPayload } from "./pagerduty";
import { buildSlackPayload } from "./slack";

const resolvedEvent: AlertEvent = {
  id: `${FIRING_ALERT.incidentId}:resolved`, type: "alert.resolved", occurredAtMs: FIRING_ALERT.firedAtMs! + 600_000,
  alert: { ...FIRING_ALERT, phase: "resolved", resolvedAtMs: FIRING_ALERT.firedAtMs! + 600_000 }, rollback: null,
};

describe("webhook payloads", () => {
  it("generic JSON carries the event as is", () => {
    expect(JSON.parse(buildGenericPayload(firingEvent()))).toMatchObject({ id: firingEvent().id, type: "alert.firing", occurredAt: "2026-11-18T11:08:40.000Z", alert: { slo: "optimizer-errors", severity: "page-fast" }, rollback: null });
  });

  it("Slack gets text plus blocks", () => {
    expect(buildSlackPayload(firingEvent())).toMatchInlineSnapshot(`
      {
        "blocks": [
          {
            "text": {
              "text": ":rotating_light: [PAGE-FAST] optimizer-errors (prompt-optimizer v2) burning error budget: 20.00x over 1h, 25.00x over 5m (threshold 13.44x)",
              "type": "mrkdwn",
            },
            "type": "section",
          },
          {
            "fields": [
              {
                "text": "*SLO*
      optimizer-errors",
                "type": "mrkdwn",
              },
              {
                "text": "*Service*
      prompt-optimizer v2",
                "type": "mrkdwn",
              },
              {
                "text": "*Severity*
      page-fast",
                "type": "mrkdwn",
              },
            ],
            "type": "section",
          },
          {
            "elements": [
              {
                "text": "edgeslo · project test · alert.firing · 2026-11-18T11:08:40.000Z",
                "type": "mrkdwn",
              },
            ],
            "type": "context",
          },
        ],
        "text": ":rotating_light: [PAGE-FAST] optimizer-errors (prompt-optimizer v2) burning error budget: 20.00x over 1h, 25.00x over 5m (threshold 13.44x)",
      }
    `);
  });

  it("PagerDuty triggers and resolves with the same dedup_key", () => {
    const trigger = buildPagerDutyPayload(firingEvent(), "R0UTING");
    expect(trigger).toMatchInlineSnapshot(`
      {
        "client": "edgeslo",
        "dedup_key": "edgeslo/test/optimizer-errors/version:v2/page-fast",
        "event_action": "trigger",
        "payload": {
          "class": "page-fast",
          "component": "v2",
          "custom_details": {
            "incidentId": "test/optimizer-errors/version:v2/page-fast@1795000120000",
            "longBurnRate": 20,
            "scope": "version:v2",
            "shortBurnRate": 25,
          },
          "group": "optimizer-errors",
          "severity": "critical",
          "source": "prompt-optimizer",
          "summary": "optimizer-errors (prompt-optimizer v2) burning error budget: 20.00x over 1h, 25.00x over 5m (threshold 13.44x)",
          "timestamp": "2026-11-18T11:08:40.000Z",
        },
        "routing_key": "R0UTING",
      }
    `);
    expect(buildPagerDutyPayload(resolvedEvent, "R0UTING")).toEqual({ routing_key: "R0UTING", event_action: "resolve", dedup_key: trigger.dedup_key, client: "edgeslo" });
  });
});

// Counted once: which of an event's roles (request, usage) count, given what the other source already counted for its trace.
import type { EventSource, NormalisedEvent } from "./event";
import type { CountedRoles } from "./rollup";

export const REQUEST_BIT = 1;
export const USAGE_BIT = 2;

export function otherSource(source: EventSource): EventSource {
  return source === "otlp" ? "langfuse" : "otlp";
}

export function roleBits(roles: CountedRoles): number {
  return (roles.request ? REQUEST_BIT : 0) | (roles.usage ? USAGE_BIT : 0);
}

export function rolesOfBits(bits: number): CountedRoles {
  return { request: (bits & REQUEST_BIT) !== 0, usage: (bits & USAGE_BIT) !== 0 };
}

/**
 * The first source to count a role for a trace owns it; the other source's events for that role are dropped.
 * Langfuse traces reach the shards only after a settle delay, so OTLP normally owns the request (its latency is
 * the real one) and Langfuse supplies tokens and cost only when the spans carried none.
 */
export function decideRoles(event: NormalisedEvent, claimedByOtherSource: number): CountedRoles {
  return {
    request: event.isRequest && (claimedByOtherSource & REQUEST_BIT) === 0,
    usage: event.hasUsage && (claimedByOtherSource & USAGE_BIT) === 0,
  };
}

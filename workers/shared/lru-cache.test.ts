// L1 cache: expiry and byte-bounded LRU eviction.
import { describe, expect, it } from "vitest";
import { ByteLru, entryBytes } from "./lru-cache";

describe("ByteLru", () => {
  it("serves an entry until its expiry and not after", () => {
    const lru = new ByteLru(10_000);
    lru.set("k", "v", 1_000);
    expect(lru.get("k", 999)?.value).toBe("v");
    expect(lru.get("k", 1_000)).toBeNull();
    expect(lru.size).toBe(0);
    expect(lru.usedBytes).toBe(0);
  });

  it("evicts the least recently used entries when the byte budget is exceeded", () => {
    const one = entryBytes("a", "x".repeat(100));
    const lru = new ByteLru(one * 2);
    lru.set("a", "x".repeat(100), Infinity);
    lru.set("b", "x".repeat(100), Infinity);
    lru.get("a", 0); // a is now the most recently used
    lru.set("c", "x".repeat(100), Infinity);
    expect(lru.get("b", 0)).toBeNull();
    expect(lru.get("a", 0)).not.toBeNull();
    expect(lru.get("c", 0)).not.toBeNull();
    expect(lru.usedBytes).toBeLessThanOrEqual(lru.maxBytes);
  });

  it("refuses an entry larger than the whole budget without evicting anything", () => {
    const lru = new ByteLru(500);
    lru.set("small", "x", Infinity);
    expect(lru.set("big", "x".repeat(1_000), Infinity)).toBe(false);
    expect(lru.get("small", 0)).not.toBeNull();
  });

  it("replacing a key keeps the byte count exact", () => {
    const lru = new ByteLru(10_000);
    lru.set("k", "x".repeat(10), Infinity);
    lru.set("k", "x".repeat(20), Infinity);
    expect(lru.usedBytes).toBe(entryBytes("k", "x".repeat(20)));
  });
});

// L1 of the tiered cache: an in-isolate LRU bounded by bytes, with a per-entry expiry time.

export interface LruEntry {
  value: string;
  expiresAtMs: number;
}

/** UTF-16 strings: two bytes a code unit, plus a fixed overhead per entry for the Map slot and the object. */
const ENTRY_OVERHEAD_BYTES = 64;

export function entryBytes(key: string, value: string): number {
  return (key.length + value.length) * 2 + ENTRY_OVERHEAD_BYTES;
}

export class ByteLru {
  /** Map iteration order is insertion order: the first key is the least recently used. */
  private readonly entries = new Map<string, LruEntry>();
  private bytes = 0;

  constructor(readonly maxBytes: number) {}

  get size(): number {
    return this.entries.size;
  }

  get usedBytes(): number {
    return this.bytes;
  }

  /** The live entry, refreshed as most recently used; an expired entry is removed and reported as absent. */
  get(key: string, nowMs: number): LruEntry | null {
    const entry = this.entries.get(key);
    if (!entry) return null;
    this.entries.delete(key);
    if (entry.expiresAtMs <= nowMs) {
      this.bytes -= entryBytes(key, entry.value);
      return null;
    }
    this.entries.set(key, entry);
    return entry;
  }

  /** Stores the entry unless it alone exceeds the budget; evicts least recently used entries to make room. */
  set(key: string, value: string, expiresAtMs: number): boolean {
    this.delete(key);
    const size = entryBytes(key, value);
    if (size > this.maxBytes) return false;
    while (this.bytes + size > this.maxBytes) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.delete(oldest.value);
    }
    this.entries.set(key, { value, expiresAtMs });
    this.bytes += size;
    return true;
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entryBytes(key, entry.value);
  }
}

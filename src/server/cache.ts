/** A cached body: the JSON bytes and, for bodies worth it, the same bytes gzipped once at store time. */
export interface CachedBody {
  body: Uint8Array;
  gzip: Uint8Array | null;
}

function sizeOf(v: CachedBody): number {
  return v.body.byteLength + (v.gzip?.byteLength ?? 0);
}

/**
 * Result cache for read endpoints: serialized JSON (UTF-8 bytes, and gzip, so a hit costs no re-encoding) keyed by (route, validated input, personal-data
 * level, workspace data version). The server is the only writer of its workspace, so bumping the
 * version on every write (imports, audits) invalidates exactly what changed. LRU by insertion order,
 * bounded by total bytes. Concurrent misses for the same key share one computation.
 */
export class ResultCache {
  private readonly entries = new Map<string, CachedBody>();
  private readonly inflight = new Map<string, Promise<CachedBody>>();
  private bytes = 0;
  hits = 0;
  misses = 0;

  constructor(private readonly maxBytes: number = 64 * 1024 * 1024) {}

  async get(key: string, compute: () => Promise<CachedBody>): Promise<CachedBody> {
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      this.hits++;
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const pending = this.inflight.get(key);
    if (pending) return pending;
    this.misses++;
    const p = compute().then(
      (value) => {
        this.inflight.delete(key);
        this.store(key, value);
        return value;
      },
      (err: unknown) => {
        this.inflight.delete(key);
        throw err;
      },
    );
    this.inflight.set(key, p);
    return p;
  }

  private store(key: string, value: CachedBody): void {
    if (sizeOf(value) > this.maxBytes) return;
    this.entries.set(key, value);
    this.bytes += sizeOf(value);
    for (const [k, v] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= sizeOf(v);
    }
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }
}

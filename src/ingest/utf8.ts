/**
 * The length of `bytes[0..n)` without an incomplete UTF-8 sequence at its end, so a file read in
 * chunks can be checked chunk by chunk (the held-back bytes go in front of the next chunk).
 * Self-contained: its source text also runs in the scan worker (canonical-scan.ts).
 */
export function utf8CompleteLength(bytes: Uint8Array, n: number): number {
  for (let k = 1; k <= 3 && k <= n; k++) {
    const b = bytes[n - k] ?? 0;
    if ((b & 0xc0) === 0x80) continue;
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > k ? n - k : n;
  }
  return n;
}

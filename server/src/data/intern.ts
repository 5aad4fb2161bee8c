// Reads repeated short cell texts (factor levels) from bytes once each: a byte hash finds the string already made.

const decoder = new TextDecoder();

/**
 * `text(buf, a, b)` is the trimmed text of bytes [a, b) — the same string as decoding and `.trim()` — made once per
 * distinct ASCII content: a factor column of a million rows and 50 levels costs 50 strings, not a million.
 */
export class TextInterner {
  private readonly byHash = new Map<number, { raw: string; trimmed: string }[]>();

  text(buf: Uint8Array, a: number, b: number): string {
    let h = 0x811c9dc5;
    let ascii = true;
    for (let i = a; i < b; i++) {
      const c = buf[i];
      if (c >= 128) ascii = false;
      h = Math.imul(h ^ c, 0x01000193);
    }
    if (!ascii) return decoder.decode(buf.subarray(a, b)).trim();
    const bucket = this.byHash.get(h);
    if (bucket)
      for (const e of bucket) {
        if (e.raw.length !== b - a) continue;
        let same = true;
        for (let i = 0; i < e.raw.length && same; i++) same = e.raw.charCodeAt(i) === buf[a + i];
        if (same) return e.trimmed;
      }
    const raw = decoder.decode(buf.subarray(a, b));
    const entry = { raw, trimmed: raw.trim() };
    if (bucket) bucket.push(entry);
    else this.byHash.set(h, [entry]);
    return entry.trimmed;
  }
}

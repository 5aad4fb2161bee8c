// The model-text fingerprint a fit carries (FitJson.source.textHash), so an editor can tell whether a result is still current.

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;

/** FNV-1a, 64 bits, over the UTF-8 bytes of `text`, as 16 hex digits: cheap and stable across processes, not secret. */
export function textHash(text: string): string {
  let h = FNV_OFFSET;
  for (const b of new TextEncoder().encode(text)) h = BigInt.asUintN(64, (h ^ BigInt(b)) * FNV_PRIME);
  return h.toString(16).padStart(16, '0');
}

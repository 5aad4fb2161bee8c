// Remembers what a pure function of (model text, loaded data) found, so a re-analysis of the same text with the same
// loaded data replays it instead of another pass over the rows (a fit request re-analyses the text the editor showed).

/** Texts remembered per data object and kind: the last few versions of a document (undo returns to one). */
const PER_DATA = 4;

// Keyed by the loaded data (a reload is a new object, so new data never meets an old result), then by what was
// computed; an entry lives only while its data does.
const memo = new WeakMap<object, Map<string, { text: string; value: unknown }[]>>();

/**
 * `compute()` for this kind, text and data object, or what an earlier call with the same three returned. Only for
 * computations determined by the text and the data alone (no clock, no unseeded randomness, no other input).
 */
export function perTextAndData<T>(kind: string, data: object, text: string, compute: () => T): T {
  let kinds = memo.get(data);
  if (!kinds) memo.set(data, (kinds = new Map()));
  const list = kinds.get(kind) ?? [];
  const hit = list.find((e) => e.text === text);
  if (hit) return hit.value as T;
  const value = compute();
  list.unshift({ text, value });
  if (list.length > PER_DATA) list.length = PER_DATA;
  kinds.set(kind, list);
  return value;
}

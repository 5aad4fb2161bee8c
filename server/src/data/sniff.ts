// Recognises what a data file is before parsing it: binary or compressed formats (magic bytes), line endings, delimiter.

import { byteView } from './byte-search.ts';

/** Leading bytes of formats people link by mistake, and how to name them. */
const MAGIC: readonly { readonly bytes: readonly number[]; readonly name: string }[] = [
  { bytes: [0x1f, 0x8b], name: 'a gzip-compressed file: decompress it first (gunzip)' },
  {
    bytes: [0x50, 0x4b, 0x03, 0x04],
    name: 'a ZIP archive (an .xlsx or .ods workbook is one): export the sheet as CSV',
  },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], name: 'a legacy Excel (.xls) workbook: export it as CSV' },
  { bytes: [0x42, 0x5a, 0x68], name: 'a bzip2-compressed file: decompress it first' },
  { bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], name: 'an xz-compressed file: decompress it first' },
  { bytes: [0x28, 0xb5, 0x2f, 0xfd], name: 'a zstd-compressed file: decompress it first' },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], name: 'a 7-Zip archive: extract it first' },
  { bytes: [0x50, 0x41, 0x52, 0x31], name: 'a Parquet file: write it as CSV' },
  { bytes: [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65, 0x20], name: 'an SQLite database: export the table as CSV' },
  { bytes: [0x25, 0x50, 0x44, 0x46], name: 'a PDF document' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], name: 'a PNG image' },
  { bytes: [0xff, 0xfe], name: 'UTF-16 text: save it as UTF-8' },
  { bytes: [0xfe, 0xff], name: 'UTF-16 text: save it as UTF-8' },
];

/** Why the bytes are not delimited text (a named format, or NUL bytes), or undefined when they may be. */
export function binaryKind(bytes: Uint8Array): string | undefined {
  for (const m of MAGIC) if (m.bytes.every((b, i) => bytes[i] === b)) return m.name;
  const head = bytes.subarray(0, 8192);
  if (head.indexOf(0) >= 0) return 'a binary file (it contains NUL bytes), not comma- or tab-separated text';
  return undefined;
}

export type LineEnding = 'LF' | 'CRLF' | 'CR';

/**
 * The file's line endings; old Mac files end lines with a bare CR, which is rewritten to LF in place (same length, so
 * offsets keep their meaning). CRLF is left to the parsers, which treat the CR as part of the line end.
 */
export function normalizeLineEndings(bytes: Uint8Array): { bytes: Uint8Array; ending: LineEnding } {
  const view = byteView(bytes);
  const lf = view.indexOf(10);
  // Only a CR before the first LF can change the answer (one after it reads as LF all the same): no whole-file search.
  const cr = lf >= 0 ? bytes.subarray(0, lf).indexOf(13) : view.indexOf(13);
  if (cr < 0) return { bytes, ending: 'LF' };
  if (lf >= 0 && (lf === cr + 1 || lf < cr)) return { bytes, ending: lf === cr + 1 ? 'CRLF' : 'LF' };
  const out = Uint8Array.from(bytes);
  for (let i = 0; i < out.length; i++) if (out[i] === 13 && out[i + 1] !== 10) out[i] = 10;
  return { bytes: out, ending: 'CR' };
}

export type Delimiter = ',' | ';' | '\t';

/**
 * The delimiter of a file, from its header line: the most frequent of `,` `;` and tab outside quotes, the extension's
 * (tab for .tsv, comma otherwise) on a tie or when there is none. A `;` header means the European CSV convention.
 */
export function detectDelimiter(headerLine: string, path: string): Delimiter {
  const preferred: Delimiter = path.toLowerCase().endsWith('.tsv') ? '\t' : ',';
  const counts = new Map<Delimiter, number>([
    [',', 0],
    [';', 0],
    ['\t', 0],
  ]);
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch as Delimiter)) counts.set(ch as Delimiter, counts.get(ch as Delimiter)! + 1);
  }
  let best: Delimiter = preferred;
  for (const [d, n] of counts) if (n > counts.get(best)!) best = d;
  return best;
}

/** UTF-8, or Windows-1252 for the older exports that are not valid UTF-8 (so names are not garbled). */
export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** The first line of the text (the header), without its line end and a UTF-8 byte-order mark. */
export function firstLine(bytes: Uint8Array): string {
  const nl = bytes.indexOf(10);
  return decodeText(bytes.subarray(0, nl < 0 ? Math.min(bytes.length, 1 << 16) : nl))
    .replace(/^\uFEFF/, '')
    .replace(/\r$/, '');
}

// A file's identity on disk (size and mtime) without reading it: how the server tells that a fit's data file changed.

import { statSync } from 'node:fs';

/** Size and mtime of `abs`, or undefined when it is missing or not a file. */
export function fileStamp(abs: string): { readonly size: number; readonly mtimeMs: number } | undefined {
  try {
    const st = statSync(abs);
    return st.isFile() ? { size: st.size, mtimeMs: st.mtimeMs } : undefined;
  } catch {
    return undefined;
  }
}

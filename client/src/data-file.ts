// Which file the data panel watches: the model's `data "…"` path resolved as the server resolves it (beside the model).
import { dirname, isAbsolute, resolve } from 'node:path';

/** The absolute path of the data file `dataPath` (as written in the model) of the model at `modelPath`. */
export function dataFileOf(modelPath: string, dataPath: string): string {
  return isAbsolute(dataPath) ? resolve(dataPath) : resolve(dirname(modelPath), dataPath);
}

/**
 * Calls `fire` once `ms` after the last of a burst of `poke`s: an editor or a script saving a file fires several
 * change events (truncate, write, rename), and the rows should be read once, after the last.
 */
export function debounced(fire: () => void, ms: number): { poke(): void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    poke() {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = undefined;
        fire();
      }, ms);
    },
    cancel() {
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}

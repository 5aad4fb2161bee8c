// Whether programs compile their kernels (on by default; off to time or test the interpreter alone).

let enabled = true;

export const compilerEnabled = (): boolean => enabled;

/** Turns compilation on or off for programs evaluated from now on (those already compiled keep their kernel). */
export function setCompilerEnabled(on: boolean): void {
  enabled = on;
}

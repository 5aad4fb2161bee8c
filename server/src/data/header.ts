// The header row names the columns: every name must be present and distinct, or the model would read the wrong column.

/** Why the header cannot name the columns (an empty or a repeated name), or undefined when it can. */
export function headerProblem(header: readonly string[]): string | undefined {
  const empty = header.findIndex((h) => h === '');
  if (empty >= 0)
    return `column ${empty + 1} of the header has no name${empty === header.length - 1 ? ' (does the header line end with a delimiter?)' : ''}: every column needs a name`;
  const seen = new Map<string, number>();
  for (let j = 0; j < header.length; j++) {
    const first = seen.get(header[j]);
    if (first !== undefined)
      return `the header names two columns \`${header[j]}\` (columns ${first + 1} and ${j + 1}): rename one, so that the model cannot read the wrong one`;
    seen.set(header[j], j);
  }
  return undefined;
}

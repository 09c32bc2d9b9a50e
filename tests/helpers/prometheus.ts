/** Reading Prometheus's text format back, as a scraper would. */

/** The metric families the text declares (its `# TYPE` lines), in order. */
export function readFamilies(text: string): string[] {
  return [...text.matchAll(/^# TYPE (\S+) \S+$/gm)].map((match) => match[1]!);
}

/**
 * The value of the sample called `name` whose labels include every one of `labels`; undefined when
 * there is none, and an error when more than one matches (the labels given are not enough to say which).
 */
export function readSample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const matches = text
    .split('\n')
    .map((line) => /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null && match[1] === name)
    .filter((match) => {
      const present = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((pair) => [pair[1], pair[2]]));
      return Object.entries(labels).every(([label, value]) => present[label] === value);
    });
  if (matches.length > 1) throw new Error(`${matches.length} samples of ${name} match ${JSON.stringify(labels)}`);
  return matches[0] === undefined ? undefined : Number(matches[0][3]);
}

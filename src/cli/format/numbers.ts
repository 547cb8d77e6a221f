/** Thousands separators, so 7000 reads as 7,000 in every table. */
export function formatCount(n: number | bigint): string {
  return n.toLocaleString('en-US');
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${formatCount(n)} ${n === 1 ? word : many}`;
}

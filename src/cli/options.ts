import { InvalidArgumentError } from 'commander';

/** Commander parser for a whole number ≥ 1. */
export function positiveInteger(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < 1) {
    throw new InvalidArgumentError(`"${text}" is not a whole number of at least 1`);
  }
  return n;
}

/** Commander parser for a TCP port. */
export function port(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n > 65_535) throw new InvalidArgumentError(`"${text}" is not a port (0–65535)`);
  return n;
}

/** Commander parser for a log position (0 or more). */
export function logPosition(text: string): bigint {
  if (!/^\d{1,19}$/.test(text)) throw new InvalidArgumentError(`"${text}" is not a log position (a whole number of 0 or more)`);
  return BigInt(text);
}

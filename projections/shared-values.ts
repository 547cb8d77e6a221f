import type { ValidTime } from '../src/domain/commands.js';

/** Values many claims repeat, kept once by the claim table (claim-table.ts). */

/** One copy of each name, and its number: the order it was first seen in. */
export class Names {
  readonly names: string[] = [];
  readonly #numbers = new Map<string, number>();

  numberOf(name: string): number {
    let number = this.#numbers.get(name);
    if (number === undefined) {
      number = this.names.push(name) - 1;
      this.#numbers.set(name, number);
    }
    return number;
  }

  find(name: string): number | undefined {
    return this.#numbers.get(name);
  }
}

/**
 * A claim's valid time is a phrase and a precision ("in recent days", week) that many claims
 * repeat: one object per phrase is kept and given to every claim whose valid time equals it
 * field for field. Found by its text, not by a key built from every field: a string made per
 * claim cost more than the sharing saved.
 */
export class SharedValidTimes {
  readonly #byText = new Map<string, ValidTime>();

  of(validTime: ValidTime): ValidTime {
    const text = validTime.text ?? '';
    const known = this.#byText.get(text);
    if (known !== undefined && sameValidTime(known, validTime)) return known;
    if (known === undefined) this.#byText.set(text, validTime);
    return validTime;
  }
}

/** Field for field: a valid time has these four, and the events' JSON never holds one as undefined. */
function sameValidTime(a: ValidTime, b: ValidTime): boolean {
  return a.text === b.text && a.precision === b.precision && a.start === b.start && a.end === b.end;
}

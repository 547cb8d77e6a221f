const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * False for a string holding a lone UTF-16 surrogate (which JSON's `\uD800` escape can make):
 * it is not text, and cannot be stored, hashed or shown faithfully. Every layer that takes
 * text from outside asks this one question.
 */
export function isWellFormedText(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}

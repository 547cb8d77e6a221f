/** Why one line of an input file was not appended. */
export interface LineError {
  /** 1-based line number in the input. */
  line: number;
  /** Dotted field path inside the command; '' when the whole line is at fault. */
  path: string;
  message: string;
  /** Error-table code; picks the exit status. */
  code: string;
}

/** `FILE:LINE: field.path: message`, the form editors and CI logs link to. */
export function formatLineError(name: string, error: LineError): string {
  return error.path ? `${name}:${error.line}: ${error.path}: ${error.message}` : `${name}:${error.line}: ${error.message}`;
}

export function byLine(a: LineError, b: LineError): number {
  return a.line - b.line;
}

import { describe, expect, it } from 'vitest';
import { ValidationError, DomainRuleError, NotFoundError } from '../../src/domain/errors.js';
import { StoreUnavailableError } from '../../src/store/errors.js';
import { reportError } from '../../src/cli/report-error.js';

describe('reportError', () => {
  it('names each invalid field, using the flag a CLI user typed', () => {
    const error = new ValidationError([{ path: 'asOf', message: 'is not a time' }, { path: 'value.min', message: 'too big', line: 4 }]);
    expect(reportError(error, {})).toEqual({
      lines: ['error: --as-of: is not a time', 'error: line 4, value.min: too big'],
      exitCode: 2,
    });
  });

  it('takes the exit status from the error table', () => {
    expect(reportError(new DomainRuleError('UNKNOWN_SOURCE', 'source "x" is not registered', 'sourceId'), {})).toEqual({
      lines: ['error: sourceId: source "x" is not registered'],
      exitCode: 3,
    });
    expect(reportError(new NotFoundError('no claim "c9"', 'claimId'), {}).exitCode).toBe(5);
    expect(reportError(new StoreUnavailableError('disk full', 2), {})).toEqual({ lines: ['error: disk full (retry in 2 s)'], exitCode: 8 });
  });

  it('reports an unexpected error on one line without its stack, unless LEDGER_DEBUG=1', () => {
    const error = new TypeError('cannot read properties of undefined\n    at somewhere (file.js:1:1)');
    expect(reportError(error, {})).toEqual({
      lines: ['error: unexpected: cannot read properties of undefined (LEDGER_DEBUG=1 shows where)'],
      exitCode: 1,
    });
    const debug = reportError(error, { LEDGER_DEBUG: '1' });
    expect(debug.lines).toHaveLength(2);
    expect(debug.lines[1]).toContain('TypeError');
  });
});

import { describe, expect, it } from 'vitest';
import { given } from '../support/decider-spec.js';
import { aliasSubject } from '../support/commands.js';
import { subjectAliased } from '../support/events.js';
import { InMemoryLog } from '../support/in-memory-log.js';
import { decide } from '../../src/domain/decide.js';
import { ValidationError } from '../../src/domain/errors.js';

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('decide AliasSubject', () => {
  it('records the alias on the aliases stream', () => {
    const decision = given()
      .when(aliasSubject('facility:camp-cropper', 'facility:cropper'))
      .then([subjectAliased('facility:camp-cropper', 'facility:cropper')]);
    expect(decision).toMatchObject({ stream: 'aliases', expectedRevision: 'no_stream' });
  });

  it('is a no-op when the same alias is sent again', () => {
    given(subjectAliased('facility:a', 'facility:b')).when(aliasSubject('facility:a', 'facility:b')).thenNothing();
  });

  it('refuses to point an alias elsewhere (ALIAS_CONFLICT), naming the current target', () => {
    const error = given(subjectAliased('facility:a', 'facility:b'))
      .when(aliasSubject('facility:a', 'facility:c'))
      .thenThrows('ALIAS_CONFLICT', 'alias');
    expect(error.message).toContain('facility:b');
  });

  it('allows chains: an alias of an alias', () => {
    given(subjectAliased('facility:a', 'facility:b'))
      .when(aliasSubject('facility:b', 'facility:c'))
      .then([subjectAliased('facility:b', 'facility:c')]);
  });

  it('refuses a cycle of length 2', () => {
    given(subjectAliased('facility:a', 'facility:b'))
      .when(aliasSubject('facility:b', 'facility:a'))
      .thenThrows('ALIAS_CYCLE', 'canonical');
  });

  it('refuses a cycle of length 3', () => {
    given(subjectAliased('facility:a', 'facility:b'), subjectAliased('facility:b', 'facility:c'))
      .when(aliasSubject('facility:c', 'facility:a'))
      .thenThrows('ALIAS_CYCLE', 'canonical');
  });

  it('refuses a cycle of length 1 (a subject aliasing itself) at parse time, on canonical', () => {
    const error = catchError(() => given().when(aliasSubject('facility:a', 'facility:a')));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([
      expect.objectContaining({ path: 'canonical', message: expect.stringContaining('cannot alias itself') }),
    ]);
  });

  it('refuses a cycle of length 1 in decide too, for commands built without parsing', () => {
    const selfAlias = { type: 'AliasSubject', alias: 'facility:a', canonical: 'facility:a' } as const;
    expect(() => decide(selfAlias, new InMemoryLog().context())).toThrow(
      expect.objectContaining({ code: 'ALIAS_CYCLE', where: 'canonical' }),
    );
  });

  it('refuses an alias across kinds at parse time', () => {
    const error = catchError(() => given().when(aliasSubject('facility:a', 'transfer:a')));
    expect((error as ValidationError).issues[0]).toMatchObject({ path: 'canonical' });
  });
});

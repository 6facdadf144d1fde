import { describe, expect, it } from 'vitest';
import { isReplicaFailure, isReplicaGone, isReplicaReadable } from './read-replica';

describe('which statements a hot standby may answer', () => {
  it.each([
    ['select * from cases_cases where id = $1', true],
    ['  (select 1) union (select 2)', true],
    ['with t as (select 1 as x) select x from t', true],
    ['select count(*) as "n" from "cases_cases" where "updated_at" > $1', true],
    ['insert into kernel_sequences (name, value) values ($1, 1) on conflict do update set value = 2 returning value', false],
    ['update cases_cases set status = $1', false],
    ['delete from kernel_sessions where id = $1', false],
    ['with moved as (delete from a returning *) select * from moved', false],
    ['select * from kernel_audit_head where id = 1 for update', false],
    ['select * from t for no key update', false],
    ['select * from t for share', false],
    ['select nextval($1)', false],
    ['select pg_advisory_xact_lock_shared(42)', false],
    ['select set_config($1, $2, true)', false],
    ['select * into backup_t from t', false],
    ['begin', false],
    ['create table x (id int)', false],
    ['analyze cases_cases', false],
  ])('%s → %s', (text, expected) => {
    expect(isReplicaReadable(text)).toBe(expected);
  });
});

describe('failures that mean the replica is gone', () => {
  it.each([
    [{ code: 'ECONNREFUSED' }, true],
    [{ code: '57P01', message: 'terminating connection due to administrator command' }, true],
    [{ code: '40001', message: 'canceling statement due to conflict with recovery' }, true],
    [{ code: '08006' }, true],
    [{ message: 'Connection terminated unexpectedly' }, true],
    [{ message: 'timeout exceeded when trying to connect' }, true],
    [{ code: '42P01', message: 'relation "x" does not exist' }, false],
    [{ code: '22P02', message: 'invalid input syntax' }, false],
  ])('%j → %s', (err, expected) => {
    expect(isReplicaFailure(err)).toBe(expected);
  });

  it('a recovery conflict or full connection slots are retried on the primary without leaving the replica aside', () => {
    expect(isReplicaGone({ code: '40001' })).toBe(false);
    expect(isReplicaGone({ code: '53300' })).toBe(false);
    expect(isReplicaFailure({ code: '53300' })).toBe(true);
    expect(isReplicaGone({ code: 'ECONNREFUSED' })).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { type Case, compare, pttl, resetBoth, runCase, ttl, useOracle } from '../support/oracle';
import { requireRedis } from '../support/redis';

const run = requireRedis();

const MAX = '9223372036854775807';
const MIN = '-9223372036854775808';

const cases: Case[] = [
  {
    name: 'arity of every TTL command',
    lines: [
      ['EXPIRE', 'k'], ['PEXPIRE', 'k'], ['EXPIREAT', 'k'], ['PEXPIREAT'], ['TTL'], ['TTL', 'a', 'b'], ['PTTL'], ['EXPIRETIME', 'a', 'b'],
      ['PEXPIRETIME'], ['PERSIST'], ['PERSIST', 'a', 'b'],
    ],
  },
  {
    name: 'EXPIRE family: basics, missing keys, the past',
    seed: [['hash', 'h', 'f', 'v']],
    lines: [
      ['EXPIRE', 'nope', '100'], ['PEXPIRE', 'nope', '100'], ['EXPIREAT', 'nope', '1'], ['PEXPIREAT', 'nope', '1'], ['TTL', 'nope'], ['PTTL', 'nope'],
      ['EXPIRETIME', 'nope'], ['PEXPIRETIME', 'nope'], ['PERSIST', 'nope'],
      ['SET', 'k', 'v'], ['TTL', 'k'], ['PTTL', 'k'], ['EXPIRETIME', 'k'], ['PEXPIRETIME', 'k'], ['PERSIST', 'k'],
      ['EXPIRE', 'k', '100'], ttl('TTL', 'k'), pttl('PTTL', 'k'), ['PERSIST', 'k'], ['TTL', 'k'], ['PERSIST', 'k'],
      ['PEXPIRE', 'k', '100500'], ttl('TTL', 'k'), pttl('PTTL', 'k'),
      ['EXPIREAT', 'k', '4102444800'], ['EXPIRETIME', 'k'], ['PEXPIRETIME', 'k'], ['PEXPIREAT', 'k', '4102444800999'], ['EXPIRETIME', 'k'], ['PEXPIRETIME', 'k'],
      ['PEXPIREAT', 'k', '4102444800499'], ['EXPIRETIME', 'k'],
      ['EXPIRE', 'h', '100'], ttl('TTL', 'h'), ['TYPE', 'h'], ['PERSIST', 'h'], ['TTL', 'h'],
      ['EXPIRE', 'k', '0'], ['EXISTS', 'k'], ['SET', 'k', 'v'], ['EXPIRE', 'k', '-1'], ['GET', 'k'], ['SET', 'k', 'v'], ['PEXPIRE', 'k', '-100'], ['EXISTS', 'k'],
      ['SET', 'k', 'v'], ['EXPIREAT', 'k', '1'], ['EXISTS', 'k'], ['SET', 'k', 'v'], ['PEXPIREAT', 'k', '0'], ['EXISTS', 'k'], ['SET', 'k', 'v'], ['EXPIREAT', 'k', '-5'], ['EXISTS', 'k'],
      ['SET', 'k', 'v'], ['EXPIRE', 'k', '100'], ['SET', 'k', 'v2'], ['TTL', 'k'], ['EXPIRE', 'k', '100'], ['APPEND', 'k', 'x'], ttl('TTL', 'k'),
      ['EXPIRE', 'k', 'abc'], ['EXPIRE', 'k', '1.5'], ['EXPIRE', 'k', ''], ['EXPIRE', 'k', ' 10'], ['PEXPIRE', 'k', '10 '], ['EXPIREAT', 'k', '+10'],
    ],
  },
  {
    name: 'EXPIRE family: int64 overflow checks',
    lines: [
      ['SET', 'k', 'v'], ['EXPIRE', 'k', MAX], ['EXPIRE', 'k', MIN], ['EXPIRE', 'k', '9223372036854776'], ['EXPIRE', 'k', '-9223372036854776'],
      ['EXPIRE', 'k', '9223372036854775'], ['EXPIREAT', 'k', '9223372036854776'], ['PEXPIRE', 'k', MAX], ['PEXPIRE', 'k', '9223372036854775808'],
      ['EXISTS', 'k'], ['EXPIREAT', 'k', '9223372036854775'], ['PEXPIRETIME', 'k'], ['EXPIRETIME', 'k'], ['PEXPIREAT', 'k', MAX], ['PEXPIRETIME', 'k'],
      ['EXPIRETIME', 'k'], ['PEXPIREAT', 'k', '9007199254740993'], ['PEXPIRETIME', 'k'], ['PERSIST', 'k'], ['PEXPIRETIME', 'k'],
      ['PEXPIRE', 'k', MIN], ['EXISTS', 'k'], ['SET', 'k', 'v'], ['EXPIRE', 'k', '-9223372036854775'], ['EXISTS', 'k'],
      ['SET', 'k', 'v'], ['PEXPIREAT', 'k', MIN], ['EXISTS', 'k'], ['SET', 'k', 'v'], ['EXPIREAT', 'k', '-9223372036854775'], ['EXISTS', 'k'],
    ],
  },
  {
    name: 'NX, XX, GT, LT',
    lines: [
      ['SET', 'k', 'v'], ['EXPIRE', 'k', '100', 'XX'], ['TTL', 'k'], ['EXPIRE', 'k', '100', 'GT'], ['TTL', 'k'], ['EXPIRE', 'k', '100', 'NX'], ttl('TTL', 'k'),
      ['EXPIRE', 'k', '200', 'NX'], ttl('TTL', 'k'), ['EXPIRE', 'k', '200', 'XX'], ttl('TTL', 'k'), ['EXPIRE', 'k', '100', 'GT'], ttl('TTL', 'k'),
      ['EXPIRE', 'k', '300', 'gt'], ttl('TTL', 'k'), ['EXPIRE', 'k', '400', 'Lt'], ttl('TTL', 'k'), ['EXPIRE', 'k', '50', 'LT'], ttl('TTL', 'k'),
      ['EXPIRE', 'k', '60', 'XX', 'GT'], ttl('TTL', 'k'), ['EXPIRE', 'k', '30', 'XX', 'LT'], ttl('TTL', 'k'), ['EXPIRE', 'k', '70', 'GT', 'GT'], ttl('TTL', 'k'),
      ['PERSIST', 'k'], ['EXPIRE', 'k', '100', 'LT'], ttl('TTL', 'k'), ['PERSIST', 'k'], ['EXPIRE', 'k', '-1', 'GT'], ['EXISTS', 'k'], ['EXPIRE', 'k', '-1', 'LT'], ['EXISTS', 'k'],
      ['SET', 'k', 'v', 'EX', '100'], ['EXPIRE', 'k', '-1', 'GT'], ['EXPIRE', 'k', '-1', 'NX'], ['EXPIRE', 'k', '-1', 'LT'], ['EXISTS', 'k'],
      ['SET', 'k', 'v'], ['PEXPIREAT', 'k', '4102444800000', 'NX'], ['EXPIREAT', 'k', '4102444800', 'GT'], ['EXPIREAT', 'k', '4102444801', 'GT'], ['PEXPIRETIME', 'k'],
      ['PEXPIREAT', 'k', '4102444800999', 'LT'], ['PEXPIRETIME', 'k'], ['PEXPIREAT', 'k', '4102444800998', 'lt'], ['PEXPIRETIME', 'k'],
      ['EXPIRE', 'nope', '10', 'NX'], ['EXPIRE', 'nope', '10', 'XX'],
    ],
  },
  {
    name: 'NX, XX, GT, LT: errors come first, in order',
    lines: [
      ['SET', 'k', 'v'], ['EXPIRE', 'k', '10', 'NX', 'XX'], ['EXPIRE', 'k', '10', 'XX', 'NX'], ['EXPIRE', 'k', '10', 'NX', 'GT'], ['EXPIRE', 'k', '10', 'LT', 'NX'],
      ['EXPIRE', 'k', '10', 'GT', 'LT'], ['EXPIRE', 'k', '10', 'XX', 'GT', 'LT'], ['EXPIRE', 'k', '10', 'NX', 'GT', 'LT'], ['EXPIRE', 'k', '10', 'FOO'],
      ['EXPIRE', 'k', '10', 'NX', 'FOO'], ['EXPIRE', 'k', '10', 'NX', 'XX', 'FOO'], ['EXPIRE', 'k', 'abc', 'FOO'], ['EXPIRE', 'k', 'abc', 'NX', 'XX'],
      ['EXPIRE', 'k', 'abc', 'NX'], ['EXPIRE', 'k', MAX, 'NX'], ['EXPIRE', 'nope', 'abc', 'NX'], ['EXPIRE', 'nope', MAX], ['PEXPIRE', 'k', '10', ''],
      ['PEXPIREAT', 'k', '10', 'nxx'], ['EXPIREAT', 'k', '10', 'NX', 'NX'], ['EXISTS', 'k'],
    ],
  },
  {
    name: 'TTL rounding and the key types',
    seed: [['list', 'l', 'a'], ['set', 's', 'm']],
    lines: [
      ['SET', 'k', 'v'], ['PEXPIRE', 'k', '1400'], ttl('TTL', 'k'), ['PEXPIRE', 'k', '1600'], ttl('TTL', 'k'), ['PEXPIRE', 'k', '400'], ttl('TTL', 'k'),
      ['PEXPIRE', 'k', '999999'], ttl('TTL', 'k'), ['EXPIRE', 'l', '10'], ['EXPIRE', 's', '20'], ttl('TTL', 'l'), ttl('TTL', 's'), ['PERSIST', 'l'], ['TTL', 'l'],
    ],
  },
];

describe.skipIf(!run)('differential: TTL commands vs real redis-server', () => {
  const d = useOracle();

  for (const c of cases) it(c.name, async () => runCase(d, c));

  it('keys given a short TTL disappear on both sides', async () => {
    await resetBoth(d);
    const setup = [['MSET', 'a', '1', 'b', '2', 'c', '3', 'd', '4'], ['PEXPIRE', 'a', '60'], ['EXPIRE', 'b', '1'], ['PEXPIREAT', 'c', String(Date.now() + 60)], ['SET', 'd', '4', 'PX', '60']];
    for (const argv of setup) {
      const p = await d.run(argv);
      compare('exact', p.ours, p.theirs, argv.join(' '));
    }
    await new Promise((r) => setTimeout(r, 150));
    for (const argv of [['GET', 'a'], ['TTL', 'a'], ['PTTL', 'c'], ['EXISTS', 'a', 'b', 'c', 'd'], ['TTL', 'b'], ['KEYS', '*']]) {
      const p = await d.run(argv);
      compare(argv[0] === 'TTL' && argv[1] === 'b' ? 'ttl' : 'exact', p.ours, p.theirs, argv.join(' '));
    }
    const p = await d.run(['EXISTS', 'a', 'c', 'd']);
    expect(p.ours).toEqual({ t: 'int', v: 0 });
  });
});

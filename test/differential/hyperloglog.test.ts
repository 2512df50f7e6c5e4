import { describe, it } from 'vitest';
import { expectSame, useOracle } from '../support/oracle';
import { requireRedis } from '../support/redis';
import { Rng } from '../fuzz/rng';

const run = requireRedis();

/**
 * HyperLogLogs against redis-server: replies and the values' bytes (GET
 * shows the sparse and dense encodings and the cached count), through
 * sparse growth, promotion to dense, merges and corrupt values.
 */
describe.skipIf(!run)('HyperLogLog matches Redis byte for byte', () => {
  const d = useOracle();

  const same = async (...argv: string[]): Promise<void> => {
    const { ours, theirs } = await d.run(argv);
    expectSame(ours, theirs, 2, argv.join(' ').slice(0, 120));
  };

  it('PFADD, PFCOUNT and the value bytes, from empty to dense', async () => {
    await d.reset();
    await same('PFADD', 'h');
    await same('GET', 'h');
    await same('PFCOUNT', 'h');
    await same('GET', 'h'); // the cached count is written into the value
    await same('PFADD', 'h');
    await same('PFADD', 'h', '');
    await same('OBJECT', 'ENCODING', 'h');
    const rng = new Rng('hll');
    let n = 0;
    // Grows through the sparse encoding (splits, merges of VAL runs) into dense at 3000 bytes.
    for (let round = 0; round < 60; round++) {
      const batch = Array.from({ length: 1 + rng.int(round < 20 ? 3 : 200) }, () => `e${n++}:${rng.int(1_000_000)}`);
      await same('PFADD', 'h', ...batch);
      if (round % 5 === 0) {
        await same('GET', 'h');
        await same('PFCOUNT', 'h');
        await same('PFDEBUG', 'ENCODING', 'h');
      }
    }
    await same('GET', 'h');
    await same('PFCOUNT', 'h');
    await same('STRLEN', 'h');
    await same('PFDEBUG', 'ENCODING', 'h');
    await same('PFADD', 'h', ...Array.from({ length: 5000 }, (_, i) => `big${i}`));
    await same('PFCOUNT', 'h');
    await same('GET', 'h');
  });

  it('PFCOUNT of several keys, PFMERGE into new and existing keys, sparse and dense', async () => {
    await d.reset();
    await same('PFADD', 'a', ...Array.from({ length: 100 }, (_, i) => `a${i}`));
    await same('PFADD', 'b', ...Array.from({ length: 50 }, (_, i) => `a${i * 2}`), 'x', 'y');
    await same('PFADD', 'big', ...Array.from({ length: 4000 }, (_, i) => `z${i}`));
    await same('PFCOUNT', 'a', 'b');
    await same('PFCOUNT', 'a', 'missing', 'b');
    await same('PFCOUNT', 'missing', 'missing2');
    await same('PFMERGE', 'm', 'a', 'b');
    await same('GET', 'm');
    await same('PFCOUNT', 'm');
    await same('PFMERGE', 'm', 'big');
    await same('PFDEBUG', 'ENCODING', 'm');
    await same('GET', 'm');
    await same('PFMERGE', 'empty');
    await same('GET', 'empty');
    await same('PFMERGE', 'a', 'missing');
    await same('GET', 'a');
    await same('PFDEBUG', 'DECODE', 'b');
    await same('PFDEBUG', 'TODENSE', 'b');
    await same('PFDEBUG', 'TODENSE', 'b');
    await same('PFDEBUG', 'DECODE', 'b');
    await same('GET', 'b');
    await same('PFDEBUG', 'GETREG', 'a');
    await same('GET', 'a');
    await same('PFDEBUG', 'nope', 'a');
    await same('PFDEBUG', 'GETREG', 'missing');
  });

  it('type checks, corrupt values and the sparse size limit', async () => {
    await d.reset();
    await same('SET', 'str', 'not an hll at all, long enough');
    await same('SET', 'short', 'HYLL');
    await same('SET', 'int', '12345678901234567');
    await same('LPUSH', 'list', 'x');
    for (const k of ['str', 'short', 'int', 'list']) {
      await same('PFADD', k, 'a');
      await same('PFCOUNT', k);
      await same('PFCOUNT', k, 'str');
      await same('PFMERGE', 'dest', k);
      await same('PFDEBUG', 'ENCODING', k);
    }
    // A broken magic, an unknown encoding, a dense value of the wrong length.
    await same('PFADD', 'h', 'a', 'b', 'c');
    await same('SETRANGE', 'h', '0', 'X');
    await same('PFADD', 'h', 'd');
    await same('PFADD', 'e', 'a');
    await same('SETRANGE', 'e', '4', '\x02');
    await same('PFCOUNT', 'e');
    await same('PFADD', 'dense', 'a');
    await same('PFDEBUG', 'TODENSE', 'dense');
    await same('APPEND', 'dense', 'x');
    await same('PFCOUNT', 'dense');
    // Extra opcodes at the tail of a sparse value: counted as corrupt.
    await same('PFADD', 't', 'a', 'b');
    await same('APPEND', 't', '\x7f\xff');
    await same('PFCOUNT', 't');
    await same('PFADD', 't', 'c');
    await same('PFCOUNT', 't', 'a');
    await same('PFMERGE', 'x', 't');
    // A VAL run after all 16384 registers: corrupt when converted or merged (CVE-2025-32023's fix)
    await same('PFADD', 'v');
    await same('APPEND', 'v', '\xc3\xa9');
    await same('PFCOUNT', 'v');
    await same('PFCOUNT', 'v', 'missing');
    await same('PFMERGE', 'w', 'v');
    await same('PFDEBUG', 'TODENSE', 'v');
    await same('PFDEBUG', 'GETREG', 'v');
    await same('PFADD', 'v', 'zzz');
    await same('GET', 'v');
    // The promotion threshold follows hll-sparse-max-bytes.
    await same('CONFIG', 'SET', 'hll-sparse-max-bytes', '100');
    await same('PFADD', 'small', ...Array.from({ length: 40 }, (_, i) => `s${i}`));
    await same('PFDEBUG', 'ENCODING', 'small');
    await same('GET', 'small');
    // One element at a time around the limit: promoted exactly when Redis promotes.
    for (const limit of ['30', '31', '32', '45']) {
      await same('CONFIG', 'SET', 'hll-sparse-max-bytes', limit);
      await same('DEL', 'edge');
      for (let i = 0; i < 12; i++) {
        await same('PFADD', 'edge', `edge${i}`);
        await same('PFDEBUG', 'ENCODING', 'edge');
        await same('STRLEN', 'edge');
      }
    }
    await same('CONFIG', 'SET', 'hll-sparse-max-bytes', '3000');
    // Arity.
    await same('PFADD');
    await same('PFCOUNT');
    await same('PFMERGE');
    await same('PFDEBUG', 'GETREG');
  });

  it('random corrupt sparse values are detected or counted as Redis does', async () => {
    await d.reset();
    const rng = new Rng('hll-fuzz');
    for (let round = 0; round < 40; round++) {
      await same('DEL', 'f');
      await same('PFADD', 'f', ...Array.from({ length: 1 + rng.int(30) }, () => `m${rng.int(100000)}`));
      const value = (await d.run(['GET', 'f'])).theirs;
      if (value.t !== 'bulk') throw new Error('expected a bulk');
      const at = 16 + rng.int(value.v.length - 16);
      await same('SETRANGE', 'f', String(at), String.fromCharCode(rng.int(256)));
      await same('PFCOUNT', 'f');
      await same('PFADD', 'f', `n${round}`, `o${round}`);
      await same('GET', 'f');
    }
  });
});

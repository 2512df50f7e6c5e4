import { describe, it } from 'vitest';
import { expectSame, useOracle } from '../support/oracle';
import { requireRedis } from '../support/redis';

const run = requireRedis();

/** OBJECT ENCODING follows Redis 7.0 through in-place edits and replacements. */
const lines: string[][] = [
  ['SET', 's', 'abc'],
  ['OBJECT', 'ENCODING', 's'],
  ['APPEND', 's', 'def'],
  ['OBJECT', 'ENCODING', 's'],
  ['SET', 's', 'abc'],
  ['OBJECT', 'ENCODING', 's'],
  ['SET', 'n', '12'],
  ['OBJECT', 'ENCODING', 'n'],
  ['INCR', 'n'],
  ['OBJECT', 'ENCODING', 'n'],
  ['SET', 'r', 'x'],
  ['SETRANGE', 'r', '3', 'yz'],
  ['OBJECT', 'ENCODING', 'r'],
  ['SET', 'long', 'a'.repeat(45)],
  ['OBJECT', 'ENCODING', 'long'],
  ['SET', 'e44', 'a'.repeat(44)],
  ['OBJECT', 'ENCODING', 'e44'],
  ['APPEND', 'fresh', '1'],
  ['OBJECT', 'ENCODING', 'fresh'],
  ['INCRBYFLOAT', 'f', '1.5'],
  ['OBJECT', 'ENCODING', 'f'],
];

describe.skipIf(!run)('differential: string encodings vs real redis-server', () => {
  const d = useOracle();

  it('reports int/embstr/raw as Redis does after each edit', async () => {
    for (const argv of lines) {
      const p = await d.run(argv);
      expectSame(p.ours, p.theirs, 2, argv.join(' '));
    }
  });
});

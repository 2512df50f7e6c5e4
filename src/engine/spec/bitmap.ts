import type { CommandSpec } from '../core/command';
import { block, cmd, int, key, many, oneof, opt, str, tok } from './dsl';

const unit = oneof('unit', [tok('BYTE'), tok('BIT')], { since: '7.0.0' });
const encOffset = [str('encoding'), int('offset')];

export const bitmapSpecs = [
  cmd('setbit', 4, 'bitmap', 'Sets or clears the bit at offset of the string value. Creates the key if it doesn\'t exist.', {
    flags: 'write denyoom',
    keys: [1, 1, 1],
    since: '2.2.0',
    complexity: 'O(1)',
    args: [key(), int('offset'), int('value')],
  }),
  cmd('getbit', 3, 'bitmap', 'Returns a bit value by offset.', {
    flags: 'readonly fast',
    keys: [1, 1, 1],
    since: '2.2.0',
    complexity: 'O(1)',
    args: [key(), int('offset')],
  }),
  cmd('bitcount', -2, 'bitmap', 'Counts the number of set bits (population counting) in a string.', {
    flags: 'readonly',
    keys: [1, 1, 1],
    since: '2.6.0',
    complexity: 'O(N)',
    args: [key(), opt(block('range', [int('start'), int('end'), opt(unit)]))],
  }),
  cmd('bitpos', -3, 'bitmap', 'Finds the first set (1) or clear (0) bit in a string.', {
    flags: 'readonly',
    keys: [1, 1, 1],
    since: '2.8.7',
    complexity: 'O(N)',
    args: [key(), int('bit'), opt(block('range', [int('start'), opt(block('end-unit-block', [int('end'), opt(unit)]))]))],
  }),
  cmd('bitop', -4, 'bitmap', 'Performs bitwise operations on multiple strings, and stores the result.', {
    flags: 'write denyoom',
    keys: [2, -1, 1],
    since: '2.6.0',
    complexity: 'O(N)',
    args: [str('operation'), key('destkey'), many(key())],
  }),
  cmd('bitfield', -2, 'bitmap', 'Performs arbitrary bitfield integer operations on strings.', {
    flags: 'write denyoom',
    keys: [1, 1, 1],
    since: '3.2.0',
    complexity: 'O(1) for each subcommand specified',
    args: [
      key(),
      opt(
        many(
          oneof('operation', [
            block('get-block', encOffset, { token: 'GET' }),
            block(
              'write',
              [
                opt(oneof('overflow-block', [tok('WRAP'), tok('SAT'), tok('FAIL')], { token: 'OVERFLOW' })),
                oneof('write-operation', [
                  block('set-block', [...encOffset, int('value')], { token: 'SET' }),
                  block('incrby-block', [...encOffset, int('increment')], { token: 'INCRBY' }),
                ]),
              ],
            ),
          ]),
        ),
      ),
    ],
  }),
  cmd('bitfield_ro', -2, 'bitmap', 'Performs arbitrary read-only bitfield integer operations on strings.', {
    flags: 'readonly fast',
    keys: [1, 1, 1],
    since: '6.0.0',
    complexity: 'O(1) for each subcommand specified',
    args: [key(), opt(block('get-block', encOffset, { token: 'GET', multiple: true, multipleToken: true }))],
  }),
] satisfies CommandSpec[];

import type { CommandSpec } from '../core/command';
import { cmd, int, key, oneof, opt, time, tok } from './dsl';

const condition = opt(oneof('condition', [tok('NX'), tok('XX'), tok('GT'), tok('LT')]));

/** Key expiry: setting, reading and removing TTLs. */
export const ttlSpecs = [
  cmd('expire', -3, 'generic', 'Sets the expiration time of a key in seconds.', {
    flags: 'write fast',
    keys: [1, 1, 1],
    complexity: 'O(1)',
    args: [key(), int('seconds'), condition],
  }),
  cmd('pexpire', -3, 'generic', 'Sets the expiration time of a key in milliseconds.', {
    flags: 'write fast',
    keys: [1, 1, 1],
    since: '2.6.0',
    complexity: 'O(1)',
    args: [key(), int('milliseconds'), condition],
  }),
  cmd('expireat', -3, 'generic', 'Sets the expiration time of a key to a Unix timestamp.', {
    flags: 'write fast',
    keys: [1, 1, 1],
    since: '1.2.0',
    complexity: 'O(1)',
    args: [key(), time('unix-time-seconds'), condition],
  }),
  cmd('pexpireat', -3, 'generic', 'Sets the expiration time of a key to a Unix milliseconds timestamp.', {
    flags: 'write fast',
    keys: [1, 1, 1],
    since: '2.6.0',
    complexity: 'O(1)',
    args: [key(), time('unix-time-milliseconds'), condition],
  }),
  cmd('ttl', 2, 'generic', 'Returns the expiration time in seconds of a key.', {
    flags: 'readonly fast',
    keys: [1, 1, 1],
    complexity: 'O(1)',
    args: [key()],
  }),
  cmd('pttl', 2, 'generic', 'Returns the expiration time in milliseconds of a key.', {
    flags: 'readonly fast',
    keys: [1, 1, 1],
    since: '2.6.0',
    complexity: 'O(1)',
    args: [key()],
  }),
  cmd('expiretime', 2, 'generic', 'Returns the expiration time of a key as a Unix timestamp.', {
    flags: 'readonly fast',
    keys: [1, 1, 1],
    since: '7.0.0',
    complexity: 'O(1)',
    args: [key()],
  }),
  cmd('pexpiretime', 2, 'generic', 'Returns the expiration time of a key as a Unix milliseconds timestamp.', {
    flags: 'readonly fast',
    keys: [1, 1, 1],
    since: '7.0.0',
    complexity: 'O(1)',
    args: [key()],
  }),
  cmd('persist', 2, 'generic', 'Removes the expiration time of a key.', {
    flags: 'write fast',
    keys: [1, 1, 1],
    since: '2.2.0',
    complexity: 'O(1)',
    args: [key()],
  }),
] satisfies CommandSpec[];

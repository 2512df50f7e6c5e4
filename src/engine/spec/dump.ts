import type { CommandSpec } from '../core/command';
import { cmd, int, key, opt, str, tok } from './dsl';

export const dumpSpecs = [
  cmd('dump', 2, 'generic', 'Returns a serialized representation of the value stored at a key.', {
    flags: 'readonly',
    keys: [1, 1, 1],
    since: '2.6.0',
    complexity: 'O(1) to access the key and additional O(N*M) to serialize it, where N is the number of Redis objects composing the value and M their average size. For small string values the time complexity is thus O(1)+O(1*M) where M is small, so simply O(1).',
    args: [key()],
  }),
  cmd('restore', -4, 'generic', 'Creates a key from the serialized representation of a value.', {
    flags: 'write denyoom',
    keys: [1, 1, 1],
    since: '2.6.0',
    complexity: 'O(1) to create the new key and additional O(N*M) to reconstruct the serialized value, where N is the number of Redis objects composing the value and M their average size. For small string values the time complexity is thus O(1)+O(1*M) where M is small, so simply O(1). However for sorted set values the complexity is O(N*M*log(N)) because inserting values into sorted sets is O(log(N)).',
    args: [
      key(),
      int('ttl'),
      str('serialized-value'),
      opt(tok('REPLACE', { since: '3.0.0' })),
      opt(tok('ABSTTL', { since: '5.0.0' })),
      opt(int('seconds', { token: 'IDLETIME', since: '5.0.0' })),
      opt(int('frequency', { token: 'FREQ', since: '5.0.0' })),
    ],
  }),
] satisfies CommandSpec[];

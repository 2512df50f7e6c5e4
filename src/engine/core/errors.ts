/**
 * Redis's error replies, word for word (Redis 7.0). Handlers return these;
 * tests compare against them. The text after the first space is what
 * redis-cli prints after "(error) ".
 */
export const E = {
  SYNTAX: 'ERR syntax error',
  WRONGTYPE: 'WRONGTYPE Operation against a key holding the wrong kind of value',
  NOT_INTEGER: 'ERR value is not an integer or out of range',
  NOT_FLOAT: 'ERR value is not a valid float',
  INCR_OVERFLOW: 'ERR increment or decrement would overflow',
  INCR_NAN: 'ERR increment would produce NaN or Infinity',
  NO_SUCH_KEY: 'ERR no such key',
  INVALID_EXPIRE: (cmd: string) => `ERR invalid expire time in '${cmd}' command`,
  OUT_OF_RANGE: 'ERR index out of range',
  STRING_TOO_LONG: 'ERR string exceeds maximum allowed size (proto-max-bulk-len)',
  OFFSET_OUT_OF_RANGE: 'ERR offset is out of range',
  DB_INDEX: 'ERR DB index is out of range',
  SAME_OBJECT: 'ERR source and destination objects are the same',
  NOT_NEGATIVE: (what: string) => `ERR ${what} must be positive`,
  OOM: "OOM command not allowed when used memory > 'maxmemory'.",
  WRONG_ARITY: (cmd: string) => `ERR wrong number of arguments for '${cmd}' command`,
  UNKNOWN_SUBCOMMAND: (sub: string, cmd: string) =>
    `ERR unknown subcommand '${sub}'. Try ${cmd.toUpperCase()} HELP.`,
  NOT_BULK_STRING: 'ERR Protocol error: expected \'$\', got something else',
  // Keyspace, TTL and string commands.
  INVALID_CURSOR: 'ERR invalid cursor',
  /** getIntFromObjectOrReply's range error (SELECT, MOVE, COPY ... DB). */
  INT32_RANGE: 'ERR value is out of range, value must between -2147483648 and 2147483647',
  DECR_OVERFLOW: 'ERR decrement would overflow',
  EXPIRE_UNSUPPORTED_OPTION: (opt: string) => `ERR Unsupported option ${opt}`,
  EXPIRE_NX_AND_OTHERS: 'ERR NX and XX, GT or LT options at the same time are not compatible',
  EXPIRE_GT_AND_LT: 'ERR GT and LT options at the same time are not compatible',
  INVALID_FIRST_DB: 'ERR invalid first DB index',
  INVALID_SECOND_DB: 'ERR invalid second DB index',
  LCS_NOT_STRINGS: 'ERR The specified keys must contain string values',
  LCS_LEN_AND_IDX: 'ERR If you want both the length and indexes, please just use IDX.',
  LCS_TOO_MUCH_MEMORY: 'ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len',
} as const;

/** `ERR unknown command 'foo', with args beginning with: 'a' 'b' ` */
export function unknownCommand(name: string, args: readonly string[]): string {
  let s = `ERR unknown command '${truncate(name)}', with args beginning with: `;
  for (const a of args) {
    if (s.length >= 128) break; // Redis stops adding args once the message is long
    s += `'${truncate(a, 128 - s.length)}' `;
  }
  return s;
}

function truncate(s: string, max = 128): string {
  return s.length > max ? s.slice(0, max) : s;
}

/**
 * Redis's error replies, word for word (Redis 7.0). Handlers return these;
 * tests compare against them. The text after the first space is what
 * redis-cli prints after "(error) ".
 */
export const E = {
  SYNTAX: 'ERR syntax error',
  WRONGTYPE: 'WRONGTYPE Operation against a key holding the wrong kind of value',
  NO_MULTI: 'ERR Command not allowed inside a transaction',
  BGSAVE_RUNNING: 'ERR Background save already in progress',
  NO_SAVE_TARGET: 'ERR this server keeps its data in memory only: there is nowhere to save it',
  HLL_WRONGTYPE: 'WRONGTYPE Key is not a valid HyperLogLog string value.',
  HLL_INVALID: 'INVALIDOBJ Corrupted HLL object detected',
  HLL_NO_KEY: 'ERR The specified key does not exist',
  HLL_NOT_SPARSE: 'ERR HLL encoding is not sparse',
  HLL_UNKNOWN_DEBUG: (sub: string) => `ERR Unknown PFDEBUG subcommand '${sub}'`,
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
  // Sets and sorted sets.
  POSITIVE_RANGE: 'ERR value is out of range, must be positive',
  VALUE_OUT_OF_RANGE: 'ERR value is out of range',
  /** getRangeLongFromObjectOrReply without a custom message. */
  RANGE_BETWEEN: (min: string, max: string) => `ERR value is out of range, value must between ${min} and ${max}`,
  NUMKEYS_POSITIVE: 'ERR numkeys should be greater than 0',
  NUMKEYS_TOO_MANY: "ERR Number of keys can't be greater than number of args",
  LIMIT_NEGATIVE: "ERR LIMIT can't be negative",
  COUNT_POSITIVE: 'ERR count should be greater than 0',
  ZADD_XX_NX: 'ERR XX and NX options at the same time are not compatible',
  ZADD_GT_LT_NX: 'ERR GT, LT, and/or NX options at the same time are not compatible',
  ZADD_INCR_PAIR: 'ERR INCR option supports a single increment-element pair',
  ZSCORE_NAN: 'ERR resulting score is not a number (NaN)',
  ZRANGE_NOT_FLOAT: 'ERR min or max is not a float',
  ZRANGE_NOT_LEX: 'ERR min or max not valid string range item',
  ZRANGE_LIMIT: 'ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX',
  ZRANGE_WITHSCORES_BYLEX: 'ERR syntax error, WITHSCORES not supported in combination with BYLEX',
  WEIGHT_NOT_FLOAT: 'ERR weight value is not a float',
  AT_LEAST_ONE_KEY: (cmd: string) => `ERR at least 1 input key is needed for '${cmd}' command`,
  // Transactions, connection and server commands.
  MULTI_NESTED: 'ERR MULTI calls can not be nested',
  EXEC_WITHOUT_MULTI: 'ERR EXEC without MULTI',
  DISCARD_WITHOUT_MULTI: 'ERR DISCARD without MULTI',
  WATCH_INSIDE_MULTI: 'ERR WATCH inside MULTI is not allowed',
  EXECABORT: 'EXECABORT Transaction discarded because of previous errors.',
  NOPROTO: 'NOPROTO unsupported protocol version',
  HELLO_PROTOCOL_NOT_INT: 'ERR Protocol version is not an integer or out of range',
  HELLO_BAD_OPTION: (opt: string) => `ERR Syntax error in HELLO option '${opt}'`,
  WRONGPASS: 'WRONGPASS invalid username-password pair or user is disabled.',
  NOAUTH: 'NOAUTH Authentication required.',
  /** stop-writes-on-bgsave-error: the last save failed, so writes are refused. */
  MISCONF:
    "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk. Commands that may modify the data set are disabled, because this instance is configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option). Please check the Redis logs for details about the RDB error.",
  DEBUG_RELOAD_FAILED: 'ERR Error trying to load the RDB dump, check server logs.',
  NOAUTH_HELLO:
    'NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time',
  MAX_CLIENTS: 'ERR max number of clients reached',
  PROTECTED_MODE:
    "DENIED Redis is running in protected mode because protected mode is enabled and no password is set for the default user. In this mode connections are only accepted from the loopback interface. If you want to connect from external computers to Redis you may adopt one of the following solutions: 1) Just disable protected mode sending the command 'CONFIG SET protected-mode no' from the loopback interface by connecting to Redis from the same host the server is running, however MAKE SURE Redis is not publicly accessible from internet if you do so. Use CONFIG REWRITE to make this change permanent. 2) Alternatively you can just disable the protected mode by editing the Redis configuration file, and setting the protected mode option to 'no', and then restarting the server. 3) If you started the server manually just for testing, restart it with the '--protected-mode no' option. 4) Setup a an authentication password for the default user. NOTE: You only need to do one of the above things in order for the server to start accepting connections from the outside.",
  AUTH_NO_PASSWORD:
    'ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?',
  CLIENT_NAME_CHARS: 'ERR Client names cannot contain spaces, newlines or special characters.',
  CLIENT_ID_POSITIVE: 'ERR client-id should be greater than 0',
  CLIENT_ID_INVALID: 'ERR Invalid client ID',
  NO_SUCH_CLIENT: 'ERR No such client',
  // CLIENT TRACKING / CACHING (client-side caching)
  TRACKING_ONE_REDIRECT: 'ERR A client can only redirect to a single other client',
  TRACKING_NO_REDIRECT_CLIENT: 'ERR The client ID you want redirect to does not exist',
  TRACKING_PREFIX_NEEDS_BCAST: 'ERR PREFIX option requires BCAST mode to be enabled',
  TRACKING_BCAST_SWITCH: "ERR You can't switch BCAST mode on/off before disabling tracking for this client, and then re-enabling it with a different mode.",
  TRACKING_OPT_BCAST: 'ERR OPTIN and OPTOUT are not compatible with BCAST',
  TRACKING_OPTIN_AND_OPTOUT: "ERR You can't specify both OPTIN mode and OPTOUT mode",
  TRACKING_OPT_SWITCH: "ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, and then re-enabling it with a different mode.",
  CACHING_NOT_TRACKING: 'ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled',
  CACHING_YES_NOT_OPTIN: 'ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.',
  CACHING_NO_NOT_OPTOUT: 'ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.',
  CLIENT_TYPE_UNKNOWN: (t: string) => `ERR Unknown client type '${t}'`,
  UNBLOCK_REASON: 'ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR',
  UNBLOCKED: 'UNBLOCKED client unblocked via CLIENT UNBLOCK',
  CLIENT_PAUSE_MODE: 'ERR CLIENT PAUSE mode must be WRITE or ALL',
  /** addReplySubcommandSyntaxError. */
  SUBCOMMAND_SYNTAX: (sub: string, cmd: string) =>
    `ERR unknown subcommand or wrong number of arguments for '${sub.slice(0, 128)}'. Try ${cmd.toUpperCase()} HELP.`,
  NO_CONFIG_FILE: 'ERR The server is running without a config file',
  // Pub/Sub.
  PUBSUB_CONTEXT: (cmd: string) =>
    `ERR Can't execute '${cmd}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context`,
  DENY_BLOCKING: (cmd: string) => `ERR ${cmd} isn't allowed for a DENY BLOCKING client`,
  LFU_NOT_SELECTED:
    'ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.',
  LFU_SELECTED:
    'ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.',
  GETKEYS_INVALID_COMMAND: 'ERR Invalid command specified',
  GETKEYS_NO_KEYS: 'ERR The command has no key arguments',
  CLUSTER_DISABLED: 'ERR This instance has cluster support disabled',
  GETKEYS_BAD_ARITY: 'ERR Invalid number of arguments specified for command',
  GETKEYS_BAD_ARGS: 'ERR Invalid arguments specified for command',
  RESET_NOT_NORMAL: 'ERR can only reset normal client connections',
  // Bitmaps, SORT, DUMP/RESTORE.
  BIT_OFFSET: 'ERR bit offset is not an integer or out of range',
  BIT_VALUE: 'ERR bit is not an integer or out of range',
  BITOP_NOT_ONE_KEY: 'ERR BITOP NOT must be called with a single source key.',
  BITPOS_BIT: 'ERR The bit argument must be 1 or 0.',
  BITFIELD_OVERFLOW: 'ERR Invalid OVERFLOW type specified',
  BITFIELD_TYPE: 'ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.',
  BITFIELD_RO: 'ERR BITFIELD_RO only supports the GET subcommand',
  SORT_NOT_DOUBLE: "ERR One or more scores can't be converted into double",
  DUMP_PAYLOAD: 'ERR DUMP payload version or checksum are wrong',
  // Streams (t_stream.c).
  /** Not a Redis error: this engine cannot serialize streams in the RDB format. */
  STREAM_ID_INVALID: 'ERR Invalid stream ID specified as stream command argument',
  XADD_ID_SMALL: 'ERR The ID specified in XADD is equal or smaller than the target stream top item',
  XADD_ID_ZERO: 'ERR The ID specified in XADD must be greater than 0-0',
  XADD_EXHAUSTED: 'ERR The stream has exhausted the last possible ID, unable to add more items',
  XTRIM_BOTH: 'ERR syntax error, MAXLEN and MINID options at the same time are not compatible',
  XTRIM_MAXLEN_NEG: 'ERR The MAXLEN argument must be >= 0.',
  XTRIM_LIMIT_NEG: 'ERR The LIMIT argument must be >= 0.',
  XTRIM_LIMIT_NO_STRATEGY: 'ERR syntax error, LIMIT cannot be used without specifying a trimming strategy',
  XTRIM_NO_STRATEGY: 'ERR syntax error, XTRIM must be called with a trimming strategy',
  XTRIM_LIMIT_NO_APPROX: 'ERR syntax error, LIMIT cannot be used without the special ~ option',
  STREAM_START_INVALID: 'ERR invalid start ID for the interval',
  STREAM_END_INVALID: 'ERR invalid end ID for the interval',
  XREAD_UNBALANCED: "ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified.",
  XREAD_GROUP_OPTION: 'ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.',
  XREAD_NOACK_OPTION: 'ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.',
  XREADGROUP_MISSING_GROUP: 'ERR Missing GROUP option for XREADGROUP',
  XREADGROUP_NOGROUP: (key: string, group: string) =>
    `NOGROUP No such key '${key}' or consumer group '${group}' in XREADGROUP with GROUP option`,
  XREADGROUP_DOLLAR:
    'ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would just return an empty result set.',
  XREAD_GT: 'ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option.',
  XGROUP_NO_KEY:
    'ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.',
  NOGROUP: (group: string, key: string) => `NOGROUP No such consumer group '${group}' for key name '${key}'`,
  NOGROUP_KEY: (key: string, group: string) => `NOGROUP No such key '${key}' or consumer group '${group}'`,
  BUSYGROUP: 'BUSYGROUP Consumer Group name already exists',
  XAUTOCLAIM_MIN_IDLE: 'ERR Invalid min-idle-time argument for XAUTOCLAIM',
  XAUTOCLAIM_COUNT: 'ERR COUNT must be > 0',
  TIMEOUT_NOT_INTEGER: 'ERR timeout is not an integer or out of range',
  XCLAIM_ARG: (what: string) => `ERR Invalid ${what} for XCLAIM`,
  XCLAIM_OPTION: (opt: string) => `ERR Unrecognized XCLAIM option '${opt}'`,
  XREADGROUP_KEY_GONE: 'UNBLOCKED the stream key no longer exists',
  XREADGROUP_GROUP_GONE: 'NOGROUP the consumer group this client was blocked on no longer exists',
  ENTRIESREAD_RANGE: 'ERR value for ENTRIESREAD must be positive or -1',
  XSETID_SMALL: 'ERR The ID specified in XSETID is smaller than the target stream top item',
  XSETID_ENTRIES_ADDED_NEG: 'ERR entries_added must be positive',
  XSETID_MAXDELETED: 'ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id',
  XSETID_ENTRIES_ADDED_SMALL: 'ERR The entries_added specified in XSETID is smaller than the target stream length',
  BAD_DATA_FORMAT: 'ERR Bad data format',
  BUSYKEY: 'BUSYKEY Target key name already exists.',
  RESTORE_TTL: 'ERR Invalid TTL value, must be >= 0',
  RESTORE_IDLETIME: 'ERR Invalid IDLETIME value, must be >= 0',
  RESTORE_FREQ: 'ERR Invalid FREQ value, must be >= 0 and <= 255',
  // ACL (processCommand, execCommand, scriptVerifyACL, aclCommand).
  NOPERM_COMMAND: (cmd: string) => `NOPERM this user has no permissions to run the '${cmd}' command`,
  NOPERM_KEY: 'NOPERM this user has no permissions to access one of the keys used as arguments',
  NOPERM_CHANNEL: 'NOPERM this user has no permissions to access one of the channels used as arguments',
  NOPERM_EXEC: (reason: string) =>
    `NOPERM ACLs rules changed between the moment the transaction was accumulated and the EXEC call. This command is no longer allowed for the following reason: ${reason}`,
  ACL_USERNAME_SPACES: "ERR Usernames can't contain spaces or null characters",
  ACL_DELETE_DEFAULT: "ERR The 'default' user cannot be removed",
  ACL_NO_FILE:
    'ERR This Redis instance is not configured to use an ACL file. You may want to specify users via the ACL SETUSER command and then issue a CONFIG REWRITE (assuming you have a Redis configuration file set) in order to store users in the Redis configuration.',
  ACL_UNKNOWN_CATEGORY: (cat: string) => `ERR Unknown category '${cat.slice(0, 128)}'`,
  ACL_GENPASS_BITS: 'ERR ACL GENPASS argument must be the number of bits for the output password, a positive number up to 4096',
  ACL_DRYRUN_NO_USER: (user: string) => `ERR User '${user}' not found`,
  ACL_DRYRUN_NO_COMMAND: (cmd: string) => `ERR Command '${cmd}' not found`,
} as const;

/** `ERR unknown command 'foo', with args beginning with: 'a' 'b' ` */
export function unknownCommand(name: string, args: readonly string[]): string {
  // The arguments are listed until their part of the message reaches 128 bytes, each cut to what is left of that.
  let listed = '';
  for (const a of args) {
    if (listed.length >= 128) break;
    listed += `'${truncate(a, 128 - listed.length)}' `;
  }
  // addReplyErrorFormat turns CR and LF into spaces (a reply must stay one line).
  return `ERR unknown command '${truncate(name)}', with args beginning with: ${listed}`.replace(/[\r\n]/g, ' ');
}

function truncate(s: string, max = 128): string {
  return s.length > max ? s.slice(0, max) : s;
}

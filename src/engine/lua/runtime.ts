/**
 * The Lua side of the scripting runtime, run once when the VM starts (see
 * vm.ts). Like Redis, which keeps every script as a compiled function in
 * its one Lua state, it keeps compiled EVAL scripts by SHA1 and the
 * functions each library registered, so a call compiles nothing: the VM
 * runs a one-line chunk that looks the function up and calls it.
 *
 * What it defines lives in local tables reached only through the
 * functions of `A`, a table hung (by vm.ts) on the globals' locked
 * metatable under a key no script writes by accident. Defining or
 * dropping needs `TOKEN`, a random string only the host knows, so a
 * script cannot replace another script's function.
 *
 * The whole chunk is one line, so an error raised inside it (for
 * instance register_function called outside FUNCTION LOAD) reports line
 * 1, as the library's first line (the shebang's) would.
 *
 * It follows Redis 7.0's script_lua.c (results read with raw access,
 * error_reply), function_lua.c (register_function's checks, the load API)
 * and eval.c.
 */

/** The key of `A` on the globals' metatable. */
export const ANCHOR_KEY = '\\0rp';

const RESULT = [
  // The script's result as plain data, read the way luaReplyToRedisReply does:
  // fields and elements with raw access (metatables never called), arrays up to
  // the first nil, the typed tables in Redis's order, nesting ending in Redis's
  // stack-limit error. Redis turns a table with a double, map, set, big_number or
  // verbatim_string field into that reply whatever the protocol; the VM encodes
  // those only under RESP3, so such a result switches the script to it (unless
  // booleans, whose encoding depends on the protocol, are in it too).
  'local T, B = false, false',
  'local function P(v, d)',
  " local tv = type(v) if tv == 'boolean' then B = true end",
  " if tv ~= 'table' then return v end",
  " if d > 200 then return {err = 'ERR reached lua stack limit'} end",
  " local x = rawget(v, 'err') if type(x) == 'string' then return {err = x} end",
  " x = rawget(v, 'ok') if type(x) == 'string' then return {ok = x} end",
  " x = rawget(v, 'double') if type(x) == 'number' then T = true return {double = x} end",
  " x = rawget(v, 'big_number') if type(x) == 'string' then T = true return {big_number = x} end",
  " x = rawget(v, 'verbatim_string') if type(x) == 'table' then local f, s = rawget(x, 'format'), rawget(x, 'string') if type(f) == 'string' and type(s) == 'string' then T = true return {verbatim_string = {format = f, string = s}} end end",
  " x = rawget(v, 'map') if type(x) == 'table' then T = true local m = {} for k, y in next, x do m[k] = P(y, d + 1) end return {map = m} end",
  " x = rawget(v, 'set') if type(x) == 'table' then T = true local m = {} for k in next, x do m[k] = true end return {set = m} end",
  ' local t, i = {}, 1 while true do local y = rawget(v, i) if y == nil then break end t[i] = P(y, d + 1) i = i + 1 end return t',
  'end',
  'local function result(v) T, B = false, false local r = P(v, 0) if T and not B then setresp(3) end return r end',
];

const ERROR_REPLY = [
  // redis.error_reply as Redis 7.0 has it: a leading '-' dropped, the first word
  // the error code, ERR added when there is only one word (the VM's own always
  // prefixes ERR).
  'local function error_reply(...)',
  " local s = ... if select('#', ...) ~= 1 or type(s) ~= 'string' then return {err = 'ERR wrong number or type of arguments'} end",
  " if sub(s, 1, 1) == '-' then s = sub(s, 2) end",
  " if not find(s, ' ', 1, true) then s = 'ERR ' .. s end",
  ' return {err = s}',
  'end',
];

const REDIS_API = [
  // redis.sha1hex refuses other than one argument, as Redis's does (the VM's
  // raises Lua's own bad-argument error); \2 marks an error raised as Redis
  // raises a table, at the position before the mark.
  'local RS, RP = R.sha1hex, R.pcall',
  "local function sha1hex(...) if select('#', ...) ~= 1 then error('\\2ERR wrong number of arguments', 2) end return RS((...)) end",
  // redis.pcall returns the error of an argument that is not a string or a
  // number, as Redis does, instead of raising it.
  "local function rpcall(...) local ok, r = pcall(RP, ...) if ok then return r end if type(r) == 'string' and find(r, '__RLUA_E__:command-arg-type', 1, true) then return {err = 'ERR Lua redis lib command arguments must be strings or integers'} end error(r, 0) end",
];

const LIBRARIES = [
  // register_function, validated as function_lua.c does; its errors start with
  // \1 so the host tells them from the library's own.
  "local FL = {['no-writes'] = true, ['allow-oom'] = true, ['allow-stale'] = true, ['no-cluster'] = true, ['allow-cross-slot-keys'] = true}",
  "local function E(m) error('\\1' .. m, 0) end",
  'local function RF(...)',
  " if not loading then E('redis.register_function can only be called on FUNCTION LOAD command') end",
  " local n = select('#', ...) local name, cb, desc, flags",
  ' if n == 1 then local t = ...',
  "  if type(t) ~= 'table' then E('calling redis.register_function with a single argument is only applicable to Lua table (representing named arguments).') end",
  '  for k, v in pairs(t) do',
  "   if type(k) ~= 'string' then E('named argument key given to redis.register_function is not a string') end",
  '   local lk = lower(k)',
  "   if lk == 'function_name' then if type(v) ~= 'string' then E('function_name argument given to redis.register_function must be a string') end name = v",
  "   elseif lk == 'description' then if type(v) ~= 'string' then E('description argument given to redis.register_function must be a string') end desc = v",
  "   elseif lk == 'callback' then if type(v) ~= 'function' then E('callback argument given to redis.register_function must be a function') end cb = v",
  "   elseif lk == 'flags' then if type(v) ~= 'table' then E('flags argument to redis.register_function must be a table representing function flags') end",
  "    for _, f in pairs(v) do if type(f) ~= 'string' or not FL[f] then E('unknown flag given') end end flags = v",
  "   else E('unknown argument given to redis.register_function') end",
  '  end',
  "  if name == nil then E('redis.register_function must get a function name argument') end",
  "  if cb == nil then E('redis.register_function must get a callback argument') end",
  ' elseif n == 2 then name, cb = ...',
  "  if type(name) ~= 'string' then E('first argument to redis.register_function must be a string') end",
  "  if type(cb) ~= 'function' then E('second argument to redis.register_function must be a function') end",
  " else E('wrong number of arguments to redis.register_function') end",
  " if not find(name, '^[%w_]+$') then E('Library names can only contain letters, numbers, or underscores(_) and must be at least one character long') end",
  " if loading.F[name] then E('Function already exists in the library') end",
  ' local fl = {} if flags then for _, f in pairs(flags) do fl[#fl + 1] = f end end',
  ' loading.F[name] = {cb = cb, d = desc, fl = fl} loading.N[#loading.N + 1] = name',
  'end',
  // The `redis` a library sees: while it loads, only register_function, log and
  // the version (function_lua.c's load API); while its functions run, all of
  // redis but register_function.
  'local LA = {log = true, LOG_DEBUG = true, LOG_VERBOSE = true, LOG_NOTICE = true, LOG_WARNING = true, REDIS_VERSION = true, REDIS_VERSION_NUM = true}',
  'local FR = setmetatable({}, {__index = function(_, k)',
  " if loading then if k == 'register_function' then return RF end if LA[k] then return R[k] end",
  "  error(\"Script attempted to access nonexistent global variable '\" .. tostring(k) .. \"'\", 2) end",
  " if k == 'error_reply' then return error_reply end if k == 'sha1hex' then return sha1hex end if k == 'pcall' then return rpcall end return R[k] end})",
];

const ANCHOR = [
  'local A = {}',
  // Runs a cached EVAL script: only its first value is the reply.
  'A.e = function(sha) loading = nil return result((scripts[sha]())) end',
  // Compiles a script: the body alone first (its errors are the user's), then
  // wrapped in the function that gets the shadowing `redis`.
  "A.d = function(tok, sha, src, wrapped) if tok ~= TOKEN then return nil end local f, e = loadstring(src, '@user_script') if not f then return e end",
  " f, e = loadstring(wrapped, '@user_script') if not f then return e end scripts[sha] = f(ER) return 1 end",
  'A.x = function(tok, sha) if tok == TOKEN then scripts[sha] = nil end end',
  // Calls a function of a loaded library.
  'A.f = function(id, name) loading = nil return result((libs[id][name].cb(KEYS, ARGV))) end',
  // FUNCTION LOAD: compiles the library and runs its body once, collecting what
  // it registers. {'c', msg}: does not compile; {'r', msg}: the body raised;
  // {'n'}: registered nothing; else {'ok', {name, description, has description, flags...}...}.
  "A.l = function(tok, id, body, wrapped) if tok ~= TOKEN then return nil end local f, e = loadstring(body, '@user_function') if not f then return {'c', e} end",
  " f, e = loadstring(wrapped, '@user_function') if not f then return {'c', e} end",
  ' local lib = {F = {}, N = {}} loading = lib local ok, err = pcall(f(FR)) loading = nil',
  " if not ok then return {'r', tostring(err)} end if #lib.N == 0 then return {'n'} end libs[id] = lib.F",
  " local o = {'ok'} for _, n in ipairs(lib.N) do local fn = lib.F[n] local x = {n, fn.d or '', fn.d and 1 or 0} for _, fl in ipairs(fn.fl) do x[#x + 1] = fl end o[#o + 1] = x end return o end",
  'A.y = function(tok, id) if tok == TOKEN then libs[id] = nil end end',
];

/**
 * The setup chunk. ARGV[1] is the token. Returns the addresses of the
 * tables the host then locks (A, both shadowing `redis` tables and their
 * metatables), as Redis locks everything a script can reach.
 */
export const SETUP = [
  'local TOKEN, R = ARGV[1], redis',
  'local type, rawget, select, tostring, pairs, ipairs, next, error, pcall, loadstring, setmetatable = type, rawget, select, tostring, pairs, ipairs, next, error, pcall, loadstring, setmetatable',
  'local lower, find, sub, setresp = string.lower, string.find, string.sub, R.setresp',
  'local scripts, libs, loading = {}, {}, nil',
  ...RESULT,
  ...ERROR_REPLY,
  ...REDIS_API,
  'local ER = setmetatable({error_reply = error_reply, sha1hex = sha1hex, pcall = rpcall}, {__index = R})',
  ...LIBRARIES,
  ...ANCHOR,
  `getmetatable(_G)['${ANCHOR_KEY}'] = A`,
  // Reading a global that does not exist raises Redis's own text, also where a
  // pcall catches it (the VM's own raises a code for the host to word).
  "getmetatable(_G).__index = function(_, k) error(\"Script attempted to access nonexistent global variable '\" .. tostring(k) .. \"'\", 2) end",
  'return {tostring(A), tostring(ER), tostring(getmetatable(ER)), tostring(FR), tostring(getmetatable(FR))}',
].join(' ');

/** The chunk that runs cached script `sha`. */
export const runScriptChunk = (sha: string): string => `return getmetatable(_G)['${ANCHOR_KEY}'].e('${sha}')`;
/** The chunk that calls function `name` of library `id` (names are letters, digits and underscores). */
export const callFunctionChunk = (id: string, name: string): string => `return getmetatable(_G)['${ANCHOR_KEY}'].f('${id}', '${name}')`;
/** The chunk that calls A[op] with the token and ARGV[2..]. */
export const hostChunk = (op: 'd' | 'x' | 'l' | 'y'): string => `return getmetatable(_G)['${ANCHOR_KEY}'].${op}(ARGV[1], ARGV[2], ARGV[3], ARGV[4])`;

/** An EVAL script as the VM compiles it: a function getting the shadowing `redis` (unless the script assigns `redis` itself). */
export const wrapScript = (source: string, shadow: boolean): string => `${shadow ? 'local redis = ... ' : ''}return function(...) ${source}\nend`;
/** A library's body (from its shebang's newline on) as the VM compiles it. */
export const wrapLibrary = (body: string): string => `local redis = ... return function() ${body}\nend`;

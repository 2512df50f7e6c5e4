import { REPLY_FLAG, type ClientState, type Ctx, type HandlersFor } from '../core/command';
import { E } from '../core/errors';
import { helpReply } from '../core/help';
import { clientAddress } from '../core/monitor';
import type { AclUser } from '../core/acl';
import { discardTransaction } from '../core/multi';
import { RedisError, is } from '../core/parse';
import { parseInt64 } from '../../text/int';
import { NIL, OK, PONG, array, bulk, int, simple, type Reply } from '../core/reply';
import { REDIS_VERSION } from '../core/version';
import type { connectionSpecs } from '../spec/connection';

/**
 * Connection commands: PING, ECHO, HELLO, AUTH, CLIENT, QUIT, RESET.
 *
 * Not implemented (no handler, so Redis's "unknown command" answer): CLIENT
 * PAUSE/UNPAUSE. Client-side caching's subcommands are in client-tracking.ts
 * (commands/index.ts puts both together).
 */
export const connectionCommands: Omit<HandlersFor<typeof connectionSpecs>, TrackingSubcommand> = {
  ping,
  echo: (c) => bulk(c.argv[1]!),
  hello,
  auth,
  quit,
  reset,
  'client|help': (c) => helpReply(c, CLIENT_HELP),
  'client|id': (c) => int(c.client.id),
  'client|info': (c) => verbatim(clientInfo(c, c.client) + '\n'),
  'client|list': clientList,
  'client|setname': (c) => {
    setName(c.client, c.argv[2]!);
    return OK;
  },
  'client|getname': (c) => (c.client.name === '' ? NIL : bulk(c.client.name)),
  'client|kill': clientKill,
  'client|unblock': clientUnblock,
  'client|no-evict': (c) => {
    if (!is(c.argv[2], 'ON') && !is(c.argv[2], 'OFF')) throw new RedisError(E.SYNTAX);
    return OK;
  },
  'client|reply': clientReply,
  // In the table, not implemented: answered as an unknown subcommand.
  'client|pause': null,
  'client|unpause': null,
};

type TrackingSubcommand = 'client|tracking' | 'client|caching' | 'client|getredir' | 'client|trackinginfo';

/** PING; a RESP2 client in subscribed mode gets ["pong", message] instead. */
function ping(c: Ctx): Reply {
  if (c.argv.length > 2) throw new RedisError(E.WRONG_ARITY('ping'));
  if (c.client.resp === 2 && typeOf(c.client) === 'pubsub') return array([bulk('pong'), bulk(c.argv[1] ?? '')]);
  return c.argv.length === 2 ? bulk(c.argv[1]!) : PONG;
}

/** HELLO [protover [AUTH username password] [SETNAME clientname]] */
function hello(c: Ctx): Reply {
  const argv = c.argv;
  let ver = 0;
  let i = 1;
  if (argv.length >= 2) {
    const v = parseInt64(argv[i++]!);
    if (v === null) throw new RedisError(E.HELLO_PROTOCOL_NOT_INT);
    if (v < 2n || v > 3n) throw new RedisError(E.NOPROTO);
    ver = Number(v);
  }
  let user: string | undefined;
  let pass = '';
  let name: string | undefined;
  for (; i < argv.length; i++) {
    const more = argv.length - 1 - i;
    const opt = argv[i]!;
    if (is(opt, 'AUTH') && more >= 2) {
      user = argv[i + 1]!;
      pass = argv[i + 2]!;
      i += 2;
    } else if (is(opt, 'SETNAME') && more >= 1) {
      name = argv[i + 1]!;
      checkName(name);
      i++;
    } else {
      throw new RedisError(E.HELLO_BAD_OPTION(opt));
    }
  }
  // As helloCommand: authenticate, then refuse an unauthenticated client, then apply.
  if (user !== undefined) {
    if (!authenticate(c, user, pass)) throw new RedisError(E.WRONGPASS);
  } else if (c.engine.acl.authRequired(c.client)) {
    throw new RedisError(E.NOAUTH_HELLO);
  }
  if (name !== undefined) setName(c.client, name);
  if (ver !== 0) c.client.resp = ver as 2 | 3;
  return {
    t: 'map',
    v: [
      [bulk('server'), bulk('redis')],
      [bulk('version'), bulk(REDIS_VERSION)],
      [bulk('proto'), int(c.client.resp)],
      [bulk('id'), int(c.client.id)],
      [bulk('mode'), bulk('standalone')],
      [bulk('role'), bulk('master')],
      [bulk('modules'), array([])],
    ],
  };
}

/**
 * ACLAuthenticateUser: a user that is on, with this password (or nopass),
 * becomes the client's user; a failure is written to the ACL LOG.
 */
function authenticate(c: Ctx, name: string, pass: string): boolean {
  const acl = c.engine.acl;
  const u = acl.checkCredentials(name, pass);
  if (u !== undefined) {
    c.client.authenticated = true;
    c.client.user = u;
    return true;
  }
  acl.addLog({
    reason: 'auth',
    context: c.client.multi !== undefined || c.client.inExec ? 'multi' : 'toplevel',
    object: c.argv[0]!,
    username: name,
    cinfo: c.engine.clientInfoLine(c.client, c.argv),
  });
  return false;
}

/**
 * AUTH [username] password: AUTH password is for the default user, and an
 * error while it has no password. A failed AUTH leaves the client as it was.
 */
function auth(c: Ctx): Reply {
  if (c.argv.length > 3) throw new RedisError(E.SYNTAX);
  if (c.argv.length === 2) {
    if (c.engine.acl.defaultUser.nopass) throw new RedisError(E.AUTH_NO_PASSWORD);
    if (!authenticate(c, 'default', c.argv[1]!)) throw new RedisError(E.WRONGPASS);
    return OK;
  }
  if (!authenticate(c, c.argv[1]!, c.argv[2]!)) throw new RedisError(E.WRONGPASS);
  return OK;
}

function quit(c: Ctx): Reply {
  c.client.closeAfterReply = true;
  return OK;
}

/** RESET: back to a fresh connection's state (clearClientConnectionState). */
function reset(c: Ctx): Reply {
  const client = c.client;
  discardTransaction(c.engine, client);
  client.db = 0;
  client.resp = 2;
  client.name = '';
  client.monitor = false;
  c.engine.monitors.delete(client);
  // Back to the default user's authentication (clientSetDefaultAuth): logged out when a password is set.
  if (client.authenticated !== undefined) c.engine.acl.setDefaultAuth(client);
  else if (client.user !== undefined) client.user = c.engine.acl.defaultUser;
  for (const h of c.engine.resetHooks) h(client);
  // Replies come back on (SKIP, when RESET itself is the skipped command, still applies to it).
  client.replyFlags &= ~(REPLY_FLAG.OFF | REPLY_FLAG.SKIP_NEXT);
  return simple('RESET');
}

/**
 * CLIENT REPLY ON|OFF|SKIP. The flags are applied by the engine after the
 * command (see Engine.exec): OFF and SKIP answer nothing themselves, SKIP
 * silences the next command only, and pushes are delivered regardless.
 */
function clientReply(c: Ctx): Reply {
  const client = c.client;
  const mode = c.argv[2]!;
  if (is(mode, 'ON')) {
    client.replyFlags &= ~(REPLY_FLAG.OFF | REPLY_FLAG.SKIP);
    return OK;
  }
  if (is(mode, 'OFF')) {
    client.replyFlags |= REPLY_FLAG.OFF;
  } else if (is(mode, 'SKIP')) {
    if ((client.replyFlags & REPLY_FLAG.OFF) === 0) client.replyFlags |= REPLY_FLAG.SKIP_NEXT;
  } else {
    throw new RedisError(E.SYNTAX);
  }
  // This command answers nothing. (Inside EXEC, where Redis would leave a hole
  // in EXEC's array, the OK fills it.)
  if (!client.inExec) client.replyFlags |= REPLY_FLAG.NO_REPLY;
  return OK;
}

// ---- CLIENT ----------------------------------------------------------------

/** Names may hold only printable ASCII without spaces ('!'..'~'); '' clears the name. */
function setName(client: ClientState, name: string): void {
  checkName(name);
  client.name = name;
}

function checkName(name: string): void {
  for (let i = 0; i < name.length; i++) {
    const ch = name.charCodeAt(i);
    if (ch < 0x21 || ch > 0x7e) throw new RedisError(E.CLIENT_NAME_CHARS);
  }
}

/** Network addresses for CLIENT LIST: hosts may set `addr`/`laddr`; browser clients get loopback-style placeholders. */
function addrOf(client: ClientState): { addr: string; laddr: string } {
  const x = client as ClientState & { addr?: string; laddr?: string };
  return { addr: clientAddress(client), laddr: x.laddr ?? '127.0.0.1:6379' };
}

/** One line of CLIENT LIST / CLIENT INFO, with Redis 7.0's fields in order. */
export function clientInfo(c: Ctx, client: ClientState): string {
  const now = c.engine.now();
  const { addr, laddr } = addrOf(client);
  const subs = subCounts(client);
  let flags = client.monitor === true ? 'O' : '';
  if (subs.sub + subs.psub + subs.ssub > 0) flags += 'P';
  if (client.multi !== undefined) flags += 'x';
  if (client.blocked !== undefined) flags += 'b';
  const tracking = client.tracking;
  if (tracking !== undefined) flags += `t${tracking.brokenRedirect ? 'R' : ''}${tracking.bcast ? 'B' : ''}`;
  if (client.dirtyCas) flags += 'd';
  if (client.closeAfterReply) flags += 'c';
  if (flags === '') flags = 'N';
  const age = Math.max(0, Math.floor((now - client.createdAt) / 1000));
  const idle = Math.max(0, Math.floor((now - client.lastCommandAt) / 1000));
  const isSelf = client === c.client;
  const multi = client.multi === undefined ? -1 : client.multi.queue.length;
  const argvMem = isSelf ? c.argv.reduce((n, a) => n + a.length, 0) : 0;
  const multiMem = client.multi === undefined ? 0 : client.multi.queue.reduce((n, q) => n + q.reduce((m, a) => m + a.length + 8, 0), 0);
  const cmd = isSelf ? c.argv.length > 1 && hasSubcommands(c, c.argv[0]!) ? `${c.argv[0]!.toLowerCase()}|${c.argv[1]!.toLowerCase()}` : c.argv[0]!.toLowerCase() : client.lastCommand;
  const totMem = 1838 + argvMem + multiMem;
  // The query buffer holds the command being run, as its client sent it (a multibulk request); idle clients' are empty.
  const qbuf = isSelf ? c.argv.reduce((n, arg) => n + String(arg.length).length + arg.length + 5, String(c.argv.length).length + 3) : 0;
  return (
    `id=${client.id} addr=${addr} laddr=${laddr} fd=${client.id + 7} name=${client.name} age=${age} idle=${isSelf ? 0 : idle} ` +
    `flags=${flags} db=${client.db} sub=${subs.sub} psub=${subs.psub} ssub=${subs.ssub} multi=${multi} qbuf=${qbuf} qbuf-free=${qbuf === 0 ? 0 : Math.max(0, QUERY_BUFFER_ALLOC - qbuf)} argv-mem=${argvMem} ` +
    `multi-mem=${multiMem} rbs=1024 rbp=0 obl=0 oll=0 omem=0 tot-mem=${totMem} events=r cmd=${cmd} user=${client.user?.name ?? 'default'} redir=${tracking?.redirect ?? -1} resp=${client.resp}`
  );
}

/** What Redis 7.0 allocates for a query buffer read of a small request (16 KiB asked, the allocator's size class). */
const QUERY_BUFFER_ALLOC = 20474;

function hasSubcommands(c: Ctx, name: string): boolean {
  return c.engine.commands.get(name.toLowerCase())?.subcommands !== undefined;
}

function verbatim(text: string): Reply {
  return { t: 'verbatim', format: 'txt', v: text };
}

/** Client types for LIST/KILL TYPE filters; every playground client is a normal one. */
function clientType(name: string): 'normal' | 'master' | 'replica' | 'pubsub' | undefined {
  const l = name.toLowerCase();
  if (l === 'normal') return 'normal';
  if (l === 'slave' || l === 'replica') return 'replica';
  if (l === 'pubsub') return 'pubsub';
  if (l === 'master') return 'master';
  return undefined;
}

/**
 * Subscription counts. Pub/sub state is owned by the pub/sub module; it is
 * read here from optional Set-like fields `subscriptions`, `patterns` and
 * `shardSubscriptions` on the client, when that module defines them.
 */
function subCounts(client: ClientState): { sub: number; psub: number; ssub: number } {
  const x = client as ClientState & { subscriptions?: { size: number }; patterns?: { size: number }; shardSubscriptions?: { size: number } };
  return { sub: x.subscriptions?.size ?? 0, psub: x.patterns?.size ?? 0, ssub: x.shardSubscriptions?.size ?? 0 };
}

function typeOf(client: ClientState): 'normal' | 'pubsub' {
  const n = subCounts(client);
  return n.sub + n.psub + n.ssub > 0 ? 'pubsub' : 'normal';
}

/** CLIENT LIST [TYPE type] | [ID id [id ...]] */
function clientList(c: Ctx): Reply {
  const argv = c.argv;
  let clients = [...c.engine.clients.values()];
  if (argv.length === 4 && is(argv[2]!, 'TYPE')) {
    const t = clientType(argv[3]!);
    if (t === undefined) throw new RedisError(E.CLIENT_TYPE_UNKNOWN(argv[3]!));
    clients = clients.filter((cl) => typeOf(cl) === t);
  } else if (argv.length > 3 && is(argv[2]!, 'ID')) {
    const picked: ClientState[] = [];
    for (let j = 3; j < argv.length; j++) {
      const id = parseInt64(argv[j]!);
      if (id === null) throw new RedisError(E.CLIENT_ID_INVALID);
      const cl = c.engine.clients.get(Number(id));
      if (cl !== undefined) picked.push(cl);
    }
    clients = picked;
  } else if (argv.length !== 2) {
    throw new RedisError(E.SYNTAX);
  }
  return verbatim(clients.map((cl) => clientInfo(c, cl) + '\n').join(''));
}

/** CLIENT KILL addr | CLIENT KILL [ID id] [TYPE type] [USER user] [ADDR addr] [LADDR addr] [SKIPME yes|no] */
function clientKill(c: Ctx): Reply {
  const argv = c.argv;
  let addr: string | undefined;
  let laddr: string | undefined;
  let type: ReturnType<typeof clientType>;
  let id = 0;
  let skipMe = true;
  let user: AclUser | undefined;
  if (argv.length === 3) {
    addr = argv[2]!;
    skipMe = false;
  } else {
    for (let i = 2; i < argv.length; i += 2) {
      const opt = argv[i]!.toUpperCase();
      const val = argv[i + 1];
      if (val === undefined) throw new RedisError(E.SYNTAX);
      if (opt === 'ID') {
        const v = parseInt64(val);
        if (v === null || v < 1n) throw new RedisError(E.CLIENT_ID_POSITIVE);
        id = Number(v);
      } else if (opt === 'TYPE') {
        type = clientType(val);
        if (type === undefined) throw new RedisError(E.CLIENT_TYPE_UNKNOWN(val));
      } else if (opt === 'ADDR') {
        addr = val;
      } else if (opt === 'LADDR') {
        laddr = val;
      } else if (opt === 'USER') {
        user = c.engine.acl.users.get(val);
        if (user === undefined) throw new RedisError(`ERR No such user '${val}'`);
      } else if (opt === 'SKIPME') {
        if (is(val, 'YES')) skipMe = true;
        else if (is(val, 'NO')) skipMe = false;
        else throw new RedisError(E.SYNTAX);
      } else {
        throw new RedisError(E.SYNTAX);
      }
    }
  }
  let killed = 0;
  for (const cl of [...c.engine.clients.values()]) {
    const a = addrOf(cl);
    if (addr !== undefined && a.addr !== addr) continue;
    if (laddr !== undefined && a.laddr !== laddr) continue;
    if (type !== undefined && typeOf(cl) !== type) continue;
    if (id !== 0 && cl.id !== id) continue;
    if (user !== undefined && cl.user !== user) continue;
    if (cl === c.client && skipMe) continue;
    if (cl === c.client) c.client.closeAfterReply = true;
    else c.engine.closeClient(cl);
    killed++;
  }
  if (argv.length === 3) {
    if (killed === 0) throw new RedisError(E.NO_SUCH_CLIENT);
    return OK;
  }
  return int(killed);
}

/**
 * CLIENT UNBLOCK id [TIMEOUT|ERROR]: ends another client's blocking wait
 * with its timeout reply (or an UNBLOCKED error), delivered through that
 * client's `send`. Replies 1 when a blocked client was unblocked, else 0.
 */
function clientUnblock(c: Ctx): Reply {
  const argv = c.argv;
  if (argv.length > 4) throw new RedisError(E.SUBCOMMAND_SYNTAX(argv[1]!, 'client'));
  let asError = false;
  if (argv.length === 4) {
    const r = argv[3]!.toUpperCase();
    if (r === 'TIMEOUT') asError = false;
    else if (r === 'ERROR') asError = true;
    else throw new RedisError(E.UNBLOCK_REASON);
  }
  const id = parseInt64(argv[2]!);
  if (id === null) throw new RedisError(E.NOT_INTEGER);
  const target = c.engine.clients.get(Number(id));
  const blocked = target?.blocked;
  if (target === undefined || blocked === undefined) return int(0);
  const reply: Reply = asError ? { t: 'error', v: E.UNBLOCKED } : blocked.onTimeout();
  c.engine.blocking.unblock(target, reply);
  return int(1);
}

const CLIENT_HELP = [
  'CACHING (YES|NO)',
  '    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.',
  'GETREDIR',
  '    Return the client ID we are redirecting to when tracking is enabled.',
  'GETNAME',
  '    Return the name of the current connection.',
  'ID',
  '    Return the ID of the current connection.',
  'INFO',
  '    Return information about the current client connection.',
  'KILL <ip:port>',
  '    Kill connection made from <ip:port>.',
  'KILL <option> <value> [<option> <value> [...]]',
  '    Kill connections. Options are:',
  '    * ADDR (<ip:port>|<unixsocket>:0)',
  '      Kill connections made from the specified address',
  '    * LADDR (<ip:port>|<unixsocket>:0)',
  '      Kill connections made to specified local address',
  '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
  '      Kill connections by type.',
  '    * USER <username>',
  '      Kill connections authenticated by <username>.',
  '    * SKIPME (YES|NO)',
  '      Skip killing current connection (default: yes).',
  'LIST [options ...]',
  '    Return information about client connections. Options:',
  '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
  '      Return clients of specified type.',
  'UNPAUSE',
  '    Stop the current client pause, resuming traffic.',
  'PAUSE <timeout> [WRITE|ALL]',
  '    Suspend all, or just write, clients for <timeout> milliseconds.',
  'REPLY (ON|OFF|SKIP)',
  '    Control the replies sent to the current connection.',
  'SETNAME <name>',
  '    Assign the name <name> to the current connection.',
  'UNBLOCK <clientid> [TIMEOUT|ERROR]',
  '    Unblock the specified blocked client.',
  'TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]',
  '         [OPTIN] [OPTOUT] [NOLOOP]',
  '    Control server assisted client side caching.',
  'TRACKINGINFO',
  '    Report tracking status for the current connection.',
  'NO-EVICT (ON|OFF)',
  '    Protect current client connection from eviction.',
];

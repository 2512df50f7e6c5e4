import type { ClientState, CommandSpec } from './command';
import { globMatch } from './glob';
import { sha256hex } from './sha256';
import { ACL_CATEGORIES, categories } from '../spec/categories';
import { KEY_ACCESS } from '../spec/keyaccess';
import { keyPositions } from '../spec/keys';
import { sdssplitargs } from '../../text/split';

/**
 * ACL users, as Redis 7.0's acl.c has them: each user has flags (on/off,
 * nopass), password hashes (SHA-256) and selectors. The first selector is
 * the root one (the rules written outside parentheses); `(...)` adds more.
 * A selector allows commands (a bit per command and subcommand, categories
 * being sets of bits), key patterns with read/write permissions and channel
 * patterns. A command runs when one selector allows the command and all its
 * keys and channels.
 */

/** A command or subcommand of the table, as ACL rules see it. */
export interface AclCommand {
  /** Full lower-case name: `get`, `config|get`. */
  readonly name: string;
  readonly spec: CommandSpec;
  readonly cats: ReadonlySet<string>;
  readonly parent: AclCommand | undefined;
  readonly subs: readonly AclCommand[];
  readonly noAuth: boolean;
}

/** Why a command was refused (ACL_DENIED_*), in the order Redis ranks them. */
export const DENIED = { CMD: 1, KEY: 2, AUTH: 3, CHANNEL: 4 } as const;
export type Denied = (typeof DENIED)[keyof typeof DENIED];

/** getAclErrorMessage: how a script (or a module) is told why. */
export const ACL_DENIED_TEXT: Readonly<Record<Denied, string>> = {
  [DENIED.CMD]: "can't run this command or subcommand",
  [DENIED.KEY]: "can't access at least one of the keys mentioned in the command arguments",
  [DENIED.AUTH]: 'lacking the permissions for the command',
  [DENIED.CHANNEL]: "can't publish to the channel mentioned in the command",
};

const READ = 1;
const WRITE = 2;
const ALL = READ | WRITE;

interface KeyPattern {
  readonly pattern: string;
  flags: number;
}

/** One selector: the root one, or one made with `(...)`. */
export class Selector {
  allKeys = false;
  allChannels = false;
  /** SELECTOR_FLAG_ALLCOMMANDS: set by +@all, cleared as soon as one command is taken away. */
  allCommands = false;
  /** The reserved bit +@all sets and only -@all clears: the rules start from +@all when described. */
  future = false;
  allowed = new Set<AclCommand>();
  /** `+select|0`: first arguments allowed for an otherwise refused command. */
  firstArgs = new Map<AclCommand, string[]>();
  patterns: KeyPattern[] = [];
  channels: string[] = [];

  constructor(readonly root: boolean) {}

  clone(root = this.root): Selector {
    const s = new Selector(root);
    s.allKeys = this.allKeys;
    s.allChannels = this.allChannels;
    s.allCommands = this.allCommands;
    s.future = this.future;
    s.allowed = new Set(this.allowed);
    s.firstArgs = new Map([...this.firstArgs].map(([k, v]) => [k, [...v]]));
    s.patterns = this.patterns.map((p) => ({ ...p }));
    s.channels = [...this.channels];
    return s;
  }
}

export class AclUser {
  /** USER_FLAG_ENABLED / DISABLED: a new user is off. */
  enabled = false;
  nopass = false;
  /** skip-sanitize-payload / sanitize-payload, or neither. */
  sanitize: 'skip' | 'sanitize' | undefined = undefined;
  /** SHA-256 hex digests of the passwords, in the order they were added. */
  passwords: string[] = [];
  selectors: Selector[];

  constructor(
    readonly name: string,
    rootSelector: Selector,
  ) {
    this.selectors = [rootSelector];
  }

  get root(): Selector {
    return this.selectors[0]!;
  }

  copyFrom(src: AclUser): void {
    this.enabled = src.enabled;
    this.nopass = src.nopass;
    this.sanitize = src.sanitize;
    this.passwords = [...src.passwords];
    this.selectors = src.selectors.map((s) => s.clone());
  }
}

/** ACLSetUserStringError's texts, by the errno ACLSetUser sets. */
const RULE_ERROR = {
  ENOENT: 'Unknown command or category name in ACL',
  EINVAL: 'Syntax error',
  EEXIST:
    "Adding a pattern after the * pattern (or the 'allkeys' flag) is not valid and does not have any effect. Try 'resetkeys' to start with an empty list of patterns",
  EISDIR:
    "Adding a pattern after the * pattern (or the 'allchannels' flag) is not valid and does not have any effect. Try 'resetchannels' to start with an empty list of channels",
  ENODEV: 'The password you are trying to remove from the user does not exist',
  EBADMSG: 'The password hash must be exactly 64 characters and contain only lowercase hexadecimal characters',
  ECHILD: 'Allowing first-arg of a subcommand is not supported',
} as const;
type RuleError = keyof typeof RULE_ERROR;

class RuleFailed extends Error {
  constructor(readonly code: RuleError) {
    super(code);
  }
}

/** ACLStringHasSpaces: isspace() or NUL anywhere. */
export function hasSpaces(s: string): boolean {
  return /[ \t\n\v\f\r\0]/.test(s);
}

/**
 * The password hash a `>pass`/`<pass` rule names (SHA-256 of the text) or a
 * `#hash`/`!hash` rule gives (64 hex digits, else EBADMSG).
 */
function ruleHash(op: string): string {
  const rest = op.slice(1);
  if (op[0] === '>' || op[0] === '<') return sha256hex(rest);
  if (!validHash(rest)) throw new RuleFailed('EBADMSG');
  return rest;
}

/** ACLCheckPasswordHash: 64 lower-case hex digits. */
function validHash(h: string): boolean {
  return /^[0-9a-f]{64}$/.test(h);
}

/** What a key of a command does with it: READ, WRITE, both, or 0 (any pattern allows it); -1: not a key. */
function keyAccess(cmd: AclCommand, nth: number, argv: readonly string[]): number {
  const codes = KEY_ACCESS[cmd.name]?.split(',');
  let code: string;
  if (codes === undefined) code = cmd.spec.flags.includes('write') ? 'RW' : 'R';
  else code = nth === 0 ? codes[0]! : codes[codes.length - 1]!;
  if (code === 'x') return -1;
  if (code.endsWith('?')) return variableAccess(cmd.name, argv);
  return (code.includes('R') ? READ : 0) | (code.includes('W') ? WRITE : 0);
}

/** setGetKeys and bitfieldGetKeys: flags that depend on the arguments. */
function variableAccess(name: string, argv: readonly string[]): number {
  if (name === 'set') {
    for (let i = 3; i < argv.length; i++) if (argv[i]!.toLowerCase() === 'get') return ALL;
    return WRITE;
  }
  // BITFIELD: read-only when every subcommand is a GET.
  for (let i = 2; i < argv.length; i++) {
    const more = argv.length - i - 1;
    const a = argv[i]!.toLowerCase();
    if (a === 'get' && more >= 2) i += 2;
    else if (a === 'overflow' && more >= 1) i += 1;
    else return ALL;
  }
  return READ;
}

/** Channel arguments (commands_with_channels in db.c): where they start, and whether they are patterns. */
const CHANNEL_COMMANDS: Readonly<Record<string, { readonly all: boolean; readonly pattern: boolean }>> = {
  subscribe: { all: true, pattern: false },
  ssubscribe: { all: true, pattern: false },
  psubscribe: { all: true, pattern: true },
  publish: { all: false, pattern: false },
  spublish: { all: false, pattern: false },
};

export interface AclLogEntry {
  count: number;
  readonly reason: 'command' | 'key' | 'channel' | 'auth';
  readonly context: 'toplevel' | 'multi' | 'lua';
  readonly object: string;
  readonly username: string;
  ctime: number;
  cinfo: string;
}

/** Entries this close in time (ms) with the same reason, context, object and user are counted as one. */
const LOG_GROUPING_MS = 60000;

export interface AclHost {
  /** acl-pubsub-default is allchannels. */
  pubsubAllChannels(): boolean;
  now(): number;
  /** acllog-max-len. */
  logMaxLen(): number;
  clients(): Iterable<ClientState>;
  /** Closes a client other than the one running the command (freeClientAsync). */
  closeClient(client: ClientState): void;
}

export class Acl {
  readonly users = new Map<string, AclUser>();
  readonly defaultUser: AclUser;
  /** The newest entry first. */
  readonly log: AclLogEntry[] = [];
  readonly table: readonly AclCommand[];
  private readonly bySpec = new Map<CommandSpec, AclCommand>();
  private readonly byName = new Map<string, AclCommand>();
  /** The command running now (a deleted user's own client is closed after its reply). */
  current: ClientState | undefined;

  constructor(
    specs: readonly CommandSpec[],
    private readonly host: AclHost,
  ) {
    const make = (spec: CommandSpec, parent: AclCommand | undefined): AclCommand => {
      const subs: AclCommand[] = [];
      const c: AclCommand = { name: spec.name, spec, cats: new Set(categories(spec)), parent, subs, noAuth: spec.flags.includes('no_auth') };
      this.bySpec.set(spec, c);
      this.byName.set(spec.name, c);
      for (const s of spec.subcommands ?? []) subs.push(make(s, c));
      return c;
    };
    this.table = specs.map((s) => make(s, undefined));
    this.defaultUser = this.createUser('default');
    for (const op of ['+@all', '~*', '&*', 'on', 'nopass']) this.applyRule(this.defaultUser, op);
  }

  /** The table entry of a spec (for the engine's checks). */
  commandOf(spec: CommandSpec): AclCommand | undefined {
    return this.bySpec.get(spec);
  }

  private newSelector(root: boolean): Selector {
    const s = new Selector(root);
    s.allChannels = this.host.pubsubAllChannels();
    return s;
  }

  private createUser(name: string): AclUser {
    const u = new AclUser(name, this.newSelector(true));
    this.users.set(name, u);
    return u;
  }

  /** Users in name order (the radix tree's byte order). */
  sortedUsers(): AclUser[] {
    return [...this.users.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  // ---- Rules -------------------------------------------------------------

  /** ACLLookupCommand: `get`, `config|get`, case-insensitive. */
  lookup(name: string): AclCommand | undefined {
    const parts = name.toLowerCase().split('|');
    if (parts.length > 2) return undefined;
    const base = this.byName.get(parts[0]!);
    if (base === undefined || base.parent !== undefined) return undefined;
    if (parts.length === 1) return base;
    if (base.subs.length === 0) return undefined;
    return base.subs.find((s) => s.name === `${parts[0]}|${parts[1]}`);
  }

  private setBit(s: Selector, cmd: AclCommand, allow: boolean): void {
    if (allow) s.allowed.add(cmd);
    else {
      s.allowed.delete(cmd);
      s.allCommands = false;
    }
  }

  /** ACLChangeSelectorPerm: a command, and all its subcommands with it. */
  private changePerm(s: Selector, cmd: AclCommand, allow: boolean): void {
    this.setBit(s, cmd, allow);
    s.firstArgs.delete(cmd);
    for (const sub of cmd.subs) this.setBit(s, sub, allow);
  }

  private setCategory(s: Selector, cat: string, allow: boolean): void {
    const walk = (list: readonly AclCommand[]) => {
      for (const c of list) {
        if (c.cats.has(cat)) this.changePerm(s, c, allow);
        walk(c.subs);
      }
    };
    walk(this.table);
  }

  private allCommandsOf(): AclCommand[] {
    const out: AclCommand[] = [];
    const walk = (list: readonly AclCommand[]) => {
      for (const c of list) {
        out.push(c);
        walk(c.subs);
      }
    };
    walk(this.table);
    return out;
  }

  /** ACLSetSelector: one rule about commands, keys or channels. */
  private selectorRule(s: Selector, op: string): void {
    const lower = op.toLowerCase();
    if (lower === 'allkeys' || op === '~*' || lower === 'resetkeys') {
      // Either way the patterns go: every key, or none until the next ~pattern.
      s.allKeys = lower !== 'resetkeys';
      s.patterns = [];
    } else if (lower === 'allchannels' || op === '&*' || lower === 'resetchannels') {
      s.allChannels = lower !== 'resetchannels';
      s.channels = [];
    } else if (lower === 'allcommands' || lower === '+@all') {
      s.allowed = new Set(this.allCommandsOf());
      s.allCommands = true;
      s.future = true;
      s.firstArgs.clear();
    } else if (lower === 'nocommands' || lower === '-@all') {
      s.allowed = new Set();
      s.allCommands = false;
      s.future = false;
      s.firstArgs.clear();
    } else if (op[0] === '~' || op[0] === '%') {
      if (s.allKeys) throw new RuleFailed('EEXIST');
      let flags = 0;
      let offset = 1;
      if (op[0] === '%') {
        for (; offset < op.length; offset++) {
          const ch = op[offset]!.toUpperCase();
          if (ch === 'R' && !(flags & READ)) flags |= READ;
          else if (ch === 'W' && !(flags & WRITE)) flags |= WRITE;
          else if (op[offset] === '~') {
            offset++;
            break;
          } else throw new RuleFailed('EINVAL');
        }
        // `%~k` names no permission (the redis-server these tests compare with refuses it).
        if (flags === 0) throw new RuleFailed('EINVAL');
      } else {
        flags = ALL;
      }
      const pattern = op.slice(offset);
      if (hasSpaces(pattern)) throw new RuleFailed('EINVAL');
      const same = s.patterns.find((p) => p.pattern === pattern);
      if (same === undefined) s.patterns.push({ pattern, flags });
      else same.flags |= flags;
      s.allKeys = false;
    } else if (op[0] === '&') {
      if (s.allChannels) throw new RuleFailed('EISDIR');
      const pattern = op.slice(1);
      if (hasSpaces(pattern)) throw new RuleFailed('EINVAL');
      if (!s.channels.includes(pattern)) s.channels.push(pattern);
      s.allChannels = false;
    } else if (op[0] === '+' && op[1] !== '@') {
      const bar = op.lastIndexOf('|');
      if (bar < 0) {
        const cmd = this.lookup(op.slice(1));
        if (cmd === undefined) throw new RuleFailed('ENOENT');
        this.changePerm(s, cmd, true);
        return;
      }
      const cmd = this.lookup(op.slice(1, bar));
      if (cmd === undefined) throw new RuleFailed('ENOENT');
      if (cmd.parent !== undefined) throw new RuleFailed('ECHILD');
      const first = op.slice(bar + 1);
      if (first === '') throw new RuleFailed('EINVAL');
      if (cmd.subs.length > 0) {
        const sub = this.lookup(op.slice(1));
        if (sub === undefined) throw new RuleFailed('ENOENT');
        this.changePerm(s, sub, true);
      } else {
        // Allowing one first argument of a command otherwise refused (SELECT 0).
        const list = s.firstArgs.get(cmd) ?? [];
        if (!list.some((a) => a.toLowerCase() === first.toLowerCase())) list.push(first);
        s.firstArgs.set(cmd, list);
      }
    } else if (op[0] === '-' && op[1] !== '@') {
      const cmd = this.lookup(op.slice(1));
      if (cmd === undefined) throw new RuleFailed('ENOENT');
      this.changePerm(s, cmd, false);
    } else if ((op[0] === '+' || op[0] === '-') && op[1] === '@') {
      const cat = op.slice(2).toLowerCase();
      if (!ACL_CATEGORIES.includes(cat)) throw new RuleFailed('ENOENT');
      this.setCategory(s, cat, op[0] === '+');
    } else {
      throw new RuleFailed('EINVAL');
    }
  }

  /** ACLSetUser: one rule, applied to `u`; throws RuleFailed. */
  private applyRule(u: AclUser, op: string): void {
    if (op.length === 0) return;
    const lower = op.toLowerCase();
    if (lower === 'on') u.enabled = true;
    else if (lower === 'off') u.enabled = false;
    else if (lower === 'skip-sanitize-payload') u.sanitize = 'skip';
    else if (lower === 'sanitize-payload') u.sanitize = 'sanitize';
    else if (lower === 'nopass') {
      u.nopass = true;
      u.passwords = [];
    } else if (lower === 'resetpass') {
      u.nopass = false;
      u.passwords = [];
    } else if (op[0] === '>' || op[0] === '#') {
      const hash = ruleHash(op);
      if (!u.passwords.includes(hash)) u.passwords.push(hash);
      u.nopass = false;
    } else if (op[0] === '<' || op[0] === '!') {
      const hash = ruleHash(op);
      const at = u.passwords.indexOf(hash);
      if (at < 0) throw new RuleFailed('ENODEV');
      u.passwords.splice(at, 1);
    } else if (op[0] === '(' && op[op.length - 1] === ')') {
      // The rules inside are split as redis-cli splits a line (sdssplitargs).
      const s = this.newSelector(false);
      for (const inner of sdssplitargs(op.slice(1, -1)) ?? []) this.selectorRule(s, inner);
      u.selectors.push(s);
    } else if (lower === 'clearselectors') {
      u.selectors = [u.root];
    } else if (lower === 'reset') {
      u.nopass = false;
      u.passwords = [];
      this.selectorRule(u.root, 'resetkeys');
      this.selectorRule(u.root, 'resetchannels');
      if (this.host.pubsubAllChannels()) this.selectorRule(u.root, 'allchannels');
      u.enabled = false;
      u.sanitize = 'sanitize';
      u.selectors = [u.root];
      this.selectorRule(u.root, '-@all');
    } else {
      this.selectorRule(u.root, op);
    }
  }

  /**
   * ACLStringSetUser: the rules are tried on a copy of the user (a new one
   * when it does not exist); nothing changes unless every rule is valid.
   * Returns Redis's error text, or undefined.
   */
  setUser(name: string, rules: readonly string[]): string | undefined {
    const merged = mergeSelectorArgs(rules);
    if (typeof merged === 'number') return `ERR Unmatched parenthesis in acl selector starting at '${rules[merged]}'.`;
    const existing = this.users.get(name);
    const temp = new AclUser(name, this.newSelector(true));
    if (existing !== undefined) temp.copyFrom(existing);
    for (const op of merged) {
      try {
        this.applyRule(temp, op);
      } catch (e) {
        if (!(e instanceof RuleFailed)) throw e;
        return `ERR Error in ACL SETUSER modifier '${op}': ${RULE_ERROR[e.code]}`;
      }
    }
    if (existing !== undefined) this.killPubsubClientsIfNeeded(temp, existing);
    const u = existing ?? this.createUser(name);
    u.copyFrom(temp);
    return undefined;
  }

  /** ACLUpdateDefaultUserPassword: `requirepass` is the default user's only password ('' = nopass). */
  setRequirepass(password: string): void {
    const u = this.defaultUser;
    this.applyRule(u, 'resetpass');
    if (password !== '') this.applyRule(u, `>${password}`);
    else this.applyRule(u, 'nopass');
  }

  /**
   * ACLFreeUserAndKillClients: deletes a user; its clients go back to the
   * default user, unauthenticated, and are disconnected (the one running
   * the command after its reply).
   */
  deleteUser(name: string): boolean {
    const u = this.users.get(name);
    if (u === undefined || u === this.defaultUser) return false;
    this.users.delete(name);
    for (const c of [...this.host.clients()]) {
      if (c.user !== u) continue;
      c.user = this.defaultUser;
      c.authenticated = false;
      if (c === this.current) c.closeAfterReply = true;
      else this.host.closeClient(c);
    }
    return true;
  }

  /**
   * ACLKillPubsubClientsIfNeeded: when a user loses channels, its
   * subscribed clients whose subscriptions the new rules no longer allow are
   * disconnected.
   */
  private killPubsubClientsIfNeeded(next: AclUser, original: AclUser): void {
    if (next.selectors.some((s) => s.allChannels)) return;
    const upcoming = next.selectors.flatMap((s) => s.channels);
    const superset = original.selectors.every((s) => !s.allChannels && s.channels.every((ch) => upcoming.includes(ch)));
    if (superset) return;
    for (const c of [...this.host.clients()]) {
      if (c.user !== original) continue;
      const patterns = c.patterns ?? new Set<string>();
      const channels = [...(c.subscriptions ?? []), ...(c.shardSubscriptions ?? [])];
      if (patterns.size + channels.length === 0) continue;
      const kill = [...patterns].some((p) => !channelAllowed(upcoming, p, true)) || channels.some((ch) => !channelAllowed(upcoming, ch, false));
      if (!kill) continue;
      if (c === this.current) c.closeAfterReply = true;
      else this.host.closeClient(c);
    }
  }

  // ---- Authentication ----------------------------------------------------

  /** ACLCheckUserCredentials. */
  checkCredentials(name: string, password: string): AclUser | undefined {
    const u = this.users.get(name);
    if (u === undefined || !u.enabled) return undefined;
    if (u.nopass) return u;
    const hash = sha256hex(password);
    return u.passwords.includes(hash) ? u : undefined;
  }

  /** Redis's authRequired for a client: the default user needs a password (or is off) and it has not authenticated. */
  authRequired(client: ClientState): boolean {
    return client.authenticated === false && this.defaultNeedsAuth();
  }

  /** The default user has a password or is off: new connections must AUTH. */
  defaultNeedsAuth(): boolean {
    return !this.defaultUser.nopass || !this.defaultUser.enabled;
  }

  /** clientSetDefaultAuth: a new (or RESET) connection is the default user, authenticated when it needs no password. */
  setDefaultAuth(client: ClientState): void {
    client.user = this.defaultUser;
    client.authenticated = !this.defaultNeedsAuth();
  }

  // ---- Checks ------------------------------------------------------------

  /**
   * ACLCheckAllUserCommandPerm: undefined when the user may run the command;
   * else why not and the argument at fault (for keys and channels).
   */
  check(u: AclUser, cmd: AclCommand, argv: readonly string[]): { denied: Denied; pos: number } | undefined {
    let relevant: Denied = DENIED.CMD;
    let lastPos = 0;
    for (const s of u.selectors) {
      const r = this.checkSelector(s, cmd, argv);
      if (r === undefined) return undefined;
      if (r.denied > relevant || (r.denied === relevant && r.pos > lastPos)) {
        relevant = r.denied;
        lastPos = r.pos;
      }
    }
    return { denied: relevant, pos: lastPos };
  }

  /** ACLSelectorCheckCmd. */
  private checkSelector(s: Selector, cmd: AclCommand, argv: readonly string[]): { denied: Denied; pos: number } | undefined {
    if (!s.allCommands && !cmd.noAuth && !s.allowed.has(cmd)) {
      const firsts = s.firstArgs.get(cmd);
      if (argv.length < 2 || firsts === undefined) return { denied: DENIED.CMD, pos: 0 };
      const arg = argv[cmd.parent !== undefined ? 2 : 1];
      if (arg === undefined || !firsts.some((f) => f.toLowerCase() === arg.toLowerCase())) return { denied: DENIED.CMD, pos: 0 };
    }
    if (!s.allKeys) {
      const positions = keyPositions(cmd.spec, argv) ?? [];
      for (let i = 0; i < positions.length; i++) {
        const pos = positions[i]!;
        const access = keyAccess(cmd, i, argv);
        if (access < 0) continue;
        const key = argv[pos]!;
        if (!s.patterns.some((p) => (p.flags & access) === access && globMatch(p.pattern, key))) return { denied: DENIED.KEY, pos };
      }
    }
    const ch = CHANNEL_COMMANDS[cmd.name];
    if (!s.allChannels && ch !== undefined) {
      const stop = ch.all ? argv.length : Math.min(2, argv.length);
      for (let pos = 1; pos < stop; pos++) {
        if (!channelAllowed(s.channels, argv[pos]!, ch.pattern)) return { denied: DENIED.CHANNEL, pos };
      }
    }
    return undefined;
  }

  // ---- Log ---------------------------------------------------------------

  /** addACLLogEntry: a new entry, or one like it in the last ten counted again. */
  addLog(entry: Omit<AclLogEntry, 'count' | 'ctime'>): void {
    const now = this.host.now();
    const log = this.log;
    for (let i = 0; i < Math.min(10, log.length); i++) {
      const e = log[i]!;
      if (e.reason === entry.reason && e.context === entry.context && Math.abs(e.ctime - now) <= LOG_GROUPING_MS && e.object === entry.object && e.username === entry.username) {
        log.splice(i, 1);
        log.unshift(e);
        e.cinfo = entry.cinfo;
        e.ctime = now;
        e.count++;
        return;
      }
    }
    log.unshift({ ...entry, count: 1, ctime: now });
    const max = this.host.logMaxLen();
    if (log.length > max) log.length = max;
  }

  // ---- Description -------------------------------------------------------

  /** ACLDescribeUser: the rules that make the user, as ACL LIST shows them. */
  describeUser(u: AclUser): string {
    let res = '';
    res += u.enabled ? 'on ' : 'off ';
    if (u.nopass) res += 'nopass ';
    if (u.sanitize === 'skip') res += 'skip-sanitize-payload ';
    if (u.sanitize === 'sanitize') res += 'sanitize-payload ';
    for (const p of u.passwords) res += `#${p} `;
    u.selectors.forEach((s, i) => {
      const d = this.describeSelector(s);
      res += i === 0 ? d : ` (${d})`;
    });
    return res;
  }

  describeSelector(s: Selector): string {
    let res = '';
    if (s.allKeys) res += '~* ';
    else for (const p of s.patterns) res += `${patternString(p)} `;
    if (s.allChannels) res += '&* ';
    else {
      res += 'resetchannels ';
      for (const ch of s.channels) res += `&${ch} `;
    }
    return res + this.describeCommands(s);
  }

  /** GETUSER's `keys` field. */
  keysField(s: Selector): string {
    return s.allKeys ? '~*' : s.patterns.map(patternString).join(' ');
  }

  /** GETUSER's `channels` field. */
  channelsField(s: Selector): string {
    return s.allChannels ? '&*' : s.channels.map((c) => `&${c}`).join(' ');
  }

  /**
   * ACLDescribeSelectorCommandRules: +@all or -@all, then the categories
   * that best fit what differs, then single commands, then first arguments.
   */
  describeCommands(s: Selector): string {
    const additive = !s.future;
    let rules = additive ? '-@all ' : '+@all ';
    const fake = new Selector(false);
    this.selectorRule(fake, additive ? '-@all' : '+@all');
    const temp = new Selector(false);
    temp.allowed = new Set(s.allowed);
    const all = this.allCommandsOf();
    const applied = new Set<string>();
    for (;;) {
      let best: string | undefined;
      let mindiff = Number.MAX_SAFE_INTEGER;
      let maxsame = 0;
      for (const cat of ACL_CATEGORIES) {
        if (applied.has(cat)) continue;
        let on = 0;
        let off = 0;
        for (const c of all) {
          if (!c.cats.has(cat)) continue;
          if (temp.allowed.has(c)) on++;
          else off++;
        }
        const diff = additive ? off : on;
        const same = additive ? on : off;
        if (same > diff && (diff < mindiff || (diff === mindiff && same > maxsame))) {
          best = cat;
          mindiff = diff;
          maxsame = same;
        }
      }
      if (best === undefined) break;
      this.setCategory(fake, best, additive);
      this.setCategory(temp, best, !additive);
      rules += `${additive ? '+' : '-'}@${best} `;
      applied.add(best);
    }
    const single = (list: readonly AclCommand[]) => {
      for (const c of list) {
        const userBit = s.allowed.has(c);
        if (userBit !== fake.allowed.has(c)) {
          rules += `${userBit ? '+' : '-'}${c.name} `;
          this.changePerm(fake, c, userBit);
        }
        single(c.subs);
        const firsts = s.firstArgs.get(c);
        if (!userBit && firsts !== undefined) for (const f of firsts) rules += `+${c.name}|${f} `;
      }
    };
    single(this.table);
    return rules.slice(0, -1);
  }
}

function patternString(p: KeyPattern): string {
  return `${p.flags === ALL ? '~' : p.flags === READ ? '%R~' : '%W~'}${p.pattern}`;
}

/** ACLCheckChannelAgainstList: channels match the patterns; a PSUBSCRIBE pattern must equal one literally. */
function channelAllowed(list: readonly string[], channel: string, isPattern: boolean): boolean {
  return list.some((p) => (isPattern ? p === channel : globMatch(p, channel)));
}

/**
 * ACLMergeSelectorArguments: a selector spread over several arguments,
 * `(~a` `+get)`, is joined with spaces. Returns the index of an unclosed
 * `(` instead when there is one.
 */
function mergeSelectorArgs(argv: readonly string[]): string[] | number {
  const out: string[] = [];
  let open = -1;
  let selector = '';
  for (let j = 0; j < argv.length; j++) {
    const op = argv[j]!;
    if (op[0] === '(' && op[op.length - 1] !== ')') {
      selector = op;
      open = j;
      continue;
    }
    if (open !== -1) {
      selector += ` ${op}`;
      if (op[op.length - 1] === ')') {
        open = -1;
        out.push(selector);
      }
      continue;
    }
    out.push(op);
  }
  return open !== -1 ? open : out;
}

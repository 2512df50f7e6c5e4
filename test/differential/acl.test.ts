/**
 * ACL users against a real redis-server 7.0.15: SETUSER rules and what
 * ACL LIST and GETUSER say of them, rules that do not parse, AUTH, NOPERM
 * for commands, keys and channels, ACL LOG entries (ages and client ids
 * masked), DRYRUN and CAT. Two connections per side: an admin one and one
 * that authenticates as the user under test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine, type Reply } from '../../src/engine';
import { RespClient, requireRedis, startRedis, type RedisServer } from '../support/redis';
import { type Side, both, canon, same } from '../support/oracle';
import { mulberry32 } from '../support/rng';

const run = requireRedis();

/**
 * Command rules compared by what they allow: Redis lists single commands in
 * its dict's order (it changes from run to run) and picks categories by
 * counting its whole table, so two descriptions of one set of commands may
 * differ. Each description (without tokens about commands we do not have)
 * is applied to a scratch user of a separate engine and described again
 * there: equal results mean the same commands allowed.
 */
function rules(text: string): string {
  const tokens = text.split(' ').filter((t) => known(t));
  const err = OURS.acl.setUser('canon', ['reset', ...tokens]);
  if (err !== undefined) return `${text} (${err})`;
  return OURS.acl.describeCommands(OURS.acl.users.get('canon')!.root);
}

/**
 * Our command table, and the categories it has commands in. A rule token
 * about a command we do not have yet (GEOADD, MIGRATE ...) is left out of
 * the comparison on both sides: Redis names it because its table has it.
 */
const OURS = new Engine();
const OUR_COMMANDS = new Set(OURS.acl.table.flatMap((c) => [c.name, ...c.subs.map((s) => s.name)]));
const OUR_CATEGORIES = new Set(OURS.acl.table.flatMap((c) => [c, ...c.subs]).flatMap((c) => [...c.cats]));
function known(token: string): boolean {
  const m = /^[+-](@?)([^|]+(?:\|[^|]+)?)$/.exec(token);
  if (m === null) return true;
  if (m[1] === '@') return m[2] === 'all' || OUR_CATEGORIES.has(m[2]!);
  const name = m[2]!.toLowerCase();
  // +select|0: a first argument of a command we have.
  return OUR_COMMANDS.has(name) || OUR_COMMANDS.has(name.split('|')[0]!);
}

/** A GETUSER or LIST reply with every command description put in `rules` order. */
function described(r: Reply | undefined): unknown {
  const c = canon(r);
  const walk = (x: unknown): unknown => {
    if (typeof x === 'string') {
      if (/^user \S+ /.test(x)) {
        // ACL LIST: each selector's part after its channels is its command rules.
        return x.replace(/([+-]@all(?: [^()]*?)?)(?=\)|$| \()/g, (m) => rules(m));
      }
      return /^[+-]@all( |$)/.test(x) ? rules(x) : x;
    }
    if (Array.isArray(x)) return x.map(walk);
    if (x !== null && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, walk(v)]));
    return x;
  };
  return walk(c);
}

/** A reply as plain values: arrays of strings (integers as text, doubles as numbers). */
function plain(r: Reply | undefined): unknown {
  const walk = (x: unknown): unknown => {
    const c = x as { t: string; v: unknown };
    if (Array.isArray(c.v)) return c.v.map(walk);
    return c.v;
  };
  return walk(canon(r));
}

describe.skipIf(!run)('differential: ACL users vs real redis-server', () => {
  let server: RedisServer;
  const open: RespClient[] = [];

  beforeAll(async () => {
    server = await startRedis();
  });
  afterAll(async () => {
    for (const c of open) c.close();
    await server?.stop();
  });

  /** A fresh engine and redis-server (users deleted, log emptied): an admin side and a user side on each. */
  async function fresh(): Promise<{ admin: Side; user: Side }> {
    for (const c of open.splice(0)) c.close();
    const a = await RespClient.connect(server.port);
    const b = await RespClient.connect(server.port);
    open.push(a, b);
    const users = plain(await a.call(['ACL', 'USERS'])) as string[];
    const others = users.filter((u) => u !== 'default');
    if (others.length > 0) await a.call(['ACL', 'DELUSER', ...others]);
    for (const cmd of [['FLUSHALL'], ['ACL', 'LOG', 'RESET'], ['ACL', 'SETUSER', 'default', 'on', 'nopass', '~*', '&*', '+@all'], ['CONFIG', 'SET', 'acl-pubsub-default', 'resetchannels']]) {
      await a.call(cmd);
    }
    const engine = new Engine({ config: { save: '' } });
    return { admin: { engine, client: engine.createClient(), redis: a }, user: { engine, client: engine.createClient(), redis: b } };
  }

  const RULE_SETS: string[][] = [
    [],
    ['on', '>pw', '~cache:*', '+@read'],
    ['on', 'nopass', 'allkeys', 'allchannels', 'allcommands'],
    ['on', '>a', '>b', '<a', '#' + 'c'.repeat(64), '!' + 'c'.repeat(64)],
    ['%R~r:*', '%W~w:*', '%RW~rw:*', '~x', '%R~x'],
    ['+@all', '-@dangerous', '-flushall'],
    ['-@all', '+@string', '-get', '+select|0', '+select|1', '+config|get'],
    ['+@all', '-@write', '+set'],
    ['-@all', '+@hash', '-hdel', '+@list'],
    ['&news:*', '&alerts', 'resetchannels', '&x'],
    ['(~a:* +get)', '(%R~b:* +@read -keys)'],
    ['(~a', '+get', '+set)', 'clearselectors', '(+ping)'],
    ['on', '>pw', 'resetpass', 'nopass', 'reset'],
    ['allkeys', 'resetkeys', '~k', 'skip-sanitize-payload'],
    ['+client|id', '+client|setname', '-client|setname', '+config'],
    ['+@all', '-config', '+config|get'],
    ['', 'on'],
  ];

  it('SETUSER: ACL LIST and GETUSER describe each set of rules as Redis does', async () => {
    const { admin } = await fresh();
    for (const [i, set] of RULE_SETS.entries()) {
      const name = `u${i}`;
      await same(admin, ['ACL', 'SETUSER', name, ...set]);
      const g = await both(admin, ['ACL', 'GETUSER', name]);
      expect(described(g.ours), `GETUSER after ${set.join(' ')}`).toEqual(described(g.theirs));
    }
    const l = await both(admin, ['ACL', 'LIST']);
    expect(described(l.ours)).toEqual(described(l.theirs));
    await same(admin, ['ACL', 'USERS']);
    await same(admin, ['ACL', 'GETUSER', 'nobody']);
    await same(admin, ['ACL', 'GETUSER', 'default']);
  });

  it('a rule that does not parse: the same error, and nothing changes', async () => {
    const { admin } = await fresh();
    await same(admin, ['ACL', 'SETUSER', 'app', 'on', '>pw', '~a']);
    const bad: string[][] = [
      ['+nosuch'],
      ['-nosuch'],
      ['+@nosuch'],
      ['bogus'],
      ['%X~k'],
      ['%~k'],
      ['allkeys', '~k'],
      ['allkeys', '%R~k'],
      ['&*', '&c'],
      ['<missing'],
      ['!' + 'a'.repeat(64)],
      ['#abc'],
      ['#' + 'A'.repeat(64)],
      ['+config|get|x'],
      ['+nosuch|x'],
      ['+select|'],
      ['-select|0'],
      ['(~a', '+get'],
      ['(on)'],
      ['(~a +nosuch)'],
      ['~a b'],
      ['off', '+get', '+nosuch'],
    ];
    for (const rules of bad) {
      await same(admin, ['ACL', 'SETUSER', 'app', ...rules]);
      await same(admin, ['ACL', 'SETUSER', 'fresh', ...rules]);
    }
    await same(admin, ['ACL', 'SETUSER', 'a b']);
    await same(admin, ['ACL', 'LIST']);
    await same(admin, ['ACL', 'USERS']);
  });

  it('AUTH and HELLO AUTH with users', async () => {
    const { admin, user } = await fresh();
    await same(admin, ['ACL', 'SETUSER', 'app', 'on', '>pw', '+@all', '~*']);
    await same(admin, ['ACL', 'SETUSER', 'shut', 'off', '>pw', '+@all']);
    for (const argv of [
      ['AUTH', 'pw'],
      ['AUTH', 'app', 'nope'],
      ['AUTH', 'nobody', 'pw'],
      ['AUTH', 'shut', 'pw'],
      ['AUTH', 'a', 'b', 'c'],
      ['ACL', 'WHOAMI'],
      ['AUTH', 'app', 'pw'],
      ['ACL', 'WHOAMI'],
      ['HELLO', '2', 'AUTH', 'app', 'wrong'],
      ['ACL', 'WHOAMI'],
    ]) {
      await same(user, argv);
    }
    const h = await both(user, ['HELLO', '3', 'AUTH', 'default', 'anything']);
    expect(h.ours?.t).toBe(h.theirs.t);
    await same(user, ['ACL', 'WHOAMI']);
    await same(admin, ['ACL', 'SETUSER', 'default', '>secret']);
    await same(admin, ['AUTH', 'wrong']);
    await same(admin, ['AUTH', 'secret']);
    await same(admin, ['ACL', 'SETUSER', 'default', 'nopass']);
  });

  it('NOPERM for commands, subcommands, keys and channels, word for word', async () => {
    const { admin, user } = await fresh();
    await same(admin, [
      'ACL', 'SETUSER', 'app', 'on', '>pw', '~cache:*', '%R~ro:*', '%W~wo:*', '&news:*',
      '+@read', '+set', '+lpush', '+copy', '+publish', '+subscribe', '+psubscribe', '+config|get', '+select|0', '+multi', '+exec', '+client|id',
      '(~other:* +del)',
    ]);
    await same(user, ['AUTH', 'app', 'pw']);
    for (const argv of [
      ['GET', 'cache:1'],
      ['GET', 'secret'],
      ['SET', 'cache:1', 'v'],
      ['SET', 'ro:1', 'v'],
      ['SET', 'wo:1', 'v'],
      ['SET', 'wo:1', 'v', 'GET'],
      ['GET', 'wo:1'],
      ['GET', 'ro:1'],
      ['MGET', 'cache:1', 'ro:1', 'secret'],
      ['EXISTS', 'wo:1'],
      ['LPUSH', 'wo:l', 'a'],
      ['COPY', 'ro:1', 'wo:2'],
      ['COPY', 'wo:1', 'ro:2'],
      ['DEL', 'other:1'],
      ['DEL', 'cache:1'],
      ['DEL', 'other:1', 'cache:1'],
      ['HSET', 'cache:h', 'f', 'v'],
      ['FLUSHALL'],
      ['CONFIG', 'GET', 'maxmemory'],
      ['CONFIG', 'SET', 'maxmemory', '0'],
      ['CLIENT', 'ID'],
      ['CLIENT', 'KILL', 'ID', '999'],
      ['SELECT', '0'],
      ['SELECT', '1'],
      ['PUBLISH', 'news:1', 'x'],
      ['PUBLISH', 'sports', 'x'],
      ['PSUBSCRIBE', 'news:*'],
      ['ACL', 'WHOAMI'],
      ['ACL', 'LIST'],
      ['NOSUCH'],
      ['GET'],
    ]) {
      if (argv[0] === 'CLIENT' && argv[1] === 'ID') {
        const r = await both(user, argv);
        expect(r.ours?.t).toBe(r.theirs.t);
        continue;
      }
      if (argv[0] === 'PSUBSCRIBE') {
        // A subscribed RESP2 connection answers pushes: compare the refusal only.
        const r = await both(user, ['PSUBSCRIBE', 'sports:*']);
        expect(canon(r.ours)).toEqual(canon(r.theirs));
        continue;
      }
      await same(user, argv);
    }
    // MULTI: a refused command spoils the transaction; EXEC checks again.
    await same(user, ['MULTI']);
    await same(user, ['GET', 'cache:1']);
    await same(user, ['GET', 'secret']);
    await same(user, ['EXEC']);
    await same(user, ['MULTI']);
    await same(user, ['SET', 'cache:1', 'v']);
    await same(admin, ['ACL', 'SETUSER', 'app', '-set']);
    await same(user, ['EXEC']);
  });

  it('ACL LOG: the same entries, ages and client ids masked', async () => {
    const { admin, user } = await fresh();
    await same(admin, ['ACL', 'SETUSER', 'app', 'on', '>pw', '~k', '&c', '+get', '+publish', '+multi', '+exec', '+set']);
    for (const argv of [['AUTH', 'app', 'bad'], ['AUTH', 'app', 'pw'], ['GET', 'x'], ['GET', 'x'], ['DEL', 'k'], ['PUBLISH', 'd', 'm'], ['MULTI'], ['SET', 'y', 'v'], ['EXEC'], ['GET', 'k']]) {
      await both(user, argv);
    }
    const mask = (r: Reply | undefined): unknown => {
      const c = plain(r) as unknown[];
      return c.map((entry) => {
        const e = entry as unknown[];
        const out: unknown[] = [];
        for (let i = 0; i < e.length; i += 2) {
          const k = e[i];
          let v = e[i + 1];
          if (k === 'age-seconds') v = 'age';
          if (k === 'client-info') v = String(v).split(' ').filter((f) => /^(cmd|user|db|multi|flags|name)=/.test(f)).join(' ');
          out.push(k, v);
        }
        return out;
      });
    };
    const log = await both(admin, ['ACL', 'LOG']);
    expect(mask(log.ours)).toEqual(mask(log.theirs));
    const one = await both(admin, ['ACL', 'LOG', '2']);
    expect(mask(one.ours)).toEqual(mask(one.theirs));
    await same(admin, ['ACL', 'LOG', 'nope']);
    await same(admin, ['ACL', 'LOG', '-1']);
    await same(admin, ['ACL', 'LOG', 'RESET']);
    await same(admin, ['ACL', 'LOG']);
    await same(admin, ['ACL', 'LOG', '1', '2']);
  });

  it('DRYRUN, GENPASS errors, DELUSER, LOAD/SAVE without an ACL file, HELP', async () => {
    const { admin } = await fresh();
    await same(admin, ['ACL', 'SETUSER', 'app', 'on', '~k', '&c', '+get', '+publish', '+config|get', '(~j +set)']);
    for (const argv of [
      ['ACL', 'DRYRUN', 'app', 'get', 'k'],
      ['ACL', 'DRYRUN', 'app', 'GET', 'x'],
      ['ACL', 'DRYRUN', 'app', 'set', 'k', 'v'],
      ['ACL', 'DRYRUN', 'app', 'set', 'j', 'v'],
      ['ACL', 'DRYRUN', 'app', 'publish', 'c', 'm'],
      ['ACL', 'DRYRUN', 'app', 'publish', 'd', 'm'],
      ['ACL', 'DRYRUN', 'app', 'config', 'get', 'x'],
      ['ACL', 'DRYRUN', 'app', 'config', 'set', 'x', 'y'],
      ['ACL', 'DRYRUN', 'app', 'config', 'nosuch'],
      ['ACL', 'DRYRUN', 'app', 'nosuch'],
      ['ACL', 'DRYRUN', 'app', 'get'],
      ['ACL', 'DRYRUN', 'nobody', 'get', 'k'],
      ['ACL', 'DRYRUN', 'app'],
      ['ACL', 'GENPASS', '0'],
      ['ACL', 'GENPASS', '4097'],
      ['ACL', 'GENPASS', 'x'],
      ['ACL', 'CAT', 'nosuch'],
      ['ACL', 'CAT'],
      ['ACL', 'DELUSER', 'default'],
      ['ACL', 'DELUSER', 'app', 'nobody', 'app'],
      ['ACL', 'LOAD'],
      ['ACL', 'SAVE'],
      ['ACL', 'HELP'],
      ['ACL', 'NOSUCH'],
      ['ACL'],
      ['ACL', 'WHOAMI', 'x'],
    ]) {
      await same(admin, argv);
    }
    for (const bits of ['1', '5', '256', '4096']) {
      const r = await both(admin, ['ACL', 'GENPASS', bits]);
      expect((r.ours as { v: string }).v.length).toBe((r.theirs as { v: string }).v.length);
    }
  });

  it('ACL CAT lists every command of ours in the category Redis puts it in', async () => {
    const { admin } = await fresh();
    const ourNames = new Set<string>();
    for (const s of admin.engine.specs()) {
      ourNames.add(s.name);
      for (const sub of s.subcommands ?? []) ourNames.add(sub.name);
    }
    const cats = plain(await admin.redis.call(['ACL', 'CAT'])) as string[];
    for (const cat of cats) {
      const r = await both(admin, ['ACL', 'CAT', cat]);
      const theirs = (plain(r.theirs) as string[]).filter((n) => ourNames.has(n)).sort();
      expect((plain(r.ours) as string[]).sort(), cat).toEqual(theirs);
    }
  });
  /**
   * The ACL fuzz family: random rule lists (valid and not, selectors
   * included) for a few users; after each SETUSER, GETUSER must agree and
   * DRYRUN must give the same verdict for random commands, keys and channels.
   */
  it('fuzz: random rules, then GETUSER and DRYRUN agree', async () => {
    const { admin } = await fresh();
    const seed = Number(process.env.ACL_FUZZ_SEED ?? 7);
    const rnd = mulberry32(seed);
    const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
    const RULES = [
      'on', 'off', '>p1', '>p2', '<p1', '<p2', 'nopass', 'resetpass', '~k*', '~k1', '%R~k2', '%W~k3', '%RW~s*', '%R~*', '%X~k', '%~k',
      'allkeys', 'resetkeys', '&c*', '&c1', 'allchannels', 'resetchannels', '+get', '-get', '+set', '-set', '+@read', '-@write',
      '+@string', '-@hash', '+@pubsub', '+config|get', '-config|set', '+select|0', '+client|id', '-client|kill', '+lpush', '+copy',
      'allcommands', 'nocommands', 'reset', '(~s* +get)', '(+set %W~w*)', '(&c2 +publish)', 'clearselectors', '+nosuch', '+@nosuch',
      'bogus', '', '+get|x', '-select|0', '(~x', 'y)', '#' + 'ab'.repeat(32), '!' + 'ab'.repeat(32),
    ];
    const K = ['k1', 'k2', 'k3', 's1', 'w1', 'x', 'ka'];
    const C = ['c1', 'c2', 'cx', 'c*'];
    const COMMANDS: (() => string[])[] = [
      () => ['get', pick(K)],
      () => ['set', pick(K), 'v'],
      () => ['set', pick(K), 'v', 'GET'],
      () => ['lpush', pick(K), 'a'],
      () => ['copy', pick(K), pick(K)],
      () => ['mget', pick(K), pick(K)],
      () => ['exists', pick(K)],
      () => ['publish', pick(C), 'm'],
      () => ['subscribe', pick(C), pick(C)],
      () => ['psubscribe', pick(C)],
      () => ['config', 'get', 'x'],
      () => ['config', 'set', 'x', 'y'],
      () => ['select', pick(['0', '1'])],
      () => ['client', 'kill', 'id', '1'],
      () => ['hset', pick(K), 'f', 'v'],
      () => ['ping'],
      () => ['flushall'],
    ];
    const users = ['f1', 'f2', 'f3'];
    for (let step = 0; step < 150; step++) {
      const name = pick(users);
      const rules = Array.from({ length: 1 + Math.floor(rnd() * 5) }, () => pick(RULES));
      const label = `seed ${seed} step ${step}: ACL SETUSER ${name} ${rules.join(' ')}`;
      const set = await both(admin, ['ACL', 'SETUSER', name, ...rules]);
      expect(canon(set.ours), label).toEqual(canon(set.theirs));
      const got = await both(admin, ['ACL', 'GETUSER', name]);
      expect(described(got.ours), label).toEqual(described(got.theirs));
      for (let i = 0; i < 4; i++) {
        const argv = pick(COMMANDS)();
        const dry = await both(admin, ['ACL', 'DRYRUN', name, ...argv]);
        expect(canon(dry.ours), `${label} / DRYRUN ${argv.join(' ')}`).toEqual(canon(dry.theirs));
      }
    }
  });
});

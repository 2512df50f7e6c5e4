import { describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock';
import { E } from '../core/errors';
import { sha256hex } from '../core/sha256';
import type { ClientState } from '../core/command';
import type { Reply } from '../core/reply';
import { Engine } from '../engine';

function setup(config: Record<string, string> = {}) {
  const clock = new ManualClock();
  const engine = new Engine({ clock, config });
  const admin = engine.createClient();
  const app = engine.createClient();
  const run = (c: ClientState, ...argv: string[]): Reply | undefined => engine.exec(c, argv);
  const as = (...argv: string[]) => run(admin, ...argv);
  /** Makes `app` an enabled, passwordless user with these rules and logs the second client in as it. */
  const appUser = (...rules: string[]) => {
    as('ACL', 'SETUSER', 'app', 'on', 'nopass', ...rules);
    run(app, 'AUTH', 'app', 'x');
  };
  return { engine, clock, admin, app, run, as, appUser };
}

const OK: Reply = { t: 'simple', v: 'OK' };
const bulk = (v: string): Reply => ({ t: 'bulk', v });
const err = (v: string): Reply => ({ t: 'error', v });

/** A map reply (GETUSER, LOG entries) as a plain object of its fields. */
function fields(r: Reply | undefined): Record<string, Reply> {
  if (r?.t !== 'map') throw new Error(`not a map: ${JSON.stringify(r)}`);
  return Object.fromEntries(r.v.map(([k, v]) => [(k as { v: string }).v, v]));
}

function list(r: Reply | undefined): string[] {
  if (r?.t !== 'array') throw new Error(`not an array: ${JSON.stringify(r)}`);
  return r.v.map((x) => (x as { v: string }).v);
}

describe('ACL users', () => {
  it('the default user: everything allowed, no password; requirepass becomes its password', () => {
    const { as, engine } = setup();
    expect(list(as('ACL', 'LIST'))).toEqual(['user default on nopass ~* &* +@all']);
    expect(as('ACL', 'WHOAMI')).toEqual(bulk('default'));
    as('CONFIG', 'SET', 'requirepass', 'pw');
    expect(list(as('ACL', 'LIST'))).toEqual([`user default on #${sha256hex('pw')} ~* &* +@all`]);
    expect(engine.acl.defaultNeedsAuth()).toBe(true);
    as('CONFIG', 'SET', 'requirepass', '');
    expect(list(as('ACL', 'LIST'))).toEqual(['user default on nopass ~* &* +@all']);
  });

  it('SETUSER builds a user that ACL LIST and GETUSER describe as Redis does', () => {
    const { as } = setup();
    expect(as('ACL', 'SETUSER', 'app', 'on', '>secret', '~cache:*', '%R~ro:*', '&news', '+@read', '-keys', '+set')).toEqual(OK);
    const hash = sha256hex('secret');
    expect(list(as('ACL', 'LIST'))).toContain(`user app on #${hash} ~cache:* %R~ro:* resetchannels &news -@all +@read -keys +set`);
    const u = fields(as('ACL', 'GETUSER', 'app'));
    expect(u.flags).toEqual({ t: 'set', v: [bulk('on')] });
    expect(u.passwords).toEqual({ t: 'array', v: [bulk(hash)] });
    expect(u.commands).toEqual(bulk('-@all +@read -keys +set'));
    expect(u.keys).toEqual(bulk('~cache:* %R~ro:*'));
    expect(u.channels).toEqual(bulk('&news'));
    expect(u.selectors).toEqual({ t: 'array', v: [] });
    expect(as('ACL', 'GETUSER', 'nobody')).toEqual({ t: 'nil' });
    expect(list(as('ACL', 'USERS'))).toEqual(['app', 'default']);
  });

  it('a rule that does not parse gets Redis error and changes nothing', () => {
    const { as } = setup();
    as('ACL', 'SETUSER', 'app', 'on', '~a');
    const before = as('ACL', 'LIST');
    const cases: [string[], string][] = [
      [['+nosuch'], "ERR Error in ACL SETUSER modifier '+nosuch': Unknown command or category name in ACL"],
      [['+@nosuch'], "ERR Error in ACL SETUSER modifier '+@nosuch': Unknown command or category name in ACL"],
      [['bogus'], "ERR Error in ACL SETUSER modifier 'bogus': Syntax error"],
      [['%X~k'], "ERR Error in ACL SETUSER modifier '%X~k': Syntax error"],
      [['allkeys', '~k'], expect.stringContaining("modifier '~k': Adding a pattern after the * pattern (or the 'allkeys' flag)")],
      [['&*', '&c'], expect.stringContaining("modifier '&c': Adding a pattern after the * pattern (or the 'allchannels' flag)")],
      [['<nopw'], "ERR Error in ACL SETUSER modifier '<nopw': The password you are trying to remove from the user does not exist"],
      [['#abc'], "ERR Error in ACL SETUSER modifier '#abc': The password hash must be exactly 64 characters and contain only lowercase hexadecimal characters"],
      [['+config|get|x'], "ERR Error in ACL SETUSER modifier '+config|get|x': Allowing first-arg of a subcommand is not supported"],
      [['+nosuch|x'], "ERR Error in ACL SETUSER modifier '+nosuch|x': Unknown command or category name in ACL"],
      [['+select|'], "ERR Error in ACL SETUSER modifier '+select|': Syntax error"],
      [['(~a', '+get'], "ERR Unmatched parenthesis in acl selector starting at '(~a'."],
      [['(on)'], "ERR Error in ACL SETUSER modifier '(on)': Syntax error"],
    ] as [string[], string][];
    for (const [rules, text] of cases) {
      const r = as('ACL', 'SETUSER', 'app', 'off', '>pw', ...rules);
      expect(r?.t).toBe('error');
      expect((r as { v: string }).v).toEqual(text);
    }
    expect(as('ACL', 'LIST')).toEqual(before);
    expect(as('ACL', 'SETUSER', 'a b')).toEqual(err(E.ACL_USERNAME_SPACES));
    expect(list(as('ACL', 'USERS'))).toEqual(['app', 'default']);
  });

  it('AUTH user pass and HELLO 3 AUTH: NOPERM for commands, keys and channels outside the rules', () => {
    const { as, run, app } = setup();
    as('ACL', 'SETUSER', 'app', 'on', '>pw', '~cache:*', '&news', '+get', '+publish', '+acl|whoami');
    expect(run(app, 'AUTH', 'app', 'nope')).toEqual(err(E.WRONGPASS));
    expect(run(app, 'AUTH', 'app', 'pw')).toEqual(OK);
    expect(run(app, 'ACL', 'WHOAMI')).toEqual(bulk('app'));
    expect(run(app, 'GET', 'cache:1')).toEqual({ t: 'nil' });
    expect(run(app, 'GET', 'secret')).toEqual(err(E.NOPERM_KEY));
    expect(run(app, 'SET', 'cache:1', 'v')).toEqual(err(E.NOPERM_COMMAND('set')));
    expect(run(app, 'ACL', 'LIST')).toEqual(err(E.NOPERM_COMMAND('acl|list')));
    expect(run(app, 'PUBLISH', 'news', 'hi')).toEqual({ t: 'int', v: 0 });
    expect(run(app, 'PUBLISH', 'other', 'hi')).toEqual(err(E.NOPERM_CHANNEL));
    const hello = run(app, 'HELLO', '3', 'AUTH', 'default', 'x');
    expect(fields(hello).proto).toEqual({ t: 'int', v: 3 });
    expect(run(app, 'ACL', 'WHOAMI')).toEqual(bulk('default'));
  });

  it('%R~ and %W~ key permissions follow what the command does with each key', () => {
    const { appUser, run, app } = setup();
    appUser('allcommands', '%R~src:*', '%W~dst:*');
    expect(run(app, 'GET', 'src:1')).toEqual({ t: 'nil' });
    expect(run(app, 'SET', 'dst:1', 'v')).toEqual(OK);
    // SET ... GET also reads the key; LPUSH only writes; EXISTS needs neither.
    expect(run(app, 'SET', 'dst:1', 'v', 'GET')).toEqual(err(E.NOPERM_KEY));
    expect(run(app, 'SET', 'src:1', 'v')).toEqual(err(E.NOPERM_KEY));
    expect(run(app, 'EXISTS', 'src:1', 'dst:1')).toEqual({ t: 'int', v: 1 });
    // COPY reads its source and writes its destination.
    expect(run(app, 'COPY', 'src:1', 'dst:2')).toEqual({ t: 'int', v: 0 });
    expect(run(app, 'COPY', 'dst:1', 'dst:2')).toEqual(err(E.NOPERM_KEY));
  });

  it('selectors: a command runs when one selector allows it and all its keys', () => {
    const { as, appUser, run, app } = setup();
    appUser('+get', '~a:*', '(+set ~b:*)');
    expect(run(app, 'GET', 'a:1')).toEqual({ t: 'nil' });
    expect(run(app, 'SET', 'b:1', 'v')).toEqual(OK);
    expect(run(app, 'SET', 'a:1', 'v')).toEqual(err(E.NOPERM_KEY));
    expect(run(app, 'GET', 'b:1')).toEqual(err(E.NOPERM_KEY));
    expect(run(app, 'DEL', 'a:1')).toEqual(err(E.NOPERM_COMMAND('del')));
    expect(fields(as('ACL', 'GETUSER', 'app')).selectors).toEqual({
      t: 'array',
      v: [{ t: 'map', v: [[bulk('commands'), bulk('-@all +set')], [bulk('keys'), bulk('~b:*')], [bulk('channels'), bulk('')]] }],
    });
    as('ACL', 'SETUSER', 'app', 'clearselectors');
    expect(run(app, 'SET', 'b:1', 'v')).toEqual(err(E.NOPERM_COMMAND('set')));
  });

  it('subcommands and first arguments', () => {
    const { as, appUser, run, app } = setup();
    appUser('allkeys', '-@all', '+config|get', '+select|0');
    expect(run(app, 'CONFIG', 'GET', 'maxmemory')?.t).toBe('map');
    expect(run(app, 'CONFIG', 'SET', 'maxmemory', '0')).toEqual(err(E.NOPERM_COMMAND('config|set')));
    expect(run(app, 'SELECT', '0')).toEqual(OK);
    expect(run(app, 'SELECT', '1')).toEqual(err(E.NOPERM_COMMAND('select')));
    expect(fields(as('ACL', 'GETUSER', 'app')).commands).toEqual(bulk('-@all +select|0 +config|get'));
    expect(as('ACL', 'SETUSER', 'app', '+config|get|x')?.t).toBe('error');
  });

  it('ACL LOG: entries with Redis fields, grouped when alike, RESET', () => {
    const { as, run, app, clock } = setup();
    as('ACL', 'SETUSER', 'app', 'on', '>pw', '~k', '+get');
    run(app, 'AUTH', 'app', 'pw');
    run(app, 'GET', 'x');
    run(app, 'GET', 'x');
    run(app, 'DEL', 'k');
    clock.advance(1500);
    run(app, 'AUTH', 'app', 'wrong');
    const log = as('ACL', 'LOG');
    if (log?.t !== 'array') throw new Error('no log');
    const entries = log.v.map(fields);
    expect(entries.map((e) => [e.count, e.reason, e.context, e.object, e.username])).toEqual([
      [{ t: 'int', v: 1 }, bulk('auth'), bulk('toplevel'), bulk('AUTH'), bulk('app')],
      [{ t: 'int', v: 1 }, bulk('command'), bulk('toplevel'), bulk('del'), bulk('app')],
      [{ t: 'int', v: 2 }, bulk('key'), bulk('toplevel'), bulk('x'), bulk('app')],
    ]);
    expect(entries[2]!['age-seconds']).toEqual({ t: 'double', v: 1.5 });
    expect((entries[1]!['client-info'] as { v: string }).v).toMatch(/ cmd=del user=app /);
    expect(list(as('ACL', 'LOG', '1'))).toHaveLength(1);
    expect(as('ACL', 'LOG', 'RESET')).toEqual(OK);
    expect(as('ACL', 'LOG')).toEqual({ t: 'array', v: [] });
  });

  it('EXEC checks the rules again; a refused command spoils MULTI at queue time', () => {
    const { as, appUser, run, app } = setup();
    appUser('~*', '+multi', '+exec', '+get', '+set');
    run(app, 'MULTI');
    expect(run(app, 'SET', 'k', 'v')).toEqual({ t: 'simple', v: 'QUEUED' });
    expect(run(app, 'GET', 'k')).toEqual({ t: 'simple', v: 'QUEUED' });
    as('ACL', 'SETUSER', 'app', '-set');
    expect(run(app, 'EXEC')).toEqual({
      t: 'array',
      v: [err(E.NOPERM_EXEC('no permission to execute the command or subcommand')), { t: 'nil' }],
    });
    run(app, 'MULTI');
    expect(run(app, 'SET', 'k', 'v')).toEqual(err(E.NOPERM_COMMAND('set')));
    expect(run(app, 'EXEC')).toEqual(err(E.EXECABORT));
  });

  it('DELUSER disconnects the user clients; the default user cannot be deleted', () => {
    const { as, appUser, run, app, engine } = setup();
    appUser('+@all', '~*');
    expect(run(app, 'CLIENT', 'INFO')).toMatchObject({ v: expect.stringContaining(' user=app ') });
    expect(as('ACL', 'DELUSER', 'default')).toEqual(err(E.ACL_DELETE_DEFAULT));
    expect(as('ACL', 'DELUSER', 'app', 'nobody')).toEqual({ t: 'int', v: 1 });
    expect(app.closed).toBe(true);
    expect(engine.clients.has(app.id)).toBe(false);
  });

  it('DRYRUN, CAT, GENPASS', () => {
    const { as } = setup();
    as('ACL', 'SETUSER', 'app', 'on', '~k', '+get');
    expect(as('ACL', 'DRYRUN', 'app', 'get', 'k')).toEqual(OK);
    expect(as('ACL', 'DRYRUN', 'app', 'get', 'x')).toEqual(bulk("This user has no permissions to access the 'x' key"));
    expect(as('ACL', 'DRYRUN', 'app', 'set', 'k', 'v')).toEqual(bulk("This user has no permissions to run the 'set' command"));
    expect(as('ACL', 'DRYRUN', 'nobody', 'get', 'k')).toEqual(err("ERR User 'nobody' not found"));
    expect(as('ACL', 'DRYRUN', 'app', 'nosuch')).toEqual(err("ERR Command 'nosuch' not found"));
    expect(as('ACL', 'DRYRUN', 'app', 'get')).toEqual(err(E.WRONG_ARITY('get')));
    expect(list(as('ACL', 'CAT'))).toHaveLength(21);
    expect(list(as('ACL', 'CAT', 'hyperloglog')).sort()).toEqual(['pfadd', 'pfcount', 'pfdebug', 'pfmerge']);
    expect(as('ACL', 'CAT', 'nope')).toEqual(err("ERR Unknown category 'nope'"));
    const pass = as('ACL', 'GENPASS');
    expect((pass as { v: string }).v).toMatch(/^[0-9a-f]{64}$/);
    expect((as('ACL', 'GENPASS', '5') as { v: string }).v).toMatch(/^[0-9a-f]{2}$/);
    expect(as('ACL', 'GENPASS', '0')).toEqual(err(E.ACL_GENPASS_BITS));
    expect(as('ACL', 'SAVE')).toEqual(err(E.ACL_NO_FILE));
  });

  it('a default user with a password makes new clients authenticate', () => {
    const { engine, as, run } = setup();
    as('ACL', 'SETUSER', 'default', '>pw');
    const c = engine.createClient();
    engine.acl.setDefaultAuth(c);
    expect(run(c, 'GET', 'k')).toEqual(err(E.NOAUTH));
    expect(run(c, 'AUTH', 'pw')).toEqual(OK);
    expect(run(c, 'GET', 'k')).toEqual({ t: 'nil' });
  });

  it('scripts run their commands as the caller user', async () => {
    const { engine, as, appUser, run, app } = setup();
    await engine.scripting.ready();
    appUser('~*', '+eval', '+get');
    const r = run(app, 'EVAL', "return redis.call('set', 'k', 'v')", '0');
    expect(r?.t).toBe('error');
    expect((r as { v: string }).v).toMatch(/^ERR The user executing the script can't run this command or subcommand script:/);
    const log = as('ACL', 'LOG', '1');
    if (log?.t !== 'array') throw new Error('no log');
    expect(fields(log.v[0]).context).toEqual(bulk('lua'));
  });
});

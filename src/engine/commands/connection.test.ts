import { describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock';
import { E } from '../core/errors';
import type { Reply } from '../core/reply';
import { Engine } from '../engine';

function setup() {
  const clock = new ManualClock();
  const engine = new Engine({ clock });
  const sent: Reply[] = [];
  const a = engine.createClient();
  const b = engine.createClient((r) => sent.push(r));
  const runA = (...argv: string[]): Reply | undefined => engine.exec(a, argv);
  const runB = (...argv: string[]): Reply | undefined => engine.exec(b, argv);
  return { engine, clock, a, b, runA, runB, sent };
}

const OK: Reply = { t: 'simple', v: 'OK' };
const int = (v: number): Reply => ({ t: 'int', v });
const bulk = (v: string): Reply => ({ t: 'bulk', v });
const err = (v: string): Reply => ({ t: 'error', v });

function lines(r: Reply | undefined): string[] {
  if (r === undefined || (r.t !== 'verbatim' && r.t !== 'bulk')) throw new Error(`not text: ${JSON.stringify(r)}`);
  return r.v.split('\n').filter((l) => l !== '');
}

function field(line: string, name: string): string {
  const kv = line.split(' ').find((x) => x.startsWith(`${name}=`));
  return kv === undefined ? '' : kv.slice(name.length + 1);
}

describe('PING, ECHO, HELLO', () => {
  it('PING and ECHO', () => {
    const { runA } = setup();
    expect(runA('PING')).toEqual({ t: 'simple', v: 'PONG' });
    expect(runA('PING', 'x')).toEqual(bulk('x'));
    expect(runA('PING', 'a', 'b')).toEqual(err(E.WRONG_ARITY('ping')));
    expect(runA('ECHO', '\x00\xff')).toEqual(bulk('\x00\xff'));
  });

  it('HELLO switches the protocol and replies the server map', () => {
    const { runA, a } = setup();
    const r = runA('HELLO', '3');
    expect(a.resp).toBe(3);
    expect(r).toEqual({
      t: 'map',
      v: [
        [bulk('server'), bulk('redis')],
        [bulk('version'), bulk('7.0.15')],
        [bulk('proto'), int(3)],
        [bulk('id'), int(a.id)],
        [bulk('mode'), bulk('standalone')],
        [bulk('role'), bulk('master')],
        [bulk('modules'), { t: 'array', v: [] }],
      ],
    });
    runA('HELLO');
    expect(a.resp).toBe(3);
    runA('HELLO', '2', 'SETNAME', 'cli');
    expect(a.resp).toBe(2);
    expect(a.name).toBe('cli');
    expect(runA('HELLO', '4')).toEqual(err(E.NOPROTO));
    expect(runA('HELLO', 'x')).toEqual(err(E.HELLO_PROTOCOL_NOT_INT));
    expect(runA('HELLO', '3', 'AUTH', 'bob', 'pw')).toEqual(err(E.WRONGPASS));
    expect(a.resp).toBe(2);
  });

  it('AUTH and HELLO AUTH check requirepass', () => {
    const { runA, a } = setup();
    expect(runA('AUTH', 'pw')).toEqual(err(E.AUTH_NO_PASSWORD));
    runA('CONFIG', 'SET', 'requirepass', 'secret');
    expect(runA('AUTH', 'nope')).toEqual(err(E.WRONGPASS));
    expect(runA('AUTH', 'secret')).toEqual(OK);
    expect(runA('AUTH', 'default', 'secret')).toEqual(OK);
    expect(runA('HELLO', '3', 'AUTH', 'default', 'nope')).toEqual(err(E.WRONGPASS));
    expect(runA('HELLO', '3', 'AUTH', 'default', 'secret')).toMatchObject({ t: 'map' });
    expect(a.resp).toBe(3);
  });
});

describe('CLIENT', () => {
  it('ID, SETNAME/GETNAME and the name rules', () => {
    const { runA, a } = setup();
    expect(runA('CLIENT', 'ID')).toEqual(int(a.id));
    expect(runA('CLIENT', 'GETNAME')).toEqual({ t: 'nil' });
    expect(runA('CLIENT', 'SETNAME', 'my-conn')).toEqual(OK);
    expect(runA('CLIENT', 'GETNAME')).toEqual(bulk('my-conn'));
    expect(runA('CLIENT', 'SETNAME', 'has space')).toEqual(err(E.CLIENT_NAME_CHARS));
    expect(runA('CLIENT', 'SETNAME', 'caf\xc3\xa9')).toEqual(err(E.CLIENT_NAME_CHARS));
    expect(runA('CLIENT', 'GETNAME')).toEqual(bulk('my-conn'));
    expect(runA('CLIENT', 'SETNAME', '')).toEqual(OK);
    expect(runA('CLIENT', 'GETNAME')).toEqual({ t: 'nil' });
  });

  it('LIST shows every client with its state; INFO shows the caller', () => {
    const { runA, runB, a, b } = setup();
    runA('CLIENT', 'SETNAME', 'alpha');
    runB('SELECT', '4');
    runB('MULTI');
    runB('SET', 'k', 'v');
    const all = lines(runA('CLIENT', 'LIST'));
    expect(all).toHaveLength(2);
    const mine = all.find((l) => field(l, 'id') === String(a.id))!;
    const other = all.find((l) => field(l, 'id') === String(b.id))!;
    expect(field(mine, 'name')).toBe('alpha');
    expect(field(mine, 'cmd')).toBe('client|list');
    expect(field(mine, 'flags')).toBe('N');
    expect(field(other, 'db')).toBe('4');
    expect(field(other, 'flags')).toBe('x');
    expect(field(other, 'multi')).toBe('1');
    expect(field(other, 'cmd')).toBe('set');
    expect(lines(runA('CLIENT', 'LIST', 'ID', String(b.id), '999'))).toHaveLength(1);
    expect(runA('CLIENT', 'LIST', 'ID', 'x')).toEqual(err(E.CLIENT_ID_INVALID));
    expect(lines(runA('CLIENT', 'INFO'))).toHaveLength(1);
    expect(field(lines(runA('CLIENT', 'INFO'))[0]!, 'id')).toBe(String(a.id));
  });

  it('KILL closes another client, or the caller after its reply', () => {
    const { engine, runA, a, b } = setup();
    expect(runA('CLIENT', 'KILL', 'ID', String(b.id))).toEqual(int(1));
    expect(b.closed).toBe(true);
    expect(engine.clients.has(b.id)).toBe(false);
    expect(runA('CLIENT', 'KILL', 'ID', String(a.id))).toEqual(int(0)); // SKIPME yes by default
    expect(runA('CLIENT', 'KILL', 'ID', String(a.id), 'SKIPME', 'no')).toEqual(int(1));
    expect(a.closeAfterReply).toBe(true);
    expect(a.closed).toBe(false);
  });

  it('KILL by address (old form) and by TYPE', () => {
    const { runA, b } = setup();
    const line = lines(runA('CLIENT', 'LIST', 'ID', String(b.id)))[0]!;
    expect(runA('CLIENT', 'KILL', field(line, 'addr'))).toEqual(OK);
    expect(b.closed).toBe(true);
    expect(runA('CLIENT', 'KILL', field(line, 'addr'))).toEqual(err(E.NO_SUCH_CLIENT));
    expect(runA('CLIENT', 'KILL', 'TYPE', 'pubsub')).toEqual(int(0));
  });

  it('UNBLOCK ends a blocked client\'s wait with its timeout reply or an error', () => {
    const { runA, runB, b, sent } = setup();
    expect(runB('BLPOP', 'q', '0')).toBeUndefined();
    expect(b.blocked).toBeDefined();
    expect(lines(runA('CLIENT', 'LIST', 'ID', String(b.id))).map((l) => field(l, 'flags'))).toEqual(['b']);
    expect(runA('CLIENT', 'UNBLOCK', String(b.id))).toEqual(int(1));
    expect(b.blocked).toBeUndefined();
    expect(sent).toEqual([{ t: 'nilarray' }]);
    expect(runA('CLIENT', 'UNBLOCK', String(b.id))).toEqual(int(0));

    runB('BLPOP', 'q', '0');
    expect(runA('CLIENT', 'UNBLOCK', String(b.id), 'ERROR')).toEqual(int(1));
    expect(sent[1]).toEqual(err(E.UNBLOCKED));
    // The unblocked client no longer receives what is pushed later.
    runA('RPUSH', 'q', 'x');
    expect(sent).toHaveLength(2);
    expect(runA('LLEN', 'q')).toEqual(int(1));
    expect(runA('CLIENT', 'UNBLOCK', String(b.id), 'NOW')).toEqual(err(E.UNBLOCK_REASON));
  });

  it('GETREDIR and TRACKINGINFO report tracking off', () => {
    const { runA } = setup();
    expect(runA('CLIENT', 'GETREDIR')).toEqual(int(-1));
    expect(runA('CLIENT', 'TRACKINGINFO')).toEqual({
      t: 'map',
      v: [
        [bulk('flags'), { t: 'set', v: [bulk('off')] }],
        [bulk('redirect'), int(-1)],
        [bulk('prefixes'), { t: 'array', v: [] }],
      ],
    });
  });
});

describe('QUIT and RESET', () => {
  it('QUIT replies OK and asks the host to close', () => {
    const { runA, a } = setup();
    expect(runA('QUIT')).toEqual(OK);
    expect(a.closeAfterReply).toBe(true);
  });

  it('QUIT inside MULTI is not queued', () => {
    const { runA, a } = setup();
    runA('MULTI');
    expect(runA('QUIT')).toEqual(OK);
    expect(a.closeAfterReply).toBe(true);
  });

  it('RESET clears name, db, protocol, transaction and runs the registered hooks', () => {
    const { engine, runA, a } = setup();
    const seen: number[] = [];
    engine.resetHooks.push((client) => {
      seen.push(client.id);
    });
    runA('CLIENT', 'SETNAME', 'n');
    runA('SELECT', '3');
    runA('HELLO', '3');
    runA('WATCH', 'k');
    runA('MULTI');
    expect(runA('RESET')).toEqual({ t: 'simple', v: 'RESET' });
    expect(a).toMatchObject({ name: '', db: 0, resp: 2, multi: undefined, watching: [] });
    expect(seen).toEqual([a.id]);
  });
});

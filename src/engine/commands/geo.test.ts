/**
 * The geo commands inside the engine: what a search reports to the views
 * (its area and the members it found, nearest first), keyspace events, and
 * GEOADD's sorted-set semantics. Replies are compared with redis-server in
 * test/differential/geo.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { Engine, type CommandEvent } from '../engine';

function setUp() {
  const engine = new Engine();
  const c = engine.createClient();
  const run = (...argv: string[]) => engine.exec(c, argv);
  const events: CommandEvent[] = [];
  engine.onEvent((e) => events.push(e));
  run('GEOADD', 'Sicily', '13.361389', '38.115556', 'Palermo', '15.087269', '37.502669', 'Catania', '13.583333', '37.316667', 'Agrigento');
  return { run, events };
}

describe('geo searches report their area', () => {
  it('GEOSEARCH BYRADIUS: the circle in metres, the unit, and the members found with distances', () => {
    const { run, events } = setUp();
    run('GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km', 'DESC');
    const k = events.at(-1)!.changes.find((x) => x.key === 'Sicily')!;
    expect(k.geo).toMatchObject({ lon: 15, lat: 37, shape: { type: 'radius', radius: 200000 }, unit: 'km', toMeters: 1000 });
    // Nearest first, whatever the reply's order.
    expect(k.geo!.found.map((f) => f.member)).toEqual(['Catania', 'Agrigento', 'Palermo']);
    expect(k.geo!.found[0]!.dist).toBeCloseTo(56.4413, 3);
    expect(k.read).toEqual(expect.arrayContaining(['Catania', 'Agrigento', 'Palermo']));
  });

  it('GEORADIUSBYMEMBER with COUNT reports only what was returned; a box keeps its width and height', () => {
    const { run, events } = setUp();
    run('GEORADIUSBYMEMBER', 'Sicily', 'Palermo', '300', 'mi', 'COUNT', '2');
    const g = events.at(-1)!.changes.find((x) => x.key === 'Sicily')!.geo!;
    expect(g.unit).toBe('mi');
    expect(g.found.map((f) => f.member)).toEqual(['Palermo', 'Agrigento']);
    run('GEOSEARCH', 'Sicily', 'FROMMEMBER', 'Catania', 'BYBOX', '10', '20', 'm');
    const box = events.at(-1)!.changes.find((x) => x.key === 'Sicily')!.geo!;
    expect(box.shape).toEqual({ type: 'box', width: 10, height: 20 });
    expect(box.found.map((f) => f.member)).toEqual(['Catania']);
  });

  it('GEOADD is ZADD underneath: CH counts moves, XX never adds, the scores are geohashes', () => {
    const { run } = setUp();
    expect(run('GEOADD', 'Sicily', 'CH', '13.361389', '38.115556', 'Palermo', '15', '37', 'Catania')).toEqual({ t: 'int', v: 1 });
    expect(run('GEOADD', 'Sicily', 'XX', '1', '1', 'Nowhere')).toEqual({ t: 'int', v: 0 });
    expect(run('ZSCORE', 'Sicily', 'Palermo')).toEqual({ t: 'bulk', v: '3479099956230698' });
    expect(run('TYPE', 'Sicily')).toEqual({ t: 'simple', v: 'zset' });
    expect(run('GEOADD', 'Sicily', '181', '0', 'x')).toEqual({ t: 'error', v: 'ERR invalid longitude,latitude pair 181.000000,0.000000' });
  });
});

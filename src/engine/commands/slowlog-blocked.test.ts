import { expect, it } from 'vitest';
import { ManualClock } from '../core/clock';
import type { Reply } from '../core/reply';
import { Engine } from '../engine';

it('SLOWLOG: a blocked command is logged when it is served, not when it blocks', () => {
  const engine = new Engine({ clock: new ManualClock() });
  const a = engine.createClient();
  const late: Reply[] = [];
  const b = engine.createClient((r) => late.push(r));
  const run = (argv: string[]) => engine.exec(a, argv);
  run(['CONFIG', 'SET', 'slowlog-log-slower-than', '0']);
  expect(engine.exec(b, ['BLPOP', 'l', '0'])).toBeUndefined();
  run(['MULTI']);
  run(['LPUSH', 'l', 'foo']);
  run(['SLOWLOG', 'RESET']);
  run(['EXEC']);
  expect(late).toEqual([{ t: 'array', v: [{ t: 'bulk', v: 'l' }, { t: 'bulk', v: 'foo' }] }]);
  const log = run(['SLOWLOG', 'GET']) as { v: readonly { v: readonly Reply[] }[] };
  // Newest first: the BLPOP served after EXEC, then EXEC's own commands.
  expect(log.v[0]!.v[3]).toEqual({ t: 'array', v: ['BLPOP', 'l', '0'].map((v) => ({ t: 'bulk', v })) });
});

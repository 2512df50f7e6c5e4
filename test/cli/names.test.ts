import { describe, expect, it } from 'vitest';
import { EngineHost } from '../../src/worker/host';
import { bundledCompletions, completions } from '../../src/cli/complete';
import { HELP_NAMES } from '../../src/cli/names';
import { helpTable } from '../../src/cli/table';

describe('the help names bundled with the page', () => {
  const specs = new EngineHost(() => {}).handle('specs', null);

  it('are the names of the command table, in the help table order', () => {
    expect(HELP_NAMES, 'src/cli/names.ts is out of date: run npm run gen:names').toEqual(helpTable(specs).map((e) => e.full));
  });

  it('complete exactly as the command table does', () => {
    for (const line of ['', 'g', 'hge', 'HGET', 'client ', 'CONFIG G', 'help @s', 'help ', 'xr', 'zzz', 'Obj'])
      expect(bundledCompletions(line), line).toEqual(completions(specs, line));
  });
});

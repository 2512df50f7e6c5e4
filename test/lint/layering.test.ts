/**
 * The layering rules of eslint.config.js fail on a violation. Each case
 * lints a few lines of source as if they were a file at the given path,
 * with the project's own configuration, and expects the layering rule's
 * error (or none, for imports the layers allow).
 */
import { ESLint } from 'eslint';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../..');
const eslint = new ESLint({ cwd: root });

/** The layering errors ESLint reports for `code` placed at `path` (relative to the repository). */
async function layeringErrors(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, path) });
  return result!.messages.filter((m) => m.ruleId === 'import-x/no-restricted-paths').map((m) => m.message);
}

describe('lint: layering', () => {
  it('a command group importing another group fails', async () => {
    const errors = await layeringErrors(
      'src/engine/commands/bitmap.ts',
      "import { zsetCommands } from './zset';\nexport const n = Object.keys(zsetCommands).length;\n",
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('A command group imports only core/, types/, spec/, rdb/ and src/text');
  });

  it('one server topic importing another fails too', async () => {
    const errors = await layeringErrors(
      'src/engine/commands/server/debug.ts',
      "import { infoCommands } from './info';\nexport const n = Object.keys(infoCommands).length;\n",
    );
    expect(errors).toHaveLength(1);
  });

  it('a command group may import core/, types/, the RDB codec and src/text', async () => {
    const code = [
      "import { helpReply } from '../core/help';",
      "import { SortedSet } from '../types/zset';",
      "import { crc64 } from '../rdb/codec';",
      "import { formatDouble } from '../../text/double';",
      'export const all = [helpReply, SortedSet, crc64, formatDouble];',
      '',
    ].join('\n');
    expect(await layeringErrors('src/engine/commands/geo.ts', code)).toEqual([]);
  });

  it('the index that assembles the command table may import every group', async () => {
    const code = "import { zsetCommands } from './zset';\nexport const all = { ...zsetCommands };\n";
    expect(await layeringErrors('src/engine/commands/index.ts', code)).toEqual([]);
  });

  it('src/text imports nothing outside itself', async () => {
    const errors = await layeringErrors('src/text/double.ts', "import { E } from '../engine/core/errors';\nexport const e = E;\n");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('src/text is pure');
  });

  it('the engine may import src/text but nothing else outside src/engine', async () => {
    expect(await layeringErrors('src/engine/core/x.ts', "import { INT64_MAX } from '../../text/int';\nexport const m = INT64_MAX;\n")).toEqual([]);
    const errors = await layeringErrors('src/engine/core/x.ts', "import { splitArgs } from '../../cli/split';\nexport const s = splitArgs;\n");
    expect(errors).toHaveLength(1);
  });

  it('the visualizer may use src/text but not the engine', async () => {
    expect(await layeringErrors('src/visualizer/layout/x.ts', "import { formatDouble } from '../../text/double';\nexport const f = formatDouble;\n")).toEqual([]);
    const errors = await layeringErrors('src/visualizer/layout/x.ts', "import { Engine } from '../../engine/engine';\nexport const e = Engine;\n");
    expect(errors).toHaveLength(1);
  });

  it('the store may not reach the engine client or a controller', async () => {
    for (const [code, what] of [
      ["import { engineClient } from '../client/engine-client';\nexport const c = engineClient;\n", 'the engine client'],
      ["import type { EngineClient } from '../client/engine-client';\nexport type C = EngineClient;\n", 'even its type'],
      ["import { startLessons } from '../lessons/controller';\nexport const s = startLessons;\n", 'the lesson controller'],
      ["import { connectKeyspace } from '../visualizer/model/keyspace';\nexport const k = connectKeyspace;\n", 'the keyspace view model'],
    ]) {
      const errors = await layeringErrors('src/store/x.ts', code!);
      expect(errors, what).toHaveLength(1);
      expect(errors[0], what).toContain('src/store holds state slices only');
    }
  });

  it('a controller may use the store and the client; the store may use the curriculum and other slices', async () => {
    const controller = [
      "import type { EngineClient } from '../client/engine-client';",
      "import { useLessons } from '../store/lessons';",
      'export const x = (c: EngineClient) => [c, useLessons];',
      '',
    ].join('\n');
    expect(await layeringErrors('src/lessons/x.ts', controller)).toEqual([]);
    const store = "import { parseProgress } from '../curriculum/progress';\nimport { useTerminals } from './terminals';\nexport const x = [parseProgress, useTerminals];\n";
    expect(await layeringErrors('src/store/x.ts', store)).toEqual([]);
  });
});

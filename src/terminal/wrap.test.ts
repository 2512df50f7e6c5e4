import { describe, expect, it } from 'vitest';
import { LESSON_COMMAND_HELP } from '../curriculum/commands';
import { wrapWords } from './wrap';

describe('wrapWords', () => {
  it('leaves lines that fit alone', () => {
    expect(wrapWords('SCAN 0 MATCH na* COUNT 10', 80)).toBe('SCAN 0 MATCH na* COUNT 10');
  });

  it('breaks only at spaces, continuing under the line’s indentation', () => {
    const out = wrapWords('  :hint        show the next hint           :solution  show the answer (asks first)', 40);
    const lines = out.split('\n');
    expect(lines.every((l) => l.length <= 40)).toBe(true);
    expect(lines.slice(1).every((l) => l.startsWith('  ') && !l.startsWith('   '))).toBe(true);
    // Every word of the input is whole on some line.
    for (const w of [':hint', ':solution', 'answer', '(asks', 'first)']) expect(lines.some((l) => l.split(/ +/).includes(w))).toBe(true);
  });

  it('never splits a word of the lesson help at any width from 30 to 100 columns', () => {
    const words = new Set(LESSON_COMMAND_HELP.split(/\s+/).filter(Boolean));
    for (let cols = 30; cols <= 100; cols++) {
      const lines = wrapWords(LESSON_COMMAND_HELP, cols).split('\n');
      for (const l of lines) {
        expect(l.length).toBeLessThanOrEqual(cols);
        for (const w of l.split(/ +/).filter(Boolean)) expect(words.has(w), `"${w}" at ${cols} columns`).toBe(true);
      }
    }
  });

  it('does not count colour sequences as columns', () => {
    const red = '\x1b[31mred\x1b[0m';
    expect(wrapWords(`${red} ${red} ${red}`, 11)).toBe(`${red} ${red} ${red}`);
    expect(wrapWords(`${red} ${red} ${red}`, 10).split('\n')).toHaveLength(2);
  });

  it('keeps a word wider than the terminal whole on its own line', () => {
    expect(wrapWords('GET cache:categories:org:789:with:a:long:name now', 20)).toBe('GET\ncache:categories:org:789:with:a:long:name\nnow');
  });
});

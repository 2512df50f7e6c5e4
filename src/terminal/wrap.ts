/**
 * Word wrapping for text the terminal prints itself (lesson commands, help):
 * lines longer than the terminal break at spaces, never inside a word, and a
 * broken line continues under its own indentation. ANSI colour sequences take
 * no columns. A single word wider than the terminal is left to the terminal.
 */
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

const width = (s: string) => [...s.replace(ANSI, '')].length;

export function wrapWords(text: string, cols: number): string {
  if (!Number.isFinite(cols) || cols < 8) return text;
  return text
    .split('\n')
    .map((line) => wrapLine(line, cols))
    .join('\n');
}

function wrapLine(line: string, cols: number): string {
  if (width(line) <= cols) return line;
  const indent = /^ */.exec(line)![0];
  const pad = indent.length < cols / 2 ? indent : '';
  const words = line.slice(indent.length).split(/( +)/);
  const out: string[] = [];
  let cur = indent;
  let curWidth = indent.length;
  for (let i = 0; i < words.length; i += 2) {
    const word = words[i]!;
    const gap = i > 0 ? words[i - 1]! : '';
    const w = width(word);
    if (curWidth > pad.length && curWidth + width(gap) + w > cols) {
      out.push(cur.trimEnd());
      cur = pad + word;
      curWidth = pad.length + w;
    } else {
      cur += gap + word;
      curWidth += width(gap) + w;
    }
  }
  out.push(cur.trimEnd());
  return out.join('\n');
}

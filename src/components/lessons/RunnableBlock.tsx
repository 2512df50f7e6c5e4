import { useState } from 'react';
import type { RedisBlock } from '../../curriculum/redis-block';
import { useLessons } from '../../store/lessons';
import { activeSession } from '../../store/terminals';

/** Sends lines to the focused terminal, typed visibly, one after another. */
export async function typeIntoTerminal(lines: readonly string[]): Promise<boolean> {
  const session = activeSession();
  if (!session) {
    useLessons.setState({ announcement: 'The terminal is not ready yet.' });
    return false;
  }
  const reduced = typeof matchMedia !== 'undefined' && matchMedia('(prefers-reduced-motion: reduce)').matches;
  for (let i = 0; i < lines.length; i++) {
    if (i > 0 && !reduced) await new Promise((r) => setTimeout(r, 180));
    await session.typeLine(lines[i]!);
  }
  useLessons.setState({ announcement: lines.length === 1 ? `Ran ${lines[0]}` : `Ran ${lines.length} commands.` });
  return true;
}

/** A redis-cli transcript from a lesson: every command line is a button that runs it. */
export function RunnableBlock({ block, large = false }: { block: RedisBlock; large?: boolean }) {
  const commands = block.lines.flatMap((l) => (l.kind === 'command' ? [l.text] : []));
  const [running, setRunning] = useState(false);
  const run = async (lines: readonly string[]) => {
    setRunning(true);
    try {
      await typeIntoTerminal(lines);
    } finally {
      setRunning(false);
    }
  };
  return (
    <figure className={`my-3 overflow-hidden rounded-lg border border-edge bg-ink ${large ? 'text-[0.8em]' : 'text-[13px]'}`} data-testid="redis-block">
      <figcaption className="flex items-center justify-between border-b border-edge px-3 py-1 text-xs text-muted">
        <span>redis-cli · click a line to run it</span>
        {commands.length > 1 && (
          <button
            type="button"
            className="rounded px-2 py-0.5 font-medium text-white hover:bg-edge disabled:opacity-50"
            onClick={() => void run(commands)}
            disabled={running}
          >
            Run all ▶
          </button>
        )}
      </figcaption>
      <ol className="code-lines space-y-0.5 px-1.5 py-1.5 font-mono">
        {block.lines.map((l, i) =>
          l.kind === 'comment' ? (
            <li key={i} className="px-1.5 text-muted italic">
              # {l.text}
            </li>
          ) : (
            <li key={i}>
              <button
                type="button"
                className="group flex w-full items-start gap-2 rounded px-1.5 py-0.5 text-left hover:bg-panel focus-visible:bg-panel"
                onClick={() => void run([l.text])}
                aria-label={`Run ${l.text}`}
                data-command={l.text}
              >
                <span className="select-none text-redis" aria-hidden="true">
                  &gt;
                </span>
                <span className="code-line min-w-0 flex-1 text-white">{l.text}</span>
                <span className="select-none text-xs text-muted opacity-0 group-hover:opacity-100 group-focus-visible:opacity-100" aria-hidden="true">
                  ▶ run
                </span>
              </button>
              {l.expected && (
                <pre className="code-line px-1.5 pl-6 text-[#9fb3d9]" aria-label="Expected output">
                  {l.expected.join('\n')}
                </pre>
              )}
            </li>
          ),
        )}
      </ol>
    </figure>
  );
}

/** The keyboard reference, one click (or Tab and Enter) from the header. */
const KEYS: readonly (readonly [string, string])[] = [
  ['Esc, then Tab', 'leave the terminal or a workbench editor (Tab alone completes a command)'],
  ['F6 / Shift+F6', 'next / previous region: lesson, terminal, keyspace, value'],
  ['Tab / Shift+Tab', 'move between buttons and fields'],
  ['↑ ↓ ← → Home End', 'in the keyspace tree: move, open and close folders'],
  ['Enter', 'in the tree: show the key; on a lesson line: run it'],
  ['Ctrl-C', 'in the terminal: cancel the line or a running command'],
  ['Ctrl+Enter', 'in the workbench: run the line or selection (Lua: run the script)'],
  ['Shift+Ctrl+Enter', 'in the workbench: run every command'],
  ['← → on a separator', 'resize the panels'],
  [':help', 'in the terminal: lesson commands and these keys'],
];

export function KeyboardHelp() {
  return (
    <details className="relative" data-testid="keyboard-help">
      <summary className="cursor-pointer list-none whitespace-nowrap rounded-md border border-edge px-2 py-1 text-xs text-muted hover:bg-ink hover:text-white">
        <span aria-hidden="true">⌨ </span><span className="max-sm:sr-only">Keys</span>
      </summary>
      <div className="absolute right-0 z-30 mt-1 w-[min(92vw,380px)] rounded-lg border border-edge bg-panel p-3 text-sm shadow-xl">
        <h2 className="mb-2 font-semibold text-white">Keyboard</h2>
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1.5">
          {KEYS.map(([k, what]) => (
            <div key={k} className="contents">
              <dt>
                <kbd className="rounded border border-edge bg-ink px-1.5 py-0.5 font-mono text-xs whitespace-nowrap text-white">{k}</kbd>
              </dt>
              <dd className="text-[#d5dbea]">{what}</dd>
            </div>
          ))}
        </dl>
      </div>
    </details>
  );
}

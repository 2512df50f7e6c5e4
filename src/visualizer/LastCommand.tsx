/**
 * What the last command did: the command line and one tag per key touched
 * (read, written, new, deleted, expired), plus the polite live region that
 * narrates every change for screen readers.
 */
import { useKeyspace, useKeyspaceFields, usePastView } from '../store/keyspace';
import { display } from './layout/text';
import { TOUCH } from './ui';

export function LastCommand() {
  const { last, touches, seq } = useKeyspaceFields('last', 'touches', 'seq');
  const past = usePastView();
  if (!last || past) return null;
  const shown = last.argv.slice(0, 12).map((a) => (/[\s"]/.test(a) || a === '' ? JSON.stringify(display(a, 24)) : display(a, 24)));
  if (last.argv.length > 12) shown.push(`… (${(last.argv.length - 12).toLocaleString('en-US')} more arguments)`);
  const line = last.command === '' ? 'active expiry (background)' : shown.join(' ');
  const items = [...touches].slice(0, 6);
  return (
    <div className="flex min-h-8 items-center gap-2 border-t border-edge bg-ink/40 px-3 py-1 text-xs" data-testid="last-command">
      <span className="shrink-0 text-muted">Last:</span>
      <span key={seq} className={`fade-in min-w-0 max-w-[45%] shrink truncate font-mono ${last.error ? 'text-red-300' : 'text-[#e6e9f2]'}`} title={line}>
        {line.length > 80 ? `${line.slice(0, 80)}…` : line}
      </span>
      <span className="flex min-w-0 flex-1 flex-wrap gap-1 overflow-hidden" style={{ maxHeight: '1.4rem' }}>
        {last.error && <span className="rounded-full bg-red-400/15 px-1.5 text-red-200 ring-1 ring-inset ring-red-400/60">error</span>}
        {items.map(([k, t]) => (
          <span key={k} className={`max-w-[10rem] truncate rounded-full px-1.5 ring-1 ring-inset ${TOUCH[t].tag}`} data-touch-key={k} data-touch={t}>
            {TOUCH[t].label} <span className="font-mono">{display(k, 24)}</span>
          </span>
        ))}
        {touches.size > items.length && <span className="text-muted">+{touches.size - items.length}</span>}
        {(last.truncated ?? 0) > 0 && <span className="text-muted">+{last.truncated!.toLocaleString('en-US')} more keys</span>}
      </span>
    </div>
  );
}

export function LiveRegion() {
  const message = useKeyspace((s) => s.message);
  return (
    <div className="sr-only" aria-live="polite" aria-atomic="true" data-testid="narration">
      <span key={message.seq}>{message.text}</span>
    </div>
  );
}

/** Small shared pieces of the visualizer: type badges, touch tags, colours. */
import type { ValueType } from '../protocol/views';
import type { Touch } from './layout/events';
import { encodingHint } from './layout/encoding';

export const TYPE_LABEL: Record<ValueType, string> = { string: 'string', hash: 'hash', list: 'list', set: 'set', zset: 'zset', stream: 'stream' };

/** Badge colours: light text on a dark tint (contrast above 7:1 on the panel). */
export const TYPE_CLASS: Record<ValueType, string> = {
  string: 'bg-sky-950 text-sky-200 ring-sky-700/70',
  hash: 'bg-violet-950 text-violet-200 ring-violet-700/70',
  list: 'bg-emerald-950 text-emerald-200 ring-emerald-700/70',
  set: 'bg-amber-950 text-amber-200 ring-amber-700/70',
  zset: 'bg-rose-950 text-rose-200 ring-rose-700/70',
  stream: 'bg-teal-950 text-teal-200 ring-teal-700/70',
};

/** Accent colour per type (SVG fills, bars). */
export const TYPE_COLOR: Record<ValueType, string> = {
  string: '#7dd3fc',
  hash: '#c4b5fd',
  list: '#6ee7b7',
  set: '#fcd34d',
  zset: '#fda4af',
  stream: '#5eead4',
};

export function TypeBadge({ type, className = '' }: { type: ValueType | null; className?: string }) {
  if (type === null)
    return (
      <span aria-hidden="true" className={`inline-block w-11 shrink-0 rounded px-1 text-center text-[0.7rem] text-muted ring-1 ring-edge ring-inset ${className}`}>
        —
      </span>
    );
  return (
    <span className={`inline-block w-11 shrink-0 rounded px-1 text-center font-mono text-[0.7rem] leading-5 ring-1 ring-inset ${TYPE_CLASS[type]} ${className}`}>
      {TYPE_LABEL[type]}
    </span>
  );
}

export function EncodingBadge({ encoding, className = '' }: { encoding: string; className?: string }) {
  if (!encoding) return null;
  return (
    <span title={encodingHint(encoding)} className={`rounded border border-edge px-1 font-mono text-[0.68rem] leading-4 text-muted ${className}`}>
      {encoding}
    </span>
  );
}

/** What the last command did to a key: colour and a word (never colour alone). */
export const TOUCH: Record<Touch, { label: string; row: string; tag: string }> = {
  read: { label: 'read', row: 'touch-read', tag: 'bg-sky-400/15 text-sky-200 ring-sky-400/60' },
  written: { label: 'written', row: 'touch-written', tag: 'bg-amber-400/15 text-amber-200 ring-amber-400/60' },
  created: { label: 'new', row: 'touch-created', tag: 'bg-emerald-400/15 text-emerald-200 ring-emerald-400/60' },
  deleted: { label: 'deleted', row: 'touch-deleted', tag: 'bg-red-400/15 text-red-200 ring-red-400/60' },
  expired: { label: 'expired', row: 'touch-expired', tag: 'bg-slate-400/15 text-slate-200 ring-slate-400/60' },
};

export function TouchTag({ touch }: { touch: Touch }) {
  const t = TOUCH[touch];
  return <span className={`shrink-0 rounded-full px-1.5 text-[0.65rem] font-medium leading-4 ring-1 ring-inset ${t.tag}`}>{t.label}</span>;
}

// One formatter for the page: `toLocaleString` builds a new one per call (about 50 µs each,
// and every tree row shows a size).
const COUNT = new Intl.NumberFormat('en-US');

export function formatCount(n: number): string {
  return Number.isInteger(n) && n >= 0 && n < 1000 ? String(n) : COUNT.format(n);
}

export function sizeLabel(type: ValueType | null, size: number): string {
  switch (type) {
    case 'string':
      return `${formatCount(size)} B`;
    case 'hash':
      return `${formatCount(size)} ${size === 1 ? 'field' : 'fields'}`;
    case 'list':
      return `${formatCount(size)} ${size === 1 ? 'item' : 'items'}`;
    case 'set':
    case 'zset':
      return `${formatCount(size)} ${size === 1 ? 'member' : 'members'}`;
    case 'stream':
      return `${formatCount(size)} ${size === 1 ? 'entry' : 'entries'}`;
    default:
      return '';
  }
}

/**
 * The question before a restore: "Undo the N commands after …?" with Restore
 * and Cancel. The timeline drawer shows it as a card with the buttons under
 * the question; the past banner, `inline`, as one wrapping row.
 */
export function RestoreQuestion({
  id,
  after,
  where,
  inline = false,
  cancelClass,
  testId,
  onRestore,
  onCancel,
}: {
  id: string;
  after: number;
  where: string;
  inline?: boolean;
  cancelClass: string;
  testId: string;
  onRestore: () => void;
  onCancel: () => void;
}) {
  const buttons = (
    <>
      <button
        type="button"
        autoFocus
        className={`rounded-md bg-amber-700 font-semibold text-white hover:bg-amber-600 ${inline ? 'px-2 py-0.5' : 'px-2.5 py-1'}`}
        data-testid={testId}
        onClick={onRestore}
      >
        Restore
      </button>
      <button type="button" className={cancelClass} onClick={onCancel}>
        Cancel
      </button>
    </>
  );
  return (
    <div
      role="alertdialog"
      aria-labelledby={id}
      className={inline ? 'mt-1.5 flex flex-wrap items-center gap-2 text-xs' : 'mt-2 rounded-lg border border-amber-600/60 bg-amber-950/40 p-2 text-sm'}
    >
      <p id={id}>
        Undo the {after} {after === 1 ? 'command' : 'commands'} after {where}?
      </p>
      {inline ? buttons : <div className="mt-2 flex gap-2">{buttons}</div>}
    </div>
  );
}

/**
 * The line under a value view naming what the last command removed: the
 * first `max` names struck through, then how many more (when `more`).
 */
export function RemovedNote({
  label,
  names,
  max = 8,
  more = false,
  className = 'border-t border-edge px-3 py-1 text-xs text-muted',
  nameClass = '',
  testId,
}: {
  label: string;
  names: readonly { readonly key: string | number; readonly text: string }[];
  max?: number;
  more?: boolean;
  className?: string;
  nameClass?: string;
  testId?: string;
}) {
  if (names.length === 0) return null;
  return (
    <p className={className} data-testid={testId}>
      {label}
      {names.slice(0, max).map((n) => (
        <span key={n.key} className={`mr-1 rounded bg-white/5 px-1 font-mono ${nameClass} line-through decoration-red-300/70`}>
          {n.text}
        </span>
      ))}
      {more && names.length > max && `and ${names.length - max} more`}
    </p>
  );
}

/** A row whose element has not arrived yet (the window is being fetched). */
export function PlaceholderRow() {
  return (
    <div className="flex h-full items-center px-3">
      <span className="h-2 w-1/3 rounded bg-white/5" />
    </div>
  );
}

/**
 * A table row of a value view that shows what the last command did to its
 * element: tinted with a bar on the left in the type's colour when written
 * (`hot`), in sky blue when read. `data` carries the row's own data-*
 * attributes (the member, rank, id ... tests and styles look for).
 */
export function TouchedRow({
  ref,
  state,
  hot,
  read,
  hue,
  data,
  children,
}: {
  ref?: React.Ref<HTMLDivElement>;
  state: string;
  hot: boolean;
  read: boolean;
  /** Literal Tailwind classes: the written row's tint and bar, and its background otherwise. */
  hue: { tint: string; bar: string; idle?: string };
  data: Record<`data-${string}`, string | number>;
  children: React.ReactNode;
}) {
  return (
    <div
      ref={ref}
      role="row"
      {...data}
      data-state={state}
      data-read={read || undefined}
      className={`relative flex h-full items-center gap-2 border-b border-white/[0.04] px-3 font-mono text-sm ${hot ? hue.tint : read ? 'bg-sky-400/12' : (hue.idle ?? '')}`}
    >
      {(hot || read) && <span aria-hidden="true" className={`absolute inset-y-0 left-0 w-[3px] ${hot ? hue.bar : 'bg-sky-300'}`} />}
      {children}
    </div>
  );
}

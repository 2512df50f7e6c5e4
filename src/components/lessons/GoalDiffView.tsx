/**
 * The goal drawn beside the key: for each check about a state, what the goal
 * wants and what the key holds now, element by element, each marked in
 * words and colour (never colour alone): in place, missing, extra, moved,
 * wrong value.
 */
import { useMemo } from 'react';
import { goalDiffs, type DiffItem, type GoalDiff, type Mark } from '../../curriculum/goal-diff';
import type { CheckSpec } from '../../curriculum/schema';
import { useLessons } from '../../store/lessons';

const MARK: Record<Mark, { word: string; cls: string; sign: string }> = {
  ok: { word: 'in place', cls: 'border-emerald-500/50 bg-emerald-950/40 text-emerald-100', sign: '✓' },
  missing: { word: 'missing', cls: 'border-dashed border-red-400/80 bg-transparent text-red-200', sign: '+' },
  extra: { word: 'extra', cls: 'border-amber-400/70 bg-amber-950/40 text-amber-100 line-through decoration-amber-300/70', sign: '−' },
  moved: { word: 'wrong position', cls: 'border-sky-400/70 bg-sky-950/40 text-sky-100', sign: '↕' },
  wrong: { word: 'wrong value', cls: 'border-rose-400/70 bg-rose-950/40 text-rose-100', sign: '≠' },
  free: { word: '', cls: 'border-edge bg-transparent text-muted', sign: '' },
};

const HEAD: Record<GoalDiff['type'], string> = { list: 'list', set: 'set', zset: 'sorted set', hash: 'hash', string: 'string' };

export function GoalDiffView({ checks }: { checks: readonly CheckSpec[] }) {
  const goalKeys = useLessons((s) => s.goalKeys);
  const diffs = useMemo(() => goalDiffs(checks, new Map(goalKeys.map((k) => [k.key, k]))), [checks, goalKeys]);
  const open = diffs.filter((d) => !d.met);
  if (open.length === 0) return null;
  return (
    <div className="mt-3 space-y-2" data-testid="goal-diff">
      {open.map((d, i) => (
        <figure key={`${d.key}-${i}`} className="rounded-lg border border-edge bg-ink/70 p-2" data-key={d.key}>
          <figcaption className="mb-1 text-xs text-muted">
            Goal beside now: {HEAD[d.type]} <span className="font-mono text-[#e6e9f2]">{d.key}</span>
            {d.problem && <span className="text-amber-200"> · {d.problem}</span>}
          </figcaption>
          <div className="grid grid-cols-2 gap-2">
            <Side title="Goal" items={d.goal} type={d.type} keyName={d.key} />
            <Side title="Now" items={d.now} type={d.type} keyName={d.key} empty={d.problem ?? 'empty'} />
          </div>
        </figure>
      ))}
      <p className="text-[11px] text-muted" aria-hidden="true">
        ✓ in place · ↕ wrong position · + missing · − extra · ≠ wrong value
      </p>
    </div>
  );
}

function Side({ title, items, type, keyName, empty }: { title: string; items: readonly DiffItem[]; type: GoalDiff['type']; keyName: string; empty?: string }) {
  const ranked = type === 'list' || type === 'zset';
  const List = ranked ? 'ol' : 'ul';
  return (
    <div className="min-w-0">
      <div className="mb-0.5 text-[11px] font-semibold tracking-widest text-muted uppercase">{title}</div>
      {items.length === 0 ? (
        <p className="text-xs text-muted italic">{empty}</p>
      ) : (
        <List className="space-y-0.5" aria-label={`${title}: ${HEAD[type]} ${keyName}`} data-side={title.toLowerCase()}>
          {items.map((it, i) => {
            const m = MARK[it.mark];
            return (
              <li key={i} className={`flex min-w-0 items-center gap-1 rounded border px-1 py-px font-mono text-[12px] ${m.cls}`} data-mark={it.mark}>
                {ranked && it.mark !== 'free' && <span className="w-4 shrink-0 text-right text-[10px] text-muted no-underline">{i}</span>}
                <span className="min-w-0 truncate" title={it.label}>
                  {it.label}
                  {it.value !== undefined && <span className="opacity-80">{type === 'zset' ? `: ${it.value}` : ` = ${it.value}`}</span>}
                </span>
                {m.word && (
                  <span className="ml-auto shrink-0 pl-0.5 font-sans text-[11px] font-bold no-underline" title={m.word}>
                    <span aria-hidden="true">{m.sign}</span>
                    <span className="sr-only">, {m.word}</span>
                  </span>
                )}
              </li>
            );
          })}
        </List>
      )}
    </div>
  );
}

/**
 * The engine clock: pause, play at 1x/10x/60x, jump ahead. The terminal,
 * lessons and the visualizer all run on this clock, so TTLs count down,
 * stop and jump together.
 */
import { clockText, useEngineNow, useClock, SPEEDS } from '../store/clock';

export function ClockControls() {
  const sample = useClock((s) => s.sample);
  const now = useEngineNow();
  const paused = sample?.paused ?? false;
  const speed = sample?.speed ?? 1;
  const c = useClock.getState;
  const btn = 'rounded px-2 py-1 text-xs font-medium whitespace-nowrap transition-colors hover:bg-white/10 focus-visible:outline-2';
  return (
    <div role="group" aria-label="Engine clock" className="flex items-center gap-1 rounded-lg border border-edge bg-ink/60 px-1.5 py-1" data-testid="clock">
      <span className="flex items-center gap-1.5 px-1 font-mono text-sm tabular-nums text-[#e6e9f2]" title="Engine time (TTLs count on this clock)">
        <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" className={paused ? 'text-amber-300' : 'text-emerald-300'}>
          <circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
          <path d="M8 4.5V8l2.5 1.5" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
        </svg>
        <span data-testid="clock-time">{clockText(now)}</span>
      </span>
      <button
        type="button"
        className={`${btn} ${paused ? 'bg-amber-300/15 text-amber-100' : 'text-[#e6e9f2]'}`}
        aria-pressed={paused}
        onClick={() => void (paused ? c().play() : c().pause())}
        title={paused ? 'Let time run again' : 'Freeze time: TTLs stop counting down'}
      >
        {paused ? '▶ Play' : '❚❚ Pause'}
      </button>
      <span className="mx-0.5 h-4 w-px bg-edge" aria-hidden="true" />
      {SPEEDS.map((s) => (
        <button
          key={s}
          type="button"
          aria-pressed={!paused && speed === s}
          aria-label={`${s}x: play at ${s} times speed`}
          className={`${btn} ${!paused && speed === s ? 'bg-white/15 text-white' : 'text-muted'}`}
          onClick={() => void c().play(s)}
        >
          {s}x
        </button>
      ))}
      <span className="mx-0.5 h-4 w-px bg-edge" aria-hidden="true" />
      <button type="button" className={`${btn} text-[#e6e9f2]`} onClick={() => void c().advance(10_000)} aria-label="+10 s: jump 10 seconds ahead">
        +10 s
      </button>
      <button type="button" className={`${btn} text-[#e6e9f2]`} onClick={() => void c().advance(60_000)} aria-label="+1 min: jump 1 minute ahead">
        +1 min
      </button>
    </div>
  );
}

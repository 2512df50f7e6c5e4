import { useEffect, useId } from 'react';
import { create } from 'zustand';
import { engineClient } from '../../../client/engine-client';
import { DASHBOARD_QUERIES, REFRESH_SECONDS, USERS, perMinute, simulateSecond, type SecondResult } from '../../../curriculum/sim';
import { markBackgroundClient, useLessons } from '../../../store/lessons';

const HISTORY = 90;

interface SimState {
  running: boolean;
  refill: boolean;
  t: number;
  history: SecondResult[];
  /** PostgreSQL queries since start whose answer equalled the previous answer. */
  identical: number;
  cached: string[];
}

/** One simulation per page, shared by every place the lesson shows it. */
const useSim = create<SimState>(() => ({ running: false, refill: false, t: 0, history: [], identical: 0, cached: [] }));

let timer: ReturnType<typeof setInterval> | undefined;
let appClient: number | undefined;
let ticking = false;

async function tick(): Promise<void> {
  if (ticking) return;
  ticking = true;
  try {
    const c = engineClient();
    if (appClient === undefined) {
      appClient = (await c.call('open', { name: 'dashboard-app', internal: true })).client;
      markBackgroundClient(appClient);
    }
    // The app's cache-aside read: one MGET for the three keys this second.
    const res = await c.call('exec', { client: appClient, argv: ['MGET', ...DASHBOARD_QUERIES.map((q) => q.key)] });
    const reply = res.reply;
    const cached = new Set<string>();
    if (reply?.t === 'array') reply.v.forEach((r, i) => r.t !== 'nil' && cached.add(DASHBOARD_QUERIES[i]!.key));
    const s = useSim.getState();
    const r = simulateSecond(s.t, cached, s.refill);
    for (const q of r.refills) {
      await c.call('exec', { client: appClient, argv: ['SET', q.key, q.value, 'EX', String(q.ttl)] });
    }
    const history = [...s.history, r].slice(-HISTORY);
    // Every PostgreSQL answer after the very first of its kind was the same data again.
    const identical = s.identical + Math.max(0, r.pgQueries - (s.t === 0 ? DASHBOARD_QUERIES.length : 0));
    useSim.setState({ t: s.t + 1, history, identical, cached: [...cached] });
  } catch {
    /* the worker restarted: try again next second */
    appClient = undefined;
  } finally {
    ticking = false;
  }
}

// Leaving the lesson (or closing it) stops the simulated app.
useLessons.subscribe((s, prev) => {
  if (s.lessonId !== prev.lessonId) stopSim();
});

export function startSim(): void {
  if (timer) return;
  useSim.setState({ running: true });
  void tick();
  timer = setInterval(() => void tick(), 1000);
}

export function stopSim(): void {
  if (timer) clearInterval(timer);
  timer = undefined;
  useSim.setState({ running: false });
}

function resetSim(): void {
  stopSim();
  useSim.setState({ t: 0, history: [], identical: 0, cached: [] });
}

/**
 * The live "speed problem": 200 users refreshing a dashboard every 30 s, three
 * PostgreSQL queries per load unless the answer is in Redis. Hits, misses and
 * database load are counted from the real engine's answers.
 */
export function DashboardSim({ compact = false, presenter = false }: { compact?: boolean; presenter?: boolean }) {
  const s = useSim();
  const resetCount = useLessons((st) => st.resetCount);
  const titleId = useId();

  // A lesson reset restarts the counters.
  useEffect(() => {
    if (resetCount > 0) resetSim();
  }, [resetCount]);

  const pg = perMinute(s.history, 'pgQueries');
  const hits = perMinute(s.history, 'hits');
  const loads = perMinute(s.history, 'loads');
  const last = s.history.slice(-5);
  const avgMs = last.length ? last.reduce((n, r) => n + r.avgLoadMs, 0) / last.length : 12;
  const big = presenter ? 'sim-value' : compact ? 'text-xl' : 'text-2xl';

  return (
    <figure className="my-4 rounded-xl border border-edge bg-ink p-3 not-prose" aria-labelledby={titleId} data-testid="dashboard-sim">
      <figcaption id={titleId} className={`mb-2 flex flex-wrap items-center gap-2 ${presenter ? 'sim-label' : 'text-sm'}`}>
        <span className="font-semibold text-white">Dashboard simulation</span>
        <span className="text-muted">
          {USERS} users · refresh every {REFRESH_SECONDS} s · 3 queries per load
        </span>
      </figcaption>
      <div className={`mb-3 flex flex-wrap gap-2 ${presenter ? 'sim-label' : 'text-sm'}`}>
        <button
          type="button"
          className={`rounded-md px-3 py-1 font-semibold ${s.running ? 'border border-edge text-white hover:bg-edge' : 'bg-redis-strong text-white hover:brightness-110'}`}
          onClick={() => (s.running ? stopSim() : startSim())}
          aria-pressed={s.running}
        >
          {s.running ? '❚❚ Pause' : s.t === 0 ? '▶ Start' : '▶ Resume'}
        </button>
        <label className="flex cursor-pointer items-center gap-1.5 rounded-md border border-edge px-2 py-1">
          <input type="checkbox" checked={s.refill} onChange={(e) => useSim.setState({ refill: e.target.checked })} />
          <span>App refills the cache on a miss</span>
        </label>
        {s.t > 0 && (
          <button type="button" className="rounded-md border border-edge px-2 py-1 text-muted hover:bg-edge hover:text-white" onClick={resetSim}>
            Restart counters
          </button>
        )}
      </div>
      <dl className={`grid gap-2 ${presenter ? 'grid-cols-4' : 'grid-cols-2'}`} aria-live="off">
        <Stat label="PostgreSQL queries / min" value={pg.toLocaleString('en-US')} tone={pg > 600 ? 'bad' : pg > 60 ? 'warn' : 'good'} big={big} testId="sim-pg" presenter={presenter} />
        <Stat label="Redis hits / min" value={hits.toLocaleString('en-US')} tone="good" big={big} testId="sim-hits" presenter={presenter} />
        <Stat label="Dashboard loads / min" value={loads.toLocaleString('en-US')} big={big} presenter={presenter} />
        <Stat label="Avg load time" value={`${avgMs.toFixed(1)} ms`} tone={avgMs > 5 ? 'bad' : 'good'} big={big} presenter={presenter} />
      </dl>
      <Chart history={s.history} wide={presenter} />
      <div className={`mt-2 flex flex-wrap gap-x-4 gap-y-1 text-muted ${presenter ? 'sim-label' : 'text-xs'}`}>
        {DASHBOARD_QUERIES.map((q) => {
          const hit = s.cached.includes(q.key);
          return (
            <span key={q.key} className="flex items-center gap-1">
              <span className={`inline-block h-2 w-2 rounded-full ${hit ? 'bg-emerald-400' : 'bg-redis'}`} aria-hidden="true" />
              {q.label}: <span className={hit ? 'text-emerald-300' : 'text-[#ffb4ad]'}>{hit ? 'from Redis' : `PostgreSQL (${q.pgMs} ms)`}</span>
            </span>
          );
        })}
      </div>
      {!compact && s.t > 0 && (
        <p className="mt-2 text-sm">
          PostgreSQL has answered <strong data-testid="sim-identical">{s.identical.toLocaleString('en-US')}</strong> queries with exactly the same data it returned before.
        </p>
      )}
      <p className="sr-only" aria-live="polite">
        {s.running && s.t % 10 === 0 && s.t > 0 ? `${pg} PostgreSQL queries a minute, ${hits} Redis hits a minute.` : ''}
      </p>
    </figure>
  );
}

function Stat({ label, value, tone, big, testId, presenter }: { label: string; value: string; tone?: 'good' | 'warn' | 'bad'; big: string; testId?: string; presenter?: boolean }) {
  const color = tone === 'bad' ? 'text-[#ff8a80]' : tone === 'warn' ? 'text-amber-300' : tone === 'good' ? 'text-emerald-300' : 'text-white';
  return (
    <div className="rounded-lg border border-edge bg-panel px-2 py-1.5">
      <dt className={`leading-tight text-muted ${presenter ? 'sim-label' : 'text-[11px]'}`}>{label}</dt>
      <dd className={`font-mono font-bold tabular-nums ${big} ${color}`} data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

/** PostgreSQL queries and Redis hits per second over the last 90 s (SVG; no animation). */
function Chart({ history, wide }: { history: readonly SecondResult[]; wide: boolean }) {
  const W = wide ? 640 : 360;
  const H = wide ? 56 : 110;
  const max = 25;
  const x = (i: number) => (i / (HISTORY - 1)) * W;
  const y = (v: number) => H - (Math.min(v, max) / max) * (H - 8) - 2;
  const offset = HISTORY - history.length;
  const line = (f: (r: SecondResult) => number) => history.map((r, i) => `${i === 0 ? 'M' : 'L'}${x(i + offset).toFixed(1)},${y(f(r)).toFixed(1)}`).join(' ');
  const area = history.length > 0 ? `${line((r) => r.pgQueries)} L${x(HISTORY - 1)},${H} L${x(offset)},${H} Z` : '';
  const label = 'Chart: PostgreSQL queries (red) and Redis hits (green) per second over the last 90 seconds';
  const plot = (
    <>
      {[0, 10, 20].map((v) => (
        <line key={v} x1={0} x2={W} y1={y(v)} y2={y(v)} stroke="#24304d" strokeWidth={1} />
      ))}
      {history.length > 0 && (
        <>
          <path d={area} fill="#ff4438" opacity={0.22} />
          <path d={line((r) => r.pgQueries)} fill="none" stroke="#ff6b5b" strokeWidth={2} />
          <path d={line((r) => r.hits)} fill="none" stroke="#34d399" strokeWidth={2} />
        </>
      )}
    </>
  );
  if (wide) {
    // On a projector the labels are HTML, sized for the back of the room (see lessons.css).
    return (
      <div className="mt-3" data-testid="sim-chart">
        <div className="sim-label flex flex-wrap items-center gap-x-4 text-[#e6e9f2]" aria-hidden="true">
          <span>per second, last 90 s:</span>
          <span className="flex items-center gap-1.5">
            <span className="inline-block h-[0.7em] w-[0.7em] bg-[#ff6b5b]" /> PostgreSQL
          </span>
          <span className="flex items-center gap-1.5">
            <span className="inline-block h-[0.7em] w-[0.7em] bg-[#34d399]" /> Redis hits
          </span>
          <span className="ml-auto text-[#a7b0c5]">0 · 10 · 20 /s</span>
        </div>
        <svg viewBox={`0 0 ${W} ${H}`} className="mt-1 w-full" role="img" aria-label={label}>
          {plot}
        </svg>
      </div>
    );
  }
  return (
    <svg viewBox={`0 0 ${W} ${H + 14}`} className="mt-3 w-full" role="img" aria-label={label}>
      {[0, 10, 20].map((v) => (
        <text key={v} x={2} y={y(v) - 2} fill="#8b93a7" fontSize={9}>
          {v}/s
        </text>
      ))}
      {plot}
      <text x={W} y={H + 12} fill="#8b93a7" fontSize={9} textAnchor="end">
        now
      </text>
      <text x={0} y={H + 12} fill="#8b93a7" fontSize={9}>
        −90 s
      </text>
      <g fontSize={10}>
        <rect x={W - 150} y={2} width={8} height={8} fill="#ff6b5b" />
        <text x={W - 138} y={10} fill="#e6e9f2">
          PostgreSQL
        </text>
        <rect x={W - 75} y={2} width={8} height={8} fill="#34d399" />
        <text x={W - 63} y={10} fill="#e6e9f2">
          Redis hits
        </text>
      </g>
    </svg>
  );
}

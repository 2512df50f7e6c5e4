/**
 * Widgets that run real commands on the engine through their own client
 * connections: one thread at a time, the lost update, check-and-act from
 * two clients, the rate limiter and the Venn view of two sets.
 */
import { useCallback, useEffect, useState } from 'react';
import { formatReply } from '../../../cli/format';
import { engineClient } from '../../../client/engine-client';
import type { KeySnapshot, Reply } from '../../../protocol/messages';
import { markBackgroundClient } from '../../../store/lessons';
import { typeIntoTerminal } from '../RunnableBlock';

const reducedMotion = () => typeof matchMedia !== 'undefined' && matchMedia('(prefers-reduced-motion: reduce)').matches;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Opens named background clients for a widget (their commands never count as the learner's). */
async function openClients(names: readonly string[]): Promise<number[]> {
  const c = engineClient();
  const ids: number[] = [];
  for (const name of names) {
    const { client } = await c.call('open', { name, internal: true });
    markBackgroundClient(client);
    ids.push(client);
  }
  return ids;
}

function closeClients(ids: readonly number[]): void {
  const c = engineClient();
  for (const id of ids) {
    markBackgroundClient(id, false);
    void c.call('close', { client: id });
  }
}

/**
 * A reply on one line: as redis-cli prints it, except that an aggregate is
 * summed up by its size (KEYS on the big database returns 100,000 keys).
 */
function show(r: Reply | undefined): string {
  if (!r) return '(blocked)';
  if (r.t === 'array' || r.t === 'set' || r.t === 'map' || r.t === 'push') return `${r.v.length} ${r.v.length === 1 ? 'item' : 'items'}`;
  return formatReply(r);
}

// ---- one thread ------------------------------------------------------------------------

const BIG_DB = '9';
const BIG_KEYS = 100_000;

interface Race {
  label: string;
  aCommand: string;
  aMs: number;
  bWaitMs: number;
}

/**
 * Client A runs a command that walks a large keyspace while client B sends
 * PING at the same moment. B's answer has to wait for A: one thread.
 */
export function SingleThread({ mode }: { mode: 'block' | 'keys-vs-scan' }) {
  const [status, setStatus] = useState<string>('');
  const [races, setRaces] = useState<Race[]>([]);
  const [busy, setBusy] = useState(false);

  const prepare = async (a: number) => {
    const c = engineClient();
    await c.call('exec', { client: a, argv: ['SELECT', BIG_DB] });
    const size = (await c.call('exec', { client: a, argv: ['DBSIZE'] })).reply;
    if (size?.t === 'int' && Number(size.v) >= BIG_KEYS) return;
    setStatus(`Filling database ${BIG_DB} with ${BIG_KEYS.toLocaleString('en-US')} keys…`);
    for (let i = 0; i < BIG_KEYS; i += 2000) {
      const argv = ['MSET'];
      for (let j = i; j < Math.min(BIG_KEYS, i + 2000); j++) argv.push(`user:${j}`, `u${j}`);
      await c.call('exec', { client: a, argv });
    }
  };

  const race = useCallback(async (argvA: string[], label: string) => {
    setBusy(true);
    const ids = await openClients(['demo A', 'demo B']);
    const [a, b] = ids as [number, number];
    try {
      const c = engineClient();
      await prepare(a);
      await c.call('exec', { client: b, argv: ['SELECT', BIG_DB] });
      setStatus(`A runs ${argvA.join(' ')} while B sends PING…`);
      const t0 = performance.now();
      let aDone = 0;
      const pa = c.call('exec', { client: a, argv: argvA }).then((r) => {
        aDone = performance.now() - t0;
        return r;
      });
      const pb = c.call('exec', { client: b, argv: ['PING'] }).then(() => performance.now() - t0);
      const [ra, bWait] = await Promise.all([pa, pb]);
      setRaces((rs) => [...rs.slice(-3), { label, aCommand: `${argvA.join(' ')} → ${show(ra.reply)}`, aMs: aDone, bWaitMs: bWait }]);
      setStatus('');
    } finally {
      closeClients(ids);
      setBusy(false);
    }
  }, []);

  const maxMs = Math.max(1, ...races.map((r) => Math.max(r.aMs, r.bWaitMs)));
  return (
    <figure className="my-4 rounded-xl border border-edge bg-ink p-3" data-testid="single-thread">
      <figcaption className="mb-2 text-sm text-muted">
        Two clients, one server thread. Database {BIG_DB} holds {BIG_KEYS.toLocaleString('en-US')} keys for this demo.
      </figcaption>
      <div className="flex flex-wrap gap-2 text-sm">
        <button type="button" disabled={busy} className="rounded-md bg-redis-strong px-3 py-1 font-semibold text-white hover:brightness-110 disabled:opacity-50" onClick={() => void race(['KEYS', 'user:4242*'], 'KEYS')}>
          A: KEYS user:4242* · B: PING
        </button>
        {mode === 'keys-vs-scan' && (
          <button type="button" disabled={busy} className="rounded-md border border-edge px-3 py-1 font-semibold text-white hover:bg-edge disabled:opacity-50" onClick={() => void race(['SCAN', '0', 'MATCH', 'user:4242*', 'COUNT', '100'], 'SCAN')}>
            A: SCAN 0 MATCH user:4242* COUNT 100 · B: PING
          </button>
        )}
      </div>
      {status && (
        <p className="mt-2 text-sm text-amber-200" role="status">
          {status}
        </p>
      )}
      {races.length > 0 && (
        <ol className="mt-3 space-y-3" aria-label="Results">
          {races.map((r, i) => (
            <li key={i} className="text-sm">
              <div className="font-mono text-xs text-muted">{r.aCommand}</div>
              <Bar label="A's command" ms={r.aMs} max={maxMs} color="#ff6b5b" />
              <Bar label="B's PING answered after" ms={r.bWaitMs} max={maxMs} color="#7dd3fc" />
              <p className="mt-1 text-xs">
                B's PING needs microseconds, yet it waited <strong>{r.bWaitMs.toFixed(1)} ms</strong> behind A.
                {r.label === 'KEYS' ? ` With 10 million keys that is about ${((r.aMs * 100) / 1000).toFixed(1)} s of frozen server.` : ' One SCAN batch is short: other clients get their turn between batches.'}
              </p>
            </li>
          ))}
        </ol>
      )}
    </figure>
  );
}

function Bar({ label, ms, max, color }: { label: string; ms: number; max: number; color: string }) {
  return (
    <div className="mt-1 grid grid-cols-[9.5em_1fr_4.5em] items-center gap-2 text-xs">
      <span className="text-muted">{label}</span>
      <div className="h-3 rounded-sm bg-panel">
        <div className="h-3 rounded-sm" style={{ width: `${Math.max(1, (ms / max) * 100)}%`, background: color }} />
      </div>
      <span className="text-right font-mono tabular-nums">{ms.toFixed(1)} ms</span>
    </div>
  );
}

// ---- lost update ------------------------------------------------------------------------

interface Line {
  who: 'A' | 'B' | '';
  text: string;
}

/** Two clients of a demo, run one step at a time so a person can follow. */
interface Duo {
  /** Runs `argv` as client A or B, adds the line it shows (`argv → reply`, then `note`), then pauses. */
  send(who: 'A' | 'B', argv: string[], note?: string): Promise<Reply | undefined>;
  /** Runs `argv` as client A without showing it (setting the scene, reading the outcome). */
  quiet(argv: string[]): Promise<Reply | undefined>;
  /** The pause between steps (none with reduced motion). */
  pause(): Promise<void>;
}

/** Opens two background clients named `names`, runs `body` with them, and closes them. */
async function withTwoClients(
  names: readonly [string, string],
  delayMs: number,
  addLine: (l: Line) => void,
  body: (duo: Duo) => Promise<void>,
  shown: (argv: string[]) => string = (argv) => argv.join(' '),
): Promise<void> {
  const ids = await openClients(names);
  const [a, b] = ids as [number, number];
  const c = engineClient();
  const delay = reducedMotion() ? 0 : delayMs;
  const pause = async () => {
    if (delay) await sleep(delay);
  };
  const exec = async (client: number, argv: string[]) => (await c.call('exec', { client, argv })).reply;
  try {
    await body({
      async send(who, argv, note = '') {
        const r = await exec(who === 'A' ? a : b, argv);
        addLine({ who, text: `${shown(argv)} → ${show(r)}${note}` });
        await pause();
        return r;
      },
      quiet: (argv) => exec(a, argv),
      pause,
    });
  } finally {
    closeClients(ids);
  }
}

/** Two workers count a page view: read-modify-write loses one, INCR never does. */
export function LostUpdate() {
  const [lines, setLines] = useState<Line[]>([]);
  const [result, setResult] = useState<string>('');
  const [busy, setBusy] = useState(false);
  const key = 'pageviews:race';

  const run = async (kind: 'getset' | 'incr') => {
    setBusy(true);
    setLines([]);
    setResult('');
    const addLine = (l: Line) => setLines((ls) => [...ls, l]);
    try {
      await withTwoClients(['worker A', 'worker B'], 650, addLine, async ({ send, quiet, pause }) => {
        await quiet(['SET', key, '10']);
        setLines([{ who: '', text: `${key} starts at 10. Two visits arrive at once.` }]);
        await pause();
        if (kind === 'getset') {
          const ra = await send('A', ['GET', key]);
          const rb = await send('B', ['GET', key], '   ← the same value!');
          const va = ra?.t === 'bulk' ? Number(ra.v) : 0;
          const vb = rb?.t === 'bulk' ? Number(rb.v) : 0;
          await send('A', ['SET', key, String(va + 1)]);
          await send('B', ['SET', key, String(vb + 1)], '   ← overwrites A');
        } else {
          await send('A', ['INCR', key]);
          await send('B', ['INCR', key]);
        }
        const final = await quiet(['GET', key]);
        const v = final?.t === 'bulk' ? final.v : '?';
        setResult(v === '12' ? `Final value 12: both visits counted.` : `Final value ${v}: two visits, but only one was counted. A lost update.`);
      });
    } finally {
      setBusy(false);
    }
  };

  return (
    <figure className="my-4 rounded-xl border border-edge bg-ink p-3" data-testid="lost-update">
      <figcaption className="mb-2 text-sm text-muted">Two workers, one counter, real commands on the engine.</figcaption>
      <div className="flex flex-wrap gap-2 text-sm">
        <button type="button" disabled={busy} onClick={() => void run('getset')} className="rounded-md border border-[#ff6b5b] px-3 py-1 font-semibold text-white hover:bg-red-950 disabled:opacity-50">
          Read, add one, write back
        </button>
        <button type="button" disabled={busy} onClick={() => void run('incr')} className="rounded-md border border-emerald-500 px-3 py-1 font-semibold text-white hover:bg-emerald-950 disabled:opacity-50">
          INCR
        </button>
      </div>
      {lines.length > 0 && (
        <ol className="mt-3 space-y-1 font-mono text-[12.5px]" aria-live="polite">
          {lines.map((l, i) => (
            <li key={i} className={`grid grid-cols-[5.5em_1fr] gap-2 ${l.who === 'B' ? 'text-sky-200' : l.who === 'A' ? 'text-amber-100' : 'text-muted'}`}>
              <span className="font-sans text-xs font-semibold">{l.who ? `Worker ${l.who}` : ''}</span>
              <span className="break-all">{l.text}</span>
            </li>
          ))}
        </ol>
      )}
      {result && (
        <p className={`mt-2 text-sm font-semibold ${result.startsWith('Final value 12') ? 'text-emerald-300' : 'text-[#ff8a80]'}`} role="status">
          {result}
        </p>
      )}
    </figure>
  );
}

// ---- check and act: two clients, one limit ---------------------------------------------

/** The limiter of the Lua lesson: allow and count while under ARGV[1], the window's expiry set on the first. */
export const LIMITER_SCRIPT =
  "local n = tonumber(redis.call('GET', KEYS[1]) or '0') if n >= tonumber(ARGV[1]) then return 0 end if redis.call('INCR', KEYS[1]) == 1 then redis.call('EXPIRE', KEYS[1], ARGV[2]) end return 1";

type LimitWay = 'read-then-write' | 'watch' | 'script';

/**
 * Two application servers each take one request for the same user at the
 * same moment; the limit is 5 and 4 are counted. Each way runs real commands
 * from two connections, interleaved as two servers would: read then write
 * lets both through (6 > 5), WATCH makes the second retry and refuse, a
 * script decides and writes in one step.
 */
export function LimitRace({ keyName, limit }: { keyName: string; limit: number }) {
  const [lines, setLines] = useState<Line[]>([]);
  const [result, setResult] = useState<{ ok: boolean; text: string } | undefined>();
  const [busy, setBusy] = useState(false);

  const run = async (way: LimitWay) => {
    setBusy(true);
    setLines([]);
    setResult(undefined);
    const addLine = (l: Line) => setLines((ls) => [...ls, l]);
    const shown = (argv: string[]) => (argv[0] === 'EVAL' ? `EVAL <limiter> 1 ${argv[3] ?? ''} ${argv.slice(4).join(' ')}` : argv.join(' '));
    const int = (r: Reply | undefined) => (r?.t === 'int' ? r.v : r?.t === 'bulk' ? Number(r.v) : 0);
    let allowed = 0;
    try {
      await withTwoClients(['app server A', 'app server B'], 350, addLine, async ({ send, quiet, pause }) => {
        await quiet(['SET', keyName, String(limit - 1)]);
        setLines([{ who: '', text: `${keyName} is at ${limit - 1} of ${limit}. One request each arrives at A and B at once: one may pass.` }]);
        await pause();
        if (way === 'read-then-write') {
          const na = int(await send('A', ['GET', keyName]));
          const nb = int(await send('B', ['GET', keyName], '   ← read before A wrote'));
          if (na < limit) {
            allowed++;
            await send('A', ['INCR', keyName], '   ← allowed');
          }
          if (nb < limit) {
            allowed++;
            await send('B', ['INCR', keyName], '   ← allowed too');
          }
        } else if (way === 'watch') {
          await send('A', ['WATCH', keyName]);
          await send('B', ['WATCH', keyName]);
          const na = int(await send('A', ['GET', keyName]));
          const nb = int(await send('B', ['GET', keyName]));
          if (na < limit) {
            await send('A', ['MULTI']);
            await send('A', ['INCR', keyName]);
            if ((await send('A', ['EXEC'], '   ← committed'))?.t === 'array') allowed++;
          }
          if (nb < limit) {
            await send('B', ['MULTI']);
            await send('B', ['INCR', keyName]);
            const r = await send('B', ['EXEC'], '   ← nil: the key changed, retry');
            if (r?.t === 'array') allowed++;
            else {
              await send('B', ['WATCH', keyName]);
              const again = int(await send('B', ['GET', keyName]));
              if (again >= limit) await send('B', ['UNWATCH'], '   ← at the limit: refused');
            }
          }
        } else {
          if (int(await send('A', ['EVAL', LIMITER_SCRIPT, '1', keyName, String(limit), '60'], '   ← allowed')) === 1) allowed++;
          if (int(await send('B', ['EVAL', LIMITER_SCRIPT, '1', keyName, String(limit), '60'], '   ← refused: read and write in one step')) === 1) allowed++;
        }
        const final = int(await quiet(['GET', keyName]));
        const ok = final <= limit;
        setResult({ ok, text: ok ? `${allowed} allowed, the counter is at ${final}: the limit held.` : `${allowed} allowed, the counter is at ${final}: over the limit of ${limit}.` });
      }, shown);
    } finally {
      setBusy(false);
    }
  };

  const button = (way: LimitWay, label: string, tone: string) => (
    <button type="button" disabled={busy} onClick={() => void run(way)} className={`rounded-md border ${tone} px-3 py-1 font-semibold text-white disabled:opacity-50`}>
      {label}
    </button>
  );
  return (
    <figure className="my-4 rounded-xl border border-edge bg-ink p-3" data-testid="limit-race">
      <figcaption className="mb-2 text-sm text-muted">Two app servers, one limit of {limit}: real commands on the engine from two connections.</figcaption>
      <div className="flex flex-wrap gap-2 text-sm">
        {button('read-then-write', 'GET, compare, INCR', 'border-[#ff6b5b] hover:bg-red-950')}
        {button('watch', 'WATCH and retry', 'border-amber-400 hover:bg-amber-950')}
        {button('script', 'One Lua script', 'border-emerald-500 hover:bg-emerald-950')}
      </div>
      {lines.length > 0 && (
        <ol className="mt-3 space-y-1 font-mono text-[12.5px]" aria-live="polite">
          {lines.map((l, i) =>
            l.who === '' ? (
              <li key={i} className="font-sans text-sm text-muted">
                {l.text}
              </li>
            ) : (
              <li key={i} className={`grid grid-cols-[5.5em_1fr] gap-2 ${l.who === 'B' ? 'text-sky-200' : 'text-amber-100'}`}>
                <span className="font-sans text-xs font-semibold">Server {l.who}</span>
                <span className="[overflow-wrap:anywhere]">{l.text}</span>
              </li>
            ),
          )}
        </ol>
      )}
      {result && (
        <p className={`mt-2 text-sm font-semibold ${result.ok ? 'text-emerald-300' : 'text-[#ff8a80]'}`} role="status">
          {result.text}
        </p>
      )}
    </figure>
  );
}

// ---- rate limit --------------------------------------------------------------------------

/** Watches keys through `inspect` and refreshes after every change event. */
function useKeySnapshots(keys: readonly string[]): KeySnapshot[] {
  const [snaps, setSnaps] = useState<KeySnapshot[]>([]);
  const joined = keys.join('\u0000');
  useEffect(() => {
    const c = engineClient();
    const list = joined.split('\u0000');
    let live = true;
    let pending = false;
    const refresh = async () => {
      if (pending) return;
      pending = true;
      try {
        const res = await c.call('inspect', { db: 0, keys: list });
        if (live) setSnaps([...res.keys]);
      } finally {
        pending = false;
      }
    };
    void refresh();
    const off = c.on((e) => {
      if (e.type === 'change' || e.type === 'clock') void refresh();
    });
    const t = setInterval(() => void refresh(), 1000);
    return () => {
      live = false;
      off();
      clearInterval(t);
    };
  }, [joined]);
  return snaps;
}

export function RateLimit({ keyName, limit, window }: { keyName: string; limit: number; window: number }) {
  const [snap] = useKeySnapshots([keyName]);
  const count = snap?.entry?.type === 'string' ? Number(snap.entry.value) : 0;
  const ttl = snap && snap.pttl > 0 ? Math.ceil(snap.pttl / 1000) : undefined;
  const attempt = async () => {
    await typeIntoTerminal([`INCR ${keyName}`]);
    const res = await engineClient().call('inspect', { db: 0, keys: [keyName] });
    const e = res.keys[0];
    if (e?.entry?.type === 'string' && e.entry.value === '1') await typeIntoTerminal([`EXPIRE ${keyName} ${window}`]);
  };
  const over = count > limit;
  return (
    <figure className="my-4 rounded-xl border border-edge bg-ink p-3" data-testid="rate-limit">
      <figcaption className="mb-2 text-sm text-muted">
        The login endpoint allows {limit} attempts per {window} s for each IP. The buttons type into the terminal.
      </figcaption>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <button type="button" className="rounded-md bg-redis-strong px-3 py-1 font-semibold text-white hover:brightness-110" onClick={() => void attempt()}>
          Attempt a login
        </button>
        <button type="button" className="rounded-md border border-edge px-3 py-1 hover:bg-edge" onClick={() => void typeIntoTerminal([`:clock +${window + 1}s`])}>
          Wait {window + 1} s
        </button>
      </div>
      <div className="mt-3 grid grid-cols-3 gap-2 text-center">
        <div className="rounded-lg border border-edge bg-panel p-2">
          <div className="text-[11px] text-muted">Attempts this window</div>
          <div className="font-mono text-2xl font-bold tabular-nums" data-testid="rl-count">
            {count}
          </div>
        </div>
        <div className="rounded-lg border border-edge bg-panel p-2">
          <div className="text-[11px] text-muted">Window resets in</div>
          <div className="font-mono text-2xl font-bold tabular-nums">{ttl !== undefined ? `${ttl} s` : count > 0 ? 'never!' : '—'}</div>
        </div>
        <div className={`rounded-lg border p-2 ${over ? 'border-[#ff6b5b] bg-red-950/50' : 'border-emerald-600 bg-emerald-950/30'}`} role="status">
          <div className="text-[11px] text-muted">The API answers</div>
          <div className={`text-lg font-bold ${over ? 'text-[#ff8a80]' : 'text-emerald-300'}`}>{count === 0 ? '—' : over ? '429 Too Many' : '200 OK'}</div>
        </div>
      </div>
      {count > 0 && ttl === undefined && <p className="mt-2 text-sm text-amber-300">This counter has no expiry: it would block the IP forever. Set EXPIRE on the first attempt.</p>}
    </figure>
  );
}

// ---- Venn ------------------------------------------------------------------------------------

/** Two sets drawn as overlapping circles, live as members change. */
export function Venn({ a, b }: { a: string; b: string }) {
  const [sa, sb] = useKeySnapshots([a, b]);
  const members = (s: KeySnapshot | undefined) => new Set(s?.entry?.type === 'set' ? s.entry.value : []);
  const A = members(sa);
  const B = members(sb);
  const onlyA = [...A].filter((m) => !B.has(m)).sort();
  const both = [...A].filter((m) => B.has(m)).sort();
  const onlyB = [...B].filter((m) => !A.has(m)).sort();
  const lines = (xs: string[], x: number) =>
    xs.slice(0, 6).map((m, i) => (
      <text key={m} x={x} y={88 + (i - (Math.min(xs.length, 6) - 1) / 2) * 19} fill="#fff" fontSize={16} textAnchor="middle">
        {m}
      </text>
    ));
  const short = (k: string) => k.split(':').slice(0, 2).join(':');
  const nameA = short(a).split(':').at(-1)!;
  const nameB = short(b).split(':').at(-1)!;
  return (
    <figure className="my-4 rounded-xl border border-edge bg-ink p-3" data-testid="venn">
      <svg viewBox="0 0 300 176" className="w-full" role="img" aria-label={`Only in ${a}: ${onlyA.join(', ') || 'nobody'}. In both: ${both.join(', ') || 'nobody'}. Only in ${b}: ${onlyB.join(', ') || 'nobody'}.`}>
        <circle cx={108} cy={92} r={74} fill="#f59e0b" fillOpacity={0.16} stroke="#f59e0b" strokeWidth={2} />
        <circle cx={192} cy={92} r={74} fill="#38bdf8" fillOpacity={0.16} stroke="#38bdf8" strokeWidth={2} />
        <text x={62} y={14} fill="#fbbf24" fontSize={14} fontWeight={700} textAnchor="middle">
          {short(a)}
        </text>
        <text x={238} y={14} fill="#7dd3fc" fontSize={14} fontWeight={700} textAnchor="middle">
          {short(b)}
        </text>
        {lines(onlyA, 70)}
        {lines(both, 150)}
        {lines(onlyB, 230)}
      </svg>
      <dl className="mt-2 grid grid-cols-3 gap-1 text-center text-xs">
        <div>
          <dt className="text-amber-300">only {nameA}</dt>
          <dd className="font-mono text-[11px] text-muted">SDIFF {nameA} {nameB}</dd>
        </div>
        <div>
          <dt className="text-white">both</dt>
          <dd className="font-mono text-[11px] text-muted">SINTER</dd>
        </div>
        <div>
          <dt className="text-sky-300">only {nameB}</dt>
          <dd className="font-mono text-[11px] text-muted">SDIFF {nameB} {nameA}</dd>
        </div>
      </dl>
      <p className="mt-1 text-center text-xs text-muted">
        SUNION: everyone in either circle ({new Set([...A, ...B]).size})
      </p>
    </figure>
  );
}


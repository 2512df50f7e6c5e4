/**
 * A string: numbers as a counter that ticks on INCR/DECR, JSON
 * pretty-printed when it parses, anything else as text. Python: a variable.
 */
import { useMemo } from 'react';
import type { Scene } from './layout/scene';
import { bytesToText, hllSummary, isIntegerString, isNumberString, jsonTokens, type JsonToken } from './layout/text';
import { formatCount } from './ui';

type StringScene = Extract<Scene, { type: 'string' }>;

const TOKEN_CLASS: Record<JsonToken['t'], string> = {
  key: 'text-violet-200',
  string: 'text-emerald-200',
  number: 'text-amber-200',
  literal: 'text-sky-200',
  punct: 'text-muted',
  space: '',
};

export function StringView({ scene, length, seq }: { scene: StringScene; length: number; seq: number }) {
  const text = useMemo(() => bytesToText(scene.value), [scene.value]);
  const json = useMemo(() => jsonTokens(text), [text]);
  const numeric = isIntegerString(scene.value) || isNumberString(scene.value);
  const hll = useMemo(() => hllSummary(scene.value), [scene.value]);
  return (
    <div className={`flex min-h-0 flex-1 flex-col gap-2 overflow-auto p-4 ${scene.read ? 'ring-2 ring-inset ring-sky-300/60' : ''}`} data-testid="string-view" tabIndex={0} aria-label="string value">
      {numeric ? (
        <Counter value={scene.value} prev={scene.prev} delta={scene.delta} seq={seq} />
      ) : hll ? (
        <div className="flex flex-col gap-2" data-testid="string-hll">
          <span className="text-[0.72rem] uppercase tracking-wide text-muted">HyperLogLog · {hll.encoding} encoding · {formatCount(length)} bytes</span>
          <p className="text-sm">
            {hll.cached !== undefined ? (
              <>
                About <span className="font-mono font-semibold text-amber-100" data-testid="hll-count">{formatCount(hll.cached)}</span> unique elements (the count PFCOUNT cached in the value).
              </>
            ) : (
              'Changed since the last count: PFCOUNT estimates it again and caches it in the value.'
            )}
          </p>
          <p className="text-sm text-muted">
            A string holding a sketch of registers, not the elements: PFADD adds, PFCOUNT estimates how many different ones were added (about 0.81 % error),
            PFMERGE unites sketches. It stays at most 12 KB however many elements go in; {hll.encoding === 'sparse' ? 'small ones are run-length encoded (sparse) until they grow.' : 'this one is dense: 16,384 registers of 6 bits.'}
          </p>
        </div>
      ) : json ? (
        <>
          <span className="text-[0.72rem] uppercase tracking-wide text-muted">JSON, pretty-printed</span>
          <pre className="min-h-0 rounded-md border border-edge bg-ink/70 p-3 font-mono text-sm leading-relaxed whitespace-pre-wrap break-words" data-testid="string-json">
            {json.map((t, i) => (
              <span key={i} className={TOKEN_CLASS[t.t]}>
                {t.v}
              </span>
            ))}
          </pre>
        </>
      ) : (
        <pre
          key={scene.prev !== undefined ? seq : undefined}
          className={`rounded-md border border-edge bg-ink/70 p-3 font-mono text-[0.95rem] leading-relaxed whitespace-pre-wrap break-all text-[#eef1f8] ${scene.prev !== undefined ? 'fade-in' : ''}`}
          data-testid="string-text"
        >
          {length === 0 ? <span className="text-muted">(empty string)</span> : text}
          {scene.truncated && <span className="text-muted"> … ({formatCount(length)} bytes in all)</span>}
        </pre>
      )}
    </div>
  );
}

function Counter({ value, prev, delta, seq }: { value: string; prev: string | undefined; delta: number | undefined; seq: number }) {
  const up = delta === undefined || delta >= 0;
  return (
    <div className="flex flex-1 flex-col items-center justify-center gap-2 py-4" data-testid="string-counter">
      <span className="text-[0.72rem] uppercase tracking-wide text-muted">counter · INCR / DECR / INCRBY</span>
      <div className={`relative overflow-hidden font-mono font-semibold tabular-nums text-amber-100 text-6xl`} style={{ lineHeight: 1.15 }}>
        {prev !== undefined && (
          <span key={`o${seq}`} aria-hidden="true" className={`absolute inset-0 text-center ${up ? 'roll-out-up' : 'roll-out-down'}`}>
            {prev}
          </span>
        )}
        <span key={`n${seq}`} className={`block text-center ${prev !== undefined ? (up ? 'roll-up' : 'roll-down') : ''}`} data-testid="counter-value">
          {value}
        </span>
      </div>
      {delta !== undefined && delta !== 0 && (
        <span key={`d${seq}`} className={`pop-in rounded-full px-2 py-0.5 font-mono text-sm ${delta > 0 ? 'bg-emerald-400/15 text-emerald-200' : 'bg-red-400/15 text-red-200'}`}>
          {delta > 0 ? `+${delta}` : delta}
        </span>
      )}
    </div>
  );
}

/**
 * The answer line: a SharedArrayBuffer through which the worker also writes
 * the answer to a request the page marked `answer: true`, so the page can
 * wait for it for a few milliseconds inside the same task (a key press) and
 * draw the reply in the very next frame. Only available when the page is
 * cross-origin isolated; postMessage answers every request regardless, and
 * the page ignores whichever copy comes second.
 *
 * Layout: Int32 [0] = id of the answer written last, Int32 [1] = its length
 * in UTF-16 code units (-1: too long, read the posted copy), then the answer
 * as JSON text, one code unit per Uint16.
 */
export const ANSWER_HEADER_BYTES = 8;
/** Room for answers up to about 256 K characters (what a terminal line prints is far less). */
export const ANSWER_CAPACITY = 256 * 1024;

/** A new answer line for a cross-origin isolated page, or undefined (elsewhere shared memory is not allowed). */
export function createAnswerLine(): SharedArrayBuffer | undefined {
  if (typeof SharedArrayBuffer === 'undefined' || typeof crossOriginIsolated === 'undefined' || !crossOriginIsolated) return undefined;
  try {
    return new SharedArrayBuffer(ANSWER_HEADER_BYTES + 2 * ANSWER_CAPACITY);
  } catch {
    return undefined;
  }
}

/** JSON for values JSON cannot carry: bigint, Infinity, NaN, -0. */
function replacer(_key: string, v: unknown): unknown {
  if (typeof v === 'bigint') return { $b: v.toString() };
  if (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0))) return { $n: Object.is(v, -0) ? '-0' : String(v) };
  return v;
}

function reviver(_key: string, v: unknown): unknown {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as { $b?: unknown; $n?: unknown };
    if (typeof o.$b === 'string' && Object.keys(o).length === 1) return BigInt(o.$b);
    if (typeof o.$n === 'string' && Object.keys(o).length === 1) return o.$n === '-0' ? -0 : Number(o.$n);
  }
  return v;
}

/** Worker side: writes an answer and wakes the page. */
export function writeAnswer(line: SharedArrayBuffer, id: number, answer: unknown): void {
  const head = new Int32Array(line, 0, 2);
  const text = JSON.stringify(answer, replacer);
  if (text.length <= ANSWER_CAPACITY) {
    const body = new Uint16Array(line, ANSWER_HEADER_BYTES, text.length);
    for (let i = 0; i < text.length; i++) body[i] = text.charCodeAt(i);
    Atomics.store(head, 1, text.length);
  } else {
    Atomics.store(head, 1, -1);
  }
  Atomics.store(head, 0, id);
  Atomics.notify(head, 0);
}

/**
 * Page side: spins until the answer to `id` is on the line or `maxMs` passed
 * (the main thread may not block in Atomics.wait). Returns it, or undefined.
 */
export function awaitAnswer(line: SharedArrayBuffer, id: number, maxMs: number, now: () => number = () => performance.now()): { value: unknown } | undefined {
  const head = new Int32Array(line, 0, 2);
  const deadline = now() + maxMs;
  while (Atomics.load(head, 0) !== id) {
    if (now() > deadline) return undefined;
  }
  const len = Atomics.load(head, 1);
  if (len < 0) return undefined;
  const body = new Uint16Array(line, ANSWER_HEADER_BYTES, len);
  let text = '';
  for (let i = 0; i < len; i += 8192) text += String.fromCharCode(...body.subarray(i, Math.min(len, i + 8192)));
  return { value: JSON.parse(text, reviver) };
}

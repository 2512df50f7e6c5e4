/**
 * The visualizer's view of the keyspace. The worker keeps the data; this
 * slice holds only what is on screen: a window of tree rows, the selected
 * key's window of elements (as a scene ready to animate), the last command's
 * touches and the sentence narrated about it. It is kept current from the
 * worker's change events: an event triggers a request for the *window*
 * again (coalesced: one request in flight per view), never a reload of the
 * whole keyspace.
 */
import { create } from 'zustand';
import type { EngineClient } from '../client/engine-client';
import type { ChangeEvent, KeySort, TreeRequest, TreeWindow, ValueRequest, ValueWindow, VennResult } from '../protocol/messages';
import { focusKey, narrate, selectedDb, touchesOf, type Touch } from '../visualizer/layout/events';
import { encodingNote } from '../visualizer/layout/encoding';
import { buildScene, type Scene } from '../visualizer/layout/scene';
import { display } from '../visualizer/layout/text';
import { setOpOf, type SetOpCall } from '../visualizer/layout/venn';
import { zsetWrittenMembers } from '../visualizer/layout/zset';
import { isBackgroundClient } from './terminals';

/** The keyspace panel's index in the worker. */
export const TREE_VIEW = 'keyspace';
/** Elements per key shown in the Python view. */
export const PY_PREVIEW = 6;

export interface Range {
  readonly offset: number;
  readonly limit: number;
}

export interface EncodingChange {
  readonly key: string;
  readonly type: string;
  readonly from: string;
  readonly to: string;
  readonly seq: number;
}

export interface KeyspaceState {
  db: number;
  pattern: string;
  sort: KeySort;
  /** Show the keyspace as Python structures. */
  python: boolean;
  tree: TreeWindow | undefined;
  range: Range;
  /** Keys in the database on screen. */
  total: number;
  dbSizes: readonly number[];
  /** Row to scroll to (after a reveal), with a sequence number to re-trigger. */
  scrollTo: { row: number; seq: number } | undefined;

  last: ChangeEvent | undefined;
  /** Events seen (restarts highlight animations). */
  seq: number;
  touches: ReadonlyMap<string, Touch>;

  selected: string | undefined;
  /** The value view follows the key each command touches. */
  follow: boolean;
  /** Follow (and show as "Last:") the commands of clients the learner does not own too. */
  followBackground: boolean;
  value: ValueWindow | undefined;
  scene: Scene | undefined;
  /** Bumped with every new scene (animations key on it). */
  sceneSeq: number;
  /** performance.now() when the scene was built (only fresh scenes animate). */
  sceneAt: number;
  valueRange: Range;
  /** Sorted sets: highest score first. */
  zReverse: boolean;
  venn: { call: SetOpCall; result: VennResult; seq: number } | undefined;
  encodingChange: EncodingChange | undefined;
  message: { text: string; seq: number };

  connect(client: EngineClient): () => void;
  /** Reloads the windows (after a lesson reset or a worker restart). Resolves when the tree is current. */
  load(client?: EngineClient): Promise<void>;
  /** `pre`: the windows fetched for this event beforehand (drawn in the same commit). */
  apply(e: ChangeEvent, pre?: Prefetched): void;
  setDb(db: number): void;
  setPattern(pattern: string): void;
  setSort(sort: KeySort): void;
  setPython(python: boolean): void;
  setRange(offset: number, limit: number): void;
  toggle(path: string, open: boolean): void;
  toggleAll(open: boolean): void;
  select(key: string | undefined): void;
  setFollow(follow: boolean): void;
  setValueRange(offset: number, limit: number): void;
  setZReverse(reverse: boolean): void;
  closeVenn(): void;
  announce(text: string): void;
}

/**
 * Windows asked for before an event is applied: the value of the key it
 * touched when that key is (or becomes) the selected one, and when it is far
 * from the tree rows on screen, the tree around it. Applying the event with
 * them draws everything in one commit, instead of the event's highlights
 * (or a "loading" state), a frame, and then the rows and the value.
 */
export interface Prefetched {
  readonly tree: { readonly req: TreeRequest; readonly w: TreeWindow } | undefined;
  readonly value: { readonly key: string; readonly db: number; readonly around: string | undefined; readonly v: ValueWindow };
}

/** How long an event waits for its windows before it is drawn without them. */
const PREFETCH_MS = 50;

let client: EngineClient | undefined;
let nextId = 1;
const newId = () => nextId++;

// Coalescing: one tree request and one value request in flight at a time.
let treeBusy = false;
let treeAgain = false;
const treeOps: Pick<TreeRequest, 'toggle' | 'reveal'>[] = [];
let ghostTimer: ReturnType<typeof setTimeout> | undefined;
let valueBusy = false;
let valueAgain = false;
let valueEvent: ChangeEvent | undefined;
let valueNote: string | undefined;
let vennSeq = 0;
let treeWaiters: (() => void)[] = [];

/**
 * User Timing marks for bench/visualizer.ts (only with `?vizbench` in the
 * URL): `viz:event` when a change event arrives, `viz:tree-commit` /
 * `viz:value-commit` when the views committed the windows it caused (see
 * KeyTree and ValuePane).
 */
const BENCH = typeof location !== 'undefined' && new URLSearchParams(location.search).has('vizbench');

export function mark(name: string): void {
  if (!BENCH) return;
  performance.clearMarks(name); // only the latest of each is kept: no growing timeline
  performance.mark(name);
}

/**
 * True when a command's effect on the tree is fully known from its event:
 * it rewrote only the selected key (whose window brings the new encoding),
 * which is on screen, in name order, and created, deleted and expired
 * nothing. Then no tree window is asked for.
 */
function patchedInPlace(e: ChangeEvent, db: number, s: KeyspaceState, touches: ReadonlyMap<string, Touch>, t: TreeWindow): boolean {
  if (s.python || s.sort !== 'name' || (e.truncated ?? 0) > 0 || e.expired.some((x) => x.db === db)) return false;
  const keys = e.keys.filter((m) => m.db === db);
  if (keys.length === 0 || s.selected === undefined) return false;
  return keys.every(
    (m) => m.type !== null && m.key === s.selected && touches.get(m.key) === 'written' && t.rows.some((r) => r.kind === 'key' && r.key === m.key && !r.gone),
  );
}

export const useKeyspace = create<KeyspaceState>((set, get) => {
  const treeRequest = (o: Pick<TreeRequest, 'toggle' | 'reveal'> | undefined): TreeRequest => {
    const s = get();
    return {
      view: TREE_VIEW,
      db: s.db,
      pattern: s.pattern.trim() === '' ? '*' : s.pattern,
      sort: s.sort,
      flat: s.python,
      offset: s.range.offset,
      limit: s.range.limit,
      ...(o?.toggle ? { toggle: o.toggle } : {}),
      // A key far from the rows on screen: its rows come with the reveal (one request, one commit).
      ...(o?.reveal !== undefined ? { reveal: o.reveal, around: true } : {}),
      ...(s.python ? { preview: PY_PREVIEW } : {}),
    };
  };

  /** Puts a tree window on screen; false when the view changed since it was asked for. */
  const acceptTree = (req: TreeRequest, w: TreeWindow): boolean => {
    const now = get();
    const fresh = now.db === req.db && (now.pattern.trim() || '*') === req.pattern && now.sort === req.sort && now.python === req.flat;
    if (!fresh) return false;
    const moved = w.offset !== req.offset; // taken around the revealed key
    const sameRange = now.range.offset === req.offset && now.range.limit === req.limit;
    if (!sameRange) treeAgain = true;
    set({
      tree: w,
      ...(moved && sameRange ? { range: { offset: w.offset, limit: req.limit } } : {}),
      total: w.dbSizes[w.db] ?? 0,
      dbSizes: w.dbSizes,
      ...(w.revealRow !== undefined && w.revealRow >= 0 ? { scrollTo: { row: w.revealRow, seq: (now.scrollTo?.seq ?? 0) + 1 } } : {}),
    });
    if (ghostTimer !== undefined) clearTimeout(ghostTimer);
    ghostTimer = w.ghostMs !== undefined ? setTimeout(() => refreshTree(), w.ghostMs + 30) : undefined;
    return true;
  };

  const refreshTree = (op?: Pick<TreeRequest, 'toggle' | 'reveal'>): void => {
    if (op) treeOps.push(op);
    if (client === undefined) return;
    if (treeBusy) {
      treeAgain = true;
      return;
    }
    treeBusy = true;
    const req = treeRequest(treeOps.shift());
    client
      .call('tree', req)
      .then((w) => {
        if (!acceptTree(req, w)) treeAgain = true;
      })
      .catch((err: unknown) => {
        // A restarted worker rejects pending calls (its restart event reloads); anything else is a bug to see.
        if (!/restart|stopped/i.test(String(err))) console.warn('keyspace tree window failed:', err);
      })
      .finally(() => {
        treeBusy = false;
        if (treeAgain || treeOps.length > 0) {
          treeAgain = false;
          refreshTree();
        } else {
          const w = treeWaiters;
          treeWaiters = [];
          for (const f of w) f();
        }
      });
  };

  const valueRequest = (key: string, db: number, event: ChangeEvent | undefined): { req: ValueRequest; around: string | undefined } => {
    const s = get();
    // Where the members a ZADD/ZINCRBY named went (a few: a 100,000-member ZADD probes none).
    const named = event ? zsetWrittenMembers(event.argv) : [];
    const probe = named.length <= 16 ? named : [];
    // One member moved (ZINCRBY, ZADD of one): the view follows it, so ask for the window around it.
    const around = named.length === 1 && event !== undefined && !/^(b?z(rem|popmin|popmax|mpop)|zremrange)/i.test(event.argv[0] ?? '') ? named[0] : undefined;
    const req: ValueRequest = {
      db,
      key,
      offset: s.valueRange.offset,
      limit: s.valueRange.limit,
      reverse: s.zReverse,
      ...(probe.length > 0 ? { probe } : {}),
      ...(around !== undefined ? { around } : {}),
    };
    return { req, around };
  };

  /** Puts a value window on screen as a scene; false when another key is selected now. */
  const acceptValue = (v: ValueWindow, key: string, db: number, event: ChangeEvent | undefined, around: string | undefined): boolean => {
    const now = get();
    if (now.selected !== key || now.db !== db) return false;
    const prev = now.value !== undefined && now.scene !== undefined ? { value: now.value, scene: now.scene } : undefined;
    const scene = buildScene(prev, v, event, newId);
    const patch: Partial<KeyspaceState> = { value: v, scene, sceneSeq: now.sceneSeq + 1, sceneAt: event ? performance.now() : 0 };
    // The worker moved the window (`around`): the range follows, so scrolling there asks for nothing more.
    if (v.type !== null && v.type !== 'string' && v.offset !== now.valueRange.offset && around !== undefined) patch.valueRange = { offset: v.offset, limit: now.valueRange.limit };
    const extra: string[] = [];
    if (scene.type === 'zset') {
      for (const m of scene.moves) {
        if (m.from !== null && m.from !== m.to) extra.push(`${display(m.member, 40)} moved from rank ${m.from} to rank ${m.to}.`);
        else if (m.from === null && event && /^z(add|incrby)$/i.test(event.argv[0] ?? '')) extra.push(`${display(m.member, 40)} is at rank ${m.to}.`);
      }
    }
    if (scene.type === 'string' && scene.delta !== undefined) extra.push(`${display(key, 40)} is now ${scene.value}.`);
    if (scene.type === 'stream') {
      const byId = new Map(scene.rows.map((r) => [r.id, r.data]));
      for (const id of scene.added.slice(0, 3)) {
        const f = byId.get(id)?.fields ?? [];
        const pairs = [];
        for (let i = 0; i + 1 < f.length && pairs.length < 4; i += 2) pairs.push(`${display(f[i]!, 20)} ${display(f[i + 1]!, 30)}`);
        extra.push(`New entry ${id} at the end${pairs.length > 0 ? `: ${pairs.join(', ')}` : ''}.`);
      }
      if (scene.added.length > 3) extra.push(`${scene.added.length - 3} more entries appended.`);
      for (const c of scene.groupChanges.slice(0, 3)) extra.push(`${c.text.charAt(0).toUpperCase()}${c.text.slice(1)}.`);
    }
    if (prev && prev.value.key === v.key && prev.value.type !== null && v.type !== null && prev.value.type === v.type && prev.value.encoding !== v.encoding) {
      const ch: EncodingChange = { key, type: v.type, from: prev.value.encoding, to: v.encoding, seq: (now.encodingChange?.seq ?? 0) + 1 };
      patch.encodingChange = ch;
      extra.push(`Encoding of ${display(key, 40)} changed from ${ch.from} to ${ch.to}: ${encodingNote(v.type, ch.from, ch.to)}.`);
    } else if (prev && prev.value.key !== v.key) {
      patch.encodingChange = undefined;
    }
    set(patch);
    // The tree row of this key takes what the window says (its encoding may have changed).
    const tr = get().tree;
    if (tr !== undefined && v.type !== null && tr.db === v.db) {
      const i = tr.rows.findIndex((r) => r.kind === 'key' && r.key === v.key && !r.gone);
      const r = tr.rows[i];
      if (r !== undefined && r.kind === 'key' && (r.encoding !== v.encoding || r.size !== v.length || r.type !== v.type || r.expireAt !== v.expireAt)) {
        const rows = tr.rows.slice();
        rows[i] = { ...r, type: v.type, size: v.length, encoding: v.encoding, expireAt: v.expireAt };
        set({ tree: { ...tr, rows } });
      }
    }
    if (extra.length > 0) valueNote = valueNote ? `${valueNote} ${extra.join(' ')}` : extra.join(' ');
    flushNote();
    return true;
  };

  /**
   * The windows to fetch before applying `e`, when nothing is in flight and
   * the database stays the same: the selected key's value when the command
   * touched it; for a key it selects, that key's value (from the start) and,
   * when it is not among the rows on screen, the tree around it. Resolves to
   * undefined after PREFETCH_MS.
   */
  const prefetchFor = (e: ChangeEvent): Promise<Prefetched | undefined> | undefined => {
    const s = get();
    const c = client;
    if (c === undefined || treeBusy || valueBusy || s.python || s.tree === undefined || s.tree.db !== s.db) return undefined;
    if (selectedDb(e) !== undefined || e.db !== s.db) return undefined;
    const db = s.db;
    const focus = s.follow ? focusKey(e, db) : undefined;
    let both: Promise<Prefetched>;
    if (focus === undefined || focus === s.selected) {
      const key = s.selected;
      if (key === undefined || !touchesOf(e, db).has(key)) return undefined;
      const { req, around } = valueRequest(key, db, e);
      both = c.call('value', req).then((v): Prefetched => ({ tree: undefined, value: { key, db, around, v } }));
    } else {
      const onScreen = s.tree.rows.some((r) => r.kind === 'key' && r.key === focus && !r.gone);
      const treeReq = onScreen ? undefined : treeRequest({ reveal: focus });
      const { req, around } = valueRequest(focus, db, e);
      both = Promise.all([treeReq ? c.call('tree', treeReq) : undefined, c.call('value', { ...req, offset: 0 })]).then(
        ([w, v]): Prefetched => ({ tree: treeReq && w ? { req: treeReq, w } : undefined, value: { key: focus, db, around, v } }),
      );
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), PREFETCH_MS);
    });
    return Promise.race([both, late])
      .catch(() => undefined)
      .finally(() => clearTimeout(timer));
  };

  const refreshValue = (e?: ChangeEvent, note?: string): void => {
    if (e !== undefined) valueEvent = e;
    if (note !== undefined) valueNote = valueNote ? `${valueNote} ${note}` : note;
    if (client === undefined) return;
    const s = get();
    if (s.selected === undefined) {
      set({ value: undefined, scene: undefined });
      flushNote();
      return;
    }
    if (valueBusy) {
      valueAgain = true;
      return;
    }
    valueBusy = true;
    const key = s.selected;
    const db = s.db;
    const event = valueEvent;
    valueEvent = undefined;
    const { req, around } = valueRequest(key, db, event);
    client
      .call('value', req)
      .then((v) => {
        if (!acceptValue(v, key, db, event, around)) valueAgain = true;
      })
      .catch(() => {
        /* restart */
      })
      .finally(() => {
        valueBusy = false;
        if (valueAgain) {
          valueAgain = false;
          refreshValue();
        }
      });
  };

  const flushNote = () => {
    if (valueNote) get().announce(valueNote);
    valueNote = undefined;
  };

  const loadVenn = (call: SetOpCall, db: number): void => {
    if (client === undefined) return;
    const seq = ++vennSeq;
    void client.call('venn', { db, keys: call.keys, sample: 12 }).then((result) => {
      if (seq !== vennSeq || get().db !== db) return;
      set({ venn: { call, result, seq } });
    });
  };

  return {
    db: 0,
    pattern: '',
    sort: 'name',
    python: false,
    tree: undefined,
    range: { offset: 0, limit: 60 },
    total: 0,
    dbSizes: [],
    scrollTo: undefined,
    last: undefined,
    seq: 0,
    touches: new Map(),
    selected: undefined,
    follow: true,
    followBackground: false,
    value: undefined,
    scene: undefined,
    sceneSeq: 0,
    sceneAt: 0,
    valueRange: { offset: 0, limit: 200 },
    zReverse: false,
    venn: undefined,
    encodingChange: undefined,
    message: { text: '', seq: 0 },

    connect(c) {
      client = c;
      // Change events are applied once per animation frame: a burst of commands (a long
      // paste) costs one render per frame, not one per command, and the terminal's
      // replies are never queued behind the views' rendering.
      const pending: ChangeEvent[] = [];
      let scheduled = false;
      let waiting = false;
      const flush = () => {
        scheduled = false;
        while (pending.length > 0 && !waiting) {
          const e = pending.shift()!;
          mark('viz:event');
          // The last event of a burst: its windows first (a millisecond or two), then all of it in one commit.
          const pre = pending.length === 0 ? prefetchFor(e) : undefined;
          if (pre === undefined) {
            get().apply(e);
            continue;
          }
          waiting = true;
          void pre.then((p) => {
            waiting = false;
            get().apply(e, p);
            flush();
          });
        }
      };
      const off = c.on((e) => {
        if (e.type === 'change') {
          pending.push(e);
          if (!scheduled) {
            scheduled = true;
            // Just after the next frame: the terminal paints its reply first, the views follow.
            if (typeof requestAnimationFrame === 'function' && typeof document !== 'undefined' && !document.hidden)
              requestAnimationFrame(() => setTimeout(flush, 0));
            else setTimeout(flush, 16);
          }
        } else if (e.type === 'restart') void get().load();
      });
      void get().load();
      return off;
    },

    load(c) {
      if (c !== undefined) client = c;
      const done = new Promise<void>((resolve) => treeWaiters.push(resolve));
      refreshTree();
      refreshValue();
      return client === undefined ? Promise.resolve() : done;
    },

    apply(e, pre) {
      const s = get();
      // A simulation's or widget's own connection: the tree shows its writes, but the view
      // does not jump to its keys and "Last:" keeps the learner's command.
      const learner = s.followBackground || !isBackgroundClient(e.clientId);
      if (s.follow && learner) {
        const target = selectedDb(e) ?? (e.command !== '' && !e.error && e.db !== s.db && (e.keys.length > 0 || e.reads.length > 0) ? e.db : undefined);
        if (target !== undefined && target !== s.db && target >= 0) get().setDb(target);
      }
      const db = get().db;
      const touches = touchesOf(e, db);
      if (learner) set({ last: e, seq: s.seq + 1, touches });
      const text = learner ? narrate(e, db) : '';

      let treeChanged = e.keys.some((m) => m.db === db) || e.expired.some((x) => x.db === db) || (e.truncated ?? 0) > 0;
      const op = setOpOf(e.argv);
      if (op !== null && learner && !e.error && e.db === db) loadVenn(op, db);

      let selected = get().selected;
      const focus = get().follow && learner ? focusKey(e, db) : undefined;
      let reveal: string | undefined;
      if (focus !== undefined && focus !== selected) {
        set({ selected: focus, valueRange: { offset: 0, limit: get().valueRange.limit }, value: undefined, scene: undefined, encodingChange: undefined });
        selected = focus;
        reveal = focus;
        if (op === null) set({ venn: undefined });
      } else if (focus !== undefined && touches.get(focus) === 'created') {
        reveal = focus;
      }
      // Show the event at once in the rows on screen (size, TTL, type); the window request
      // that follows brings what only the worker knows (new rows, order, encodings).
      const t = get().tree;
      let patched = false;
      if (t !== undefined && !get().python && treeChanged) {
        const metas = new Map(e.keys.filter((m) => m.db === db && m.type !== null).map((m) => [m.key, m]));
        const rows = t.rows.map((r) => {
          const m = r.kind === 'key' && !r.gone ? metas.get(r.key) : undefined;
          if (r.kind !== 'key' || m === undefined || m.type === null || (m.type === r.type && m.size === r.size && m.expireAt === r.expireAt)) return r;
          patched = true;
          return { ...r, type: m.type, size: m.size, expireAt: m.expireAt };
        });
        if (patched) set({ tree: { ...t, rows } });
      }
      // A key already on screen needs no reveal from the worker.
      const at = reveal !== undefined && t !== undefined && !get().python ? t.rows.findIndex((r) => r.kind === 'key' && r.key === reveal && !r.gone) : -1;
      if (at >= 0) {
        set({ scrollTo: { row: t!.offset + at, seq: (get().scrollTo?.seq ?? 0) + 1 } });
        reveal = undefined;
      }
      if (reveal !== undefined && !get().python) {
        if (pre?.tree === undefined || pre.tree.req.reveal !== reveal || !acceptTree(pre.tree.req, pre.tree.w)) refreshTree({ reveal });
        else if (treeAgain && !treeBusy) {
          // Scrolled while the windows were on their way: the rows for the new range follow.
          treeAgain = false;
          refreshTree();
        }
        treeChanged = false;
      }
      if (treeChanged && t !== undefined && patchedInPlace(e, db, get(), touches, t)) {
        // The patch above is the whole change (the encoding follows with the value window):
        // no tree request, no second commit.
        treeChanged = false;
        if (!patched) mark('viz:tree-commit');
      }
      if (treeChanged) refreshTree();
      if (selected !== undefined && touches.has(selected)) {
        const v = pre?.value;
        if (v !== undefined && v.key === selected && v.db === db) {
          if (text) valueNote = valueNote ? `${valueNote} ${text}` : text;
          if (!acceptValue(v.v, v.key, v.db, e, v.around)) refreshValue(e);
        } else refreshValue(e, text);
      } else if (text) get().announce(text);
    },

    setDb(db) {
      if (db === get().db) return;
      set({ db, range: { offset: 0, limit: get().range.limit }, selected: undefined, value: undefined, scene: undefined, venn: undefined, touches: new Map(), tree: undefined });
      refreshTree();
    },
    setPattern(pattern) {
      set({ pattern, range: { offset: 0, limit: get().range.limit } });
      refreshTree();
    },
    setSort(sort) {
      set({ sort });
      refreshTree();
    },
    setPython(python) {
      set({ python, range: { offset: 0, limit: get().range.limit } });
      refreshTree();
    },
    setRange(offset, limit) {
      const r = get().range;
      if (r.offset === offset && r.limit === limit) return;
      set({ range: { offset, limit } });
      refreshTree();
    },
    toggle(path, open) {
      refreshTree({ toggle: { path, open } });
    },
    toggleAll(open) {
      refreshTree({ toggle: { path: '', open, all: true } });
    },
    select(key) {
      if (key === get().selected) return;
      set({ selected: key, valueRange: { offset: 0, limit: get().valueRange.limit }, value: undefined, scene: undefined, encodingChange: undefined, venn: undefined });
      refreshValue();
    },
    setFollow(follow) {
      set({ follow });
    },
    setValueRange(offset, limit) {
      const r = get().valueRange;
      if (r.offset === offset && r.limit === limit) return;
      set({ valueRange: { offset, limit } });
      refreshValue();
    },
    setZReverse(reverse) {
      set({ zReverse: reverse, valueRange: { offset: 0, limit: get().valueRange.limit } });
      refreshValue();
    },
    closeVenn() {
      vennSeq++;
      set({ venn: undefined });
    },
    announce(text) {
      set({ message: { text, seq: get().message.seq + 1 } });
    },
  };
});

/**
 * The keyspace view model: keeps the visualizer's view state
 * (src/store/keyspace.ts) current from the engine's change events. An event
 * triggers a request for the *windows* on screen again (coalesced: one
 * request in flight per view), never a reload of the whole keyspace; it is
 * narrated in one sentence for screen readers, from what the engine says
 * the command did (element by element), never from its arguments.
 *
 * The engine client is given to `connectKeyspace`, which provides the
 * store's actions until it is disconnected.
 */
import type { StoreApi } from 'zustand';
import type { EngineClient } from '../../client/engine-client';
import type { ChangeEvent, TreeRequest, TreeWindow, ValueRequest, ValueWindow } from '../../protocol/messages';
import {
  DISCONNECTED,
  PY_PREVIEW,
  TREE_VIEW,
  useKeyspace,
  type EncodingChange,
  type KeyspaceActions,
  type KeyspaceState,
  type Prefetched,
} from '../../store/keyspace';
import { useSettings } from '../../store/settings';
import { isBackgroundClient } from '../../store/terminals';
import { focusKey, narrate, selectedDb, touchesOf, type Touch } from '../layout/events';
import { encodingNote } from '../layout/encoding';
import { buildScene, changeOf } from '../layout/scene';
import { display } from '../layout/text';
import { setOpOf, type SetOpCall } from '../layout/venn';

/** How long an event waits for its windows before it is drawn without them. */
const PREFETCH_MS = 50;

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

/**
 * Connects the view state to an engine client: provides the store's
 * actions, follows the client's events, loads the windows. Returns the
 * disconnect function.
 */
export function connectKeyspace(client: EngineClient, store: StoreApi<KeyspaceState> = useKeyspace): () => void {
  const get = store.getState;
  const set = store.setState;
  let nextId = 1;
  const newId = () => nextId++;
  // Coalescing: one tree request and one value request in flight at a time.
  let treeBusy = false;
  let treeAgain = false;
  /** Tree changes waiting for a request, with when each was asked for. */
  const treeOps: (Pick<TreeRequest, 'toggle' | 'reveal'> & { asked: number })[] = [];
  let ghostTimer: ReturnType<typeof setTimeout> | undefined;
  let valueBusy = false;
  let valueAgain = false;
  let valueEvent: ChangeEvent | undefined;
  let valueNote: string | undefined;
  let vennSeq = 0;
  let treeWaiters: (() => void)[] = [];
  let connected = true;

  const treeRequest = (o: Pick<TreeRequest, 'toggle' | 'reveal'> | undefined): TreeRequest => {
    const s = get();
    return {
      view: TREE_VIEW,
      ...(s.past !== undefined ? { at: s.past.id } : {}),
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
  const acceptTree = (req: TreeRequest, w: TreeWindow, asked = performance.now()): boolean => {
    const now = get();
    const fresh =
      now.db === req.db && (now.pattern.trim() || '*') === req.pattern && now.sort === req.sort && now.python === req.flat && now.past?.id === req.at;
    if (!fresh) return false;
    const moved = w.offset !== req.offset; // taken around the revealed key
    const sameRange = now.range.offset === req.offset && now.range.limit === req.limit;
    if (!sameRange) treeAgain = true;
    set({
      tree: w,
      ...(moved && sameRange ? { range: { offset: w.offset, limit: req.limit } } : {}),
      total: w.dbSizes[w.db] ?? 0,
      dbSizes: w.dbSizes,
      ...(w.revealRow !== undefined && w.revealRow >= 0 ? { scrollTo: { row: w.revealRow, seq: (now.scrollTo?.seq ?? 0) + 1, asked } } : {}),
    });
    if (ghostTimer !== undefined) clearTimeout(ghostTimer);
    ghostTimer = w.ghostMs !== undefined ? setTimeout(() => refreshTree(), w.ghostMs + 30) : undefined;
    return true;
  };

  const refreshTree = (op?: Pick<TreeRequest, 'toggle' | 'reveal'>): void => {
    if (op) {
      // Only the newest reveal matters: an older one still waiting would pull the view back to a key it has left.
      if (op.reveal !== undefined) for (let i = treeOps.length - 1; i >= 0; i--) if (treeOps[i]!.reveal !== undefined) treeOps.splice(i, 1);
      treeOps.push({ ...op, asked: performance.now() });
    }
    if (!connected) return;
    if (treeBusy) {
      treeAgain = true;
      return;
    }
    treeBusy = true;
    const op0 = treeOps.shift();
    const req = treeRequest(op0);
    client
      .call('tree', req)
      .then((w) => {
        if (!acceptTree(req, w, op0?.asked)) treeAgain = true;
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
    // One sorted-set member scored and still there (ZINCRBY, ZADD of one): the view follows it, so ask for the window around it.
    const scores = changeOf(event, db, key)?.scores;
    const around = scores?.length === 1 && scores[0]!.new !== null ? scores[0]!.member : undefined;
    const req: ValueRequest = {
      ...(s.past !== undefined ? { at: s.past.id } : {}),
      db,
      key,
      offset: s.valueRange.offset,
      limit: s.valueRange.limit,
      reverse: s.zReverse,
      ...(around !== undefined ? { around } : {}),
    };
    return { req, around };
  };

  /** Puts a value window on screen as a scene; false when another key is selected now. */
  const acceptValue = (v: ValueWindow, key: string, db: number, event: ChangeEvent | undefined, around: string | undefined, at?: number): boolean => {
    const now = get();
    if (now.selected !== key || now.db !== db || now.past?.id !== at) return false;
    const prev = now.value !== undefined && now.scene !== undefined ? { value: now.value, scene: now.scene } : undefined;
    const scene = buildScene(prev, v, event, newId);
    const patch: Partial<KeyspaceState> = { value: v, scene, sceneSeq: now.sceneSeq + 1, sceneAt: event ? performance.now() : 0 };
    // The worker moved the window (`around`): the range follows, so scrolling there asks for nothing more.
    if (v.type !== null && v.type !== 'string' && v.offset !== now.valueRange.offset && around !== undefined) patch.valueRange = { offset: v.offset, limit: now.valueRange.limit };
    const extra: string[] = [];
    if (scene.type === 'zset') {
      for (const m of scene.moves) {
        if (m.from !== null && m.from !== m.to) extra.push(`${display(m.member, 40)} moved from rank ${m.from} to rank ${m.to}.`);
        else if (m.from === null) extra.push(`${display(m.member, 40)} is at rank ${m.to}.`);
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
    if (!connected || treeBusy || valueBusy || s.python || s.tree === undefined || s.tree.db !== s.db) return undefined;
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
    if (!connected) return;
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
        if (!acceptValue(v, key, db, event, around, req.at)) valueAgain = true;
      })
      .catch(() => {
        /* restart, or a point of the timeline no longer reachable */
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
    if (!connected) return;
    const seq = ++vennSeq;
    void client.call('venn', { db, keys: call.keys, sample: 12 }).then((result) => {
      if (seq !== vennSeq || get().db !== db) return;
      set({ venn: { call, result, seq } });
    });
  };

  const load = (): Promise<void> => {
    const done = new Promise<void>((resolve) => treeWaiters.push(resolve));
    refreshTree();
    refreshValue();
    return connected ? done : Promise.resolve();
  };

  const actions: KeyspaceActions = {
    load,

    apply(e, pre) {
      const s = get();
      // An earlier point of the timeline is on screen: it does not change with new commands.
      // Back to now loads the windows again.
      if (s.past !== undefined) return;
      if (e.memory !== undefined || s.memory !== undefined) set({ memory: e.memory });
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
      const op = setOpOf(e.command, e.combination);
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
        set({ scrollTo: { row: t!.offset + at, seq: (get().scrollTo?.seq ?? 0) + 1, asked: performance.now() } });
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
    viewPast(past) {
      const was = get().past;
      if (was?.id === past?.id) return;
      vennSeq++;
      set({ past, venn: undefined, touches: new Map(), encodingChange: undefined, ...(past === undefined || was === undefined ? { value: undefined, scene: undefined } : {}) });
      refreshTree();
      refreshValue();
      const name = past === undefined ? '' : past.id === 0 ? 'the start of the timeline' : `step ${past.id}${past.label ? `, after ${past.label}` : ''}`;
      get().announce(past === undefined ? 'Back to now: the keyspace view shows the live keys again.' : `Viewing ${name}: the keyspace as it was then, read-only.`);
    },
  };
  set(actions);

  // "Follow demo clients" is a saved setting; the view state keeps a copy the events are checked against.
  set({ followBackground: useSettings.getState().followDemo });
  const offSettings = useSettings.subscribe((st) => {
    if (st.followDemo !== get().followBackground) set({ followBackground: st.followDemo });
  });

  // Change events are applied once per animation frame: a burst of commands (a long
  // paste) costs one render per frame, not one per command, and the terminal's
  // replies are never queued behind the views' rendering.
  const pending: ChangeEvent[] = [];
  let scheduled = false;
  let waiting = false;
  const flush = () => {
    scheduled = false;
    while (pending.length > 0 && !waiting && connected) {
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
        if (!connected) return;
        get().apply(e, p);
        flush();
      });
    }
  };
  const off = client.on((e) => {
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
  void load();
  return () => {
    connected = false;
    off();
    offSettings();
    if (ghostTimer !== undefined) clearTimeout(ghostTimer);
    set(DISCONNECTED);
  };
}

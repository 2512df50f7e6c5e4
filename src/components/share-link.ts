/**
 * Making and opening share links (src/share/codec.ts holds the format and
 * its checks). Making one reads the keyspace through an engine connection of
 * its own, as the rescue download does; opening one builds its keys in a
 * workspace of their own (`shared`), or in a lesson's when the link names a
 * lesson and the learner agreed: the learner's own keys are never replaced.
 */
import type { EngineClient } from '../client/engine-client';
import { linkId } from '../share/embed';
import { encodeShare, SHARE_MAX_KEYS, SHARE_MAX_LINK, type SharedState } from '../share/codec';
import { useKeyspace } from '../store/keyspace';
import { leaveLessons, loadCatalog, openLesson, useLessons } from '../store/lessons';
import { exportKeyspace } from './export-keyspace';

/** The workspace a share link's keys are built in (the learner's own keys stay in `free`). */
export const SHARED_WORKSPACE = 'shared';
/** Which link the shared workspace was built from (a hash of its data), to offer "continue where I left off". */
const SHARED_FROM = 'redis-playground:shared-link';

const DBS = 16;

export type MadeLink = { ok: true; url: string; keys: number; length: number } | { ok: false; message: string };

/** Keys in every database, without reading them. */
async function countKeys(client: EngineClient): Promise<number> {
  let n = 0;
  for (let db = 0; db < DBS; db++) n += (await client.call('keyInfo', { db, keys: [] })).dbsize;
  return n;
}

/** A link to the current keyspace (and lesson step, when given), or why there is none. */
export async function makeShareLink(client: EngineClient, lesson?: { id: string; step?: string }): Promise<MadeLink> {
  const keys = await countKeys(client);
  if (keys > SHARE_MAX_KEYS) {
    return {
      ok: false,
      message: `This keyspace has ${keys.toLocaleString('en')} keys; a share link holds at most ${SHARE_MAX_KEYS.toLocaleString('en')}. Delete some keys (or share from a lesson with fewer), or use Download your keys for a bigger one.`,
    };
  }
  const text = await exportKeyspace(client);
  const fragment = await encodeShare({ keys: text, ...(lesson ? { lesson: lesson.id, ...(lesson.step ? { step: lesson.step } : {}) } : {}) });
  const data = fragment.length - 'share='.length;
  if (data > SHARE_MAX_LINK) {
    return {
      ok: false,
      message: `These ${keys.toLocaleString('en')} keys make a link of ${data.toLocaleString('en')} characters, over the ${SHARE_MAX_LINK.toLocaleString('en')} a link may have (mail and chat cut longer ones). Share fewer or smaller values, or use Download your keys.`,
    };
  }
  const here = new URL(window.location.href);
  const url = `${here.origin}${here.pathname}#${fragment}`;
  return { ok: true, url, keys, length: url.length };
}

function readStorage(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

/** True when the shared workspace was built from this link (the learner may go on with it). */
export function sharedFrom(data: string): boolean {
  return readStorage(SHARED_FROM) === linkId(data);
}

/** The lesson and section a link names, checked against the curriculum. */
export async function linkLesson(state: SharedState): Promise<{ id: string; title: string; section: number; sectionTitle: string } | { missing: string } | undefined> {
  const id = state.payload.lesson;
  if (id === undefined) return undefined;
  const cat = await loadCatalog();
  const lesson = cat.lessons.find((l) => l.id === id);
  if (!lesson) return { missing: id };
  const at = state.payload.step ? lesson.sections.findIndex((s) => s.id === state.payload.step) : 0;
  const section = Math.max(0, at);
  return { id, title: lesson.title, section, sectionTitle: lesson.sections[section]?.title ?? '' };
}

/**
 * Builds a link's keys. `separate`: in the shared workspace (`continue`:
 * as the learner left it there); `lesson`: the named lesson opens at its
 * step with these keys in place of the lesson's own; `lesson-own`: the
 * lesson opens at its step with the learner's own keys of it.
 */
export async function loadShared(
  client: EngineClient,
  state: SharedState,
  data: string,
  how: 'separate' | 'continue' | 'lesson' | 'lesson-own',
): Promise<void> {
  await useLessons.getState().lessonSettled();
  if (how === 'lesson' || how === 'lesson-own') {
    const where = await linkLesson(state);
    if (where === undefined || 'missing' in where) throw new Error('the lesson it names is not in this playground');
    const ok = await openLesson(where.id, where.section, how === 'lesson' ? { keys: state.argv } : {});
    if (!ok) throw new Error(useLessons.getState().error ?? 'the lesson could not be opened');
    return;
  }
  // Out of any lesson first (its keys are saved), then into the link's own workspace.
  if (useLessons.getState().lessonId) await leaveLessons();
  await client.call('workspace', { name: SHARED_WORKSPACE, setup: how === 'continue' ? [] : state.argv, replace: how !== 'continue' });
  try {
    localStorage.setItem(SHARED_FROM, linkId(data));
  } catch {
    /* storage disabled: "continue" is not offered next time */
  }
  void useKeyspace.getState().load();
}

/** Back to the learner's own keys (the shared workspace is kept for "continue"). */
export async function leaveShared(): Promise<void> {
  await leaveLessons();
}

/** Removes the share data from the address (without a new history entry). */
export function dropShareFragment(): void {
  const u = new URL(window.location.href);
  if (!u.hash) return;
  window.history.replaceState(window.history.state, '', `${u.pathname}${u.search}`);
}

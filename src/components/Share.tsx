/**
 * Share links in the page: the Share button and its dialog (a link to the
 * keyspace, and the lesson step if the learner wants), the dialog a link
 * opens with (what it holds, and a choice: the learner's own keys are never
 * replaced without asking), and the bar shown while working on a link's keys.
 * Dialogs are native <dialog>s opened modally: focus moves in, stays in,
 * Esc closes, and focus returns to where it was.
 */
import { useEffect, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { EngineClient } from '../client/engine-client';
import { decodeShare, SHARE_MAX_KEYS, SHARE_MAX_LINK, shareData, ShareError, type SharedState } from '../share/codec';
import { selectLesson, useLessons } from '../store/lessons';
import { dropShareFragment, leaveShared, linkLesson, loadShared, makeShareLink, sharedFrom, SHARED_WORKSPACE, type MadeLink } from './share-link';

const BUTTON = 'rounded-md border border-edge px-2.5 py-1 text-sm text-[#d5dbea] hover:bg-ink hover:text-white disabled:opacity-50';
const PRIMARY = 'rounded-md bg-redis-strong px-2.5 py-1 text-sm font-semibold text-white hover:bg-redis disabled:opacity-60';

/** A modal dialog that is open while mounted; `onClose` runs on Esc and on its close buttons. */
function Modal({ label, describedBy, onClose, children, testId, alert }: { label: string; describedBy?: string; onClose: () => void; children: ReactNode; testId: string; alert?: boolean }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    // Focus goes back where it was when the dialog closes (the browser does it for showModal; kept here for sure).
    const back = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!d.open) d.showModal();
    return () => {
      if (d.open) d.close();
      if (back && back.isConnected) back.focus();
      else document.querySelector<HTMLElement>('[data-testid="terminal"] .xterm-helper-textarea')?.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      role={alert ? 'alertdialog' : undefined}
      aria-label={label}
      aria-describedby={describedBy}
      data-testid={testId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      className="m-auto w-[min(94vw,560px)] rounded-xl border border-edge bg-panel p-0 text-[#e6e9f2] shadow-2xl backdrop:bg-black/60"
    >
      <div className="flex flex-col gap-3 p-4 sm:p-5">{children}</div>
    </dialog>
  );
}

// ---- making a link --------------------------------------------------------------------

export function ShareButton({ client }: { client: EngineClient }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="whitespace-nowrap rounded-md border border-edge px-2 py-1 text-xs text-muted hover:bg-ink hover:text-white" onClick={() => setOpen(true)} data-testid="share-button" aria-haspopup="dialog">
        <span aria-hidden="true">⤴ </span><span className="max-sm:sr-only">Share</span>
      </button>
      {open && <ShareDialog client={client} onClose={() => setOpen(false)} />}
    </>
  );
}

function ShareDialog({ client, onClose }: { client: EngineClient; onClose: () => void }) {
  const lesson = useLessons(selectLesson);
  const section = useLessons((s) => s.section);
  const [withLesson, setWithLesson] = useState(true);
  const [result, setResult] = useState<{ key: string; made: MadeLink } | undefined>(undefined);
  const [copied, setCopied] = useState(false);
  const step = lesson?.sections[section];
  const include = lesson !== undefined && withLesson;
  const key = `${include ? `${lesson.id}/${section}` : 'keys'}`;
  const made = result?.key === key ? result.made : undefined;

  useEffect(() => {
    let gone = false;
    makeShareLink(client, include && lesson ? { id: lesson.id, ...(step && section > 0 ? { step: step.id } : {}) } : undefined).then(
      (m) => !gone && setResult({ key, made: m }),
      (e: unknown) => !gone && setResult({ key, made: { ok: false, message: `The keys could not be read: ${e instanceof Error ? e.message : String(e)}` } }),
    );
    return () => {
      gone = true;
    };
  }, [client, include, lesson, step, section, key]);

  const copy = () => {
    if (!made?.ok) return;
    const done = () => setCopied(true);
    if (navigator.clipboard?.writeText) void navigator.clipboard.writeText(made.url).then(done, () => selectLink());
    else selectLink();
  };
  const selectLink = () => document.querySelector<HTMLTextAreaElement>('#share-link-text')?.select();

  return (
    <Modal label="Share these keys" describedBy="share-what" onClose={onClose} testId="share-dialog">
      <h2 className="text-lg font-semibold text-white">Share these keys</h2>
      <p id="share-what" className="text-sm text-[#d5dbea]">
        A link that rebuilds {lesson ? 'this lesson’s' : 'your'} keys (every database, with their TTLs) for whoever opens it. The keys travel inside the link, after
        the <code>#</code>: no server ever sees them. Up to {SHARE_MAX_KEYS.toLocaleString('en')} keys and {SHARE_MAX_LINK.toLocaleString('en')} characters.
      </p>
      {lesson && (
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" className="mt-1" checked={withLesson} onChange={(e) => {
              setWithLesson(e.target.checked);
              setCopied(false);
            }} />
          <span>
            Open the lesson too: <strong className="text-white">{lesson.title}</strong>
            {step ? `, at “${step.title}”` : ''}
          </span>
        </label>
      )}
      <div aria-live="polite" data-testid="share-result">
        {made === undefined && <p className="text-sm text-muted">Reading the keys…</p>}
        {made?.ok === false && (
          <p className="rounded-md border border-amber-600 bg-amber-950 px-3 py-2 text-sm text-amber-50" data-testid="share-error">
            {made.message}
          </p>
        )}
        {made?.ok && (
          <div className="flex flex-col gap-2">
            <label htmlFor="share-link-text" className="text-sm text-[#d5dbea]">
              Link ({made.keys.toLocaleString('en')} key{made.keys === 1 ? '' : 's'}, {made.length.toLocaleString('en')} characters)
            </label>
            <textarea
              id="share-link-text"
              readOnly
              rows={3}
              value={made.url}
              onFocus={(e) => e.currentTarget.select()}
              className="w-full resize-none rounded-md border border-edge bg-ink p-2 font-mono text-xs break-all text-white"
              data-testid="share-link"
            />
            {copied && <p className="text-sm text-emerald-300">Copied.</p>}
          </div>
        )}
      </div>
      <div className="flex flex-wrap justify-end gap-2">
        <button type="button" className={PRIMARY} disabled={!made?.ok} onClick={copy}>
          Copy link
        </button>
        <button type="button" className={BUTTON} onClick={onClose}>
          Close
        </button>
      </div>
    </Modal>
  );
}

// ---- opening a link ---------------------------------------------------------------------

type Where = Awaited<ReturnType<typeof linkLesson>>;
type Incoming =
  | { kind: 'reading' }
  | { kind: 'bad'; message: string }
  | { kind: 'ask'; state: SharedState; data: string; where: Where; again: boolean }
  | { kind: 'loading'; state: SharedState; data: string; where: Where; again: boolean }
  | { kind: 'failed'; message: string };

const TYPE_WORD: Record<string, string> = { string: 'string', hash: 'hash', list: 'list', set: 'set', zset: 'sorted set', stream: 'stream' };

/** Watches the address for `#share=...` (on load, and when a link is pasted into this tab) and asks what to do. */
export function SharedLinkOpener({ client }: { client: EngineClient }) {
  const [incoming, setIncoming] = useState<Incoming | undefined>(undefined);
  useEffect(() => {
    let seq = 0;
    const read = () => {
      const data = shareData(window.location.hash);
      if (data === undefined) return;
      const mine = ++seq;
      setIncoming({ kind: 'reading' });
      void (async () => {
        try {
          const state = await decodeShare(data);
          const where = await linkLesson(state);
          if (where && 'missing' in where) throw new ShareError(`it names a lesson this playground does not have ("${where.missing}")`);
          if (mine === seq) setIncoming({ kind: 'ask', state, data, where, again: where === undefined && sharedFrom(data) });
        } catch (e) {
          const why = e instanceof ShareError ? e.message : 'it could not be read';
          if (mine === seq) setIncoming({ kind: 'bad', message: `This share link could not be opened because ${why}. Nothing was changed: your keys are as they were.` });
        }
      })();
    };
    read();
    window.addEventListener('hashchange', read);
    return () => window.removeEventListener('hashchange', read);
  }, []);

  if (incoming === undefined) return null;
  const close = () => {
    dropShareFragment();
    setIncoming(undefined);
  };
  if (incoming.kind === 'reading') return <p role="status" className="sr-only">Reading the share link…</p>;
  if (incoming.kind === 'bad' || incoming.kind === 'failed') {
    return (
      <Modal label="Share link not opened" describedBy="share-bad" onClose={close} testId="share-open-error" alert>
        <h2 className="text-lg font-semibold text-white">Share link not opened</h2>
        <p id="share-bad" className="text-sm text-[#d5dbea]" data-testid="share-open-message">
          {incoming.message}
        </p>
        <div className="flex justify-end">
          <button type="button" className={PRIMARY} onClick={close}>
            OK
          </button>
        </div>
      </Modal>
    );
  }
  const { state, data, where, again } = incoming;
  const busy = incoming.kind === 'loading';
  const go = (how: Parameters<typeof loadShared>[3]) => {
    setIncoming({ ...incoming, kind: 'loading' });
    loadShared(client, state, data, how).then(
      () => {
        // In the shared workspace the link stays in the address: a reload offers to go on with it.
        if (how !== 'separate' && how !== 'continue') dropShareFragment();
        setIncoming(undefined);
      },
      (e: unknown) =>
        setIncoming({ kind: 'failed', message: `The shared keys could not be loaded: ${e instanceof Error ? e.message.replace(/^ERR /, '') : String(e)}. Your keys are as they were.` }),
    );
  };
  const dbs = new Map<number, number>();
  for (const k of state.keys) dbs.set(k.db, (dbs.get(k.db) ?? 0) + 1);
  const shown = state.keys.slice(0, 8);
  const lesson = where && !('missing' in where) ? where : undefined;
  return (
    <Modal label="Open shared keys?" describedBy="share-holds" onClose={close} testId="share-open-dialog">
      <h2 className="text-lg font-semibold text-white">Open shared keys?</h2>
      <div id="share-holds" className="flex flex-col gap-2 text-sm text-[#d5dbea]">
        <p data-testid="share-summary">
          This link holds {state.keys.length === 0 ? 'an empty keyspace' : `${state.keys.length.toLocaleString('en')} key${state.keys.length === 1 ? '' : 's'}`}
          {dbs.size > 1 ? ` in ${dbs.size} databases (${[...dbs].map(([db, n]) => `${n} in db ${db}`).join(', ')})` : dbs.size === 1 && !dbs.has(0) ? ` in database ${[...dbs.keys()][0]}` : ''}
          {lesson ? (
            <>
              {' '}
              for the lesson <strong className="text-white">{lesson.title}</strong>, at “{lesson.sectionTitle}”
            </>
          ) : null}
          .
        </p>
        {shown.length > 0 && (
          <ul className="max-h-40 overflow-auto rounded-md border border-edge bg-ink px-3 py-2 font-mono text-xs" aria-label="Keys in the link">
            {shown.map((k) => (
              <li key={`${k.db}:${k.name}`}>
                {k.name} <span className="text-muted">({TYPE_WORD[k.type]}{k.db !== 0 ? `, db ${k.db}` : ''})</span>
              </li>
            ))}
            {state.keys.length > shown.length && <li className="text-muted">and {state.keys.length - shown.length} more</li>}
          </ul>
        )}
        <p>
          {lesson
            ? 'Load them into that lesson (your keys of that lesson are replaced; your keys outside lessons are not touched), or open the lesson with your own keys of it.'
            : again
              ? 'You opened this link before: go on with its keys as you left them, or start again from the link. Your own keys stay saved apart either way.'
              : 'They open in a workspace of their own, beside yours: your own keys stay saved and untouched, one click away. (The keys of a link opened before are replaced.)'}
        </p>
      </div>
      <div className="flex flex-wrap justify-end gap-2" aria-busy={busy}>
        {lesson ? (
          <>
            <button type="button" className={PRIMARY} disabled={busy} onClick={() => go('lesson')}>
              Load into the lesson
            </button>
            <button type="button" className={BUTTON} disabled={busy} onClick={() => go('lesson-own')}>
              Open the lesson with my keys
            </button>
          </>
        ) : (
          <>
            {again && (
              <button type="button" className={PRIMARY} disabled={busy} onClick={() => go('continue')}>
                Go on where I left off
              </button>
            )}
            <button type="button" className={again ? BUTTON : PRIMARY} disabled={busy} onClick={() => go('separate')}>
              {again ? 'Start again from the link' : 'Open in a separate workspace'}
            </button>
          </>
        )}
        <button type="button" className={BUTTON} disabled={busy} onClick={close}>
          Keep my keys
        </button>
      </div>
      {busy && (
        <p role="status" className="text-sm text-muted">
          Loading the keys…
        </p>
      )}
    </Modal>
  );
}

// ---- working on a link's keys --------------------------------------------------------------

/** The workspace the page is on, as the engine client last switched it. */
function useWorkspace(client: EngineClient): string {
  return useSyncExternalStore(
    (cb) => client.onWorkspace(cb),
    () => client.workspaceName,
  );
}

/** Says, while the shared keys are on, that the learner's own are safe, and brings them back. */
export function SharedBar({ client }: { client: EngineClient }) {
  const ws = useWorkspace(client);
  const [busy, setBusy] = useState(false);
  if (ws !== SHARED_WORKSPACE) return null;
  return (
    <div role="region" aria-label="Shared keys" data-testid="shared-bar" className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-sky-700 bg-sky-950 px-4 py-1.5 text-sm text-sky-50">
      <p className="min-w-0 flex-1">
        <strong className="font-semibold">Shared keys.</strong> You are working on the keys of a share link, in a workspace of their own. Your own keys are saved and untouched.
      </p>
      <button
        type="button"
        disabled={busy}
        className="rounded border border-current px-2 py-0.5 text-xs disabled:opacity-60"
        onClick={() => {
          setBusy(true);
          dropShareFragment();
          void leaveShared().finally(() => setBusy(false));
        }}
      >
        Back to my keys
      </button>
    </div>
  );
}

/**
 * Editing the selected key from the value pane: rename, delete, TTL, and
 * the value itself per type. Every control types its Redis command into the
 * terminal (see layout/edit.ts), so what the view does is always a command
 * the learner sees, and could have typed. Deleting asks first.
 */
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { commandLine } from '../cli/line';
import type { ValueWindow } from '../protocol/views';
import { useKeyspace } from '../store/keyspace';
import { activeSession } from '../store/terminals';
import { editCommand, type EditAction } from './layout/edit';
import { bytesToText, display, textToBytes } from './layout/text';

type Present = Exclude<ValueWindow, { type: null }>;

const input =
  'min-w-0 flex-1 rounded border border-edge bg-ink px-1.5 py-0.5 font-mono text-[13px] text-white placeholder:text-[#8d96ad] focus-visible:outline-2 focus-visible:outline-[#ffb4ad]';
const button =
  'shrink-0 rounded border border-edge px-2 py-0.5 text-xs text-white hover:bg-edge focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-[#ffb4ad]';

export function KeyEditor({ value }: { value: Present }) {
  const [problem, setProblem] = useState('');
  const [confirmDelete, setConfirmDelete] = useState(false);
  const key = value.key;

  const run = async (a: EditAction, after?: () => void): Promise<void> => {
    const cmd = editCommand(key, a);
    if (!Array.isArray(cmd)) {
      setProblem(cmd.problem);
      return;
    }
    setProblem('');
    const session = activeSession();
    if (!session) {
      setProblem('The terminal is not ready yet.');
      return;
    }
    await session.typeLine(commandLine(cmd));
    after?.();
  };

  return (
    <details className="relative z-10 max-h-[45%] shrink-0 overflow-auto border-t border-edge bg-panel px-3 py-1.5 text-xs" data-testid="key-editor">
      <summary className="cursor-pointer text-muted select-none hover:text-white focus-visible:outline-2 focus-visible:outline-[#ffb4ad]">
        Edit this key <span className="text-[#8d96ad]">(each change runs as a command in the terminal)</span>
      </summary>
      <div className="mt-2 space-y-1.5">
        <Row label="Rename to" initial={bytesToText(key)} action="Rename" onSubmit={(to) => run({ op: 'rename', to }, () => useKeyspace.getState().select(textToBytes(to)))} />
        <Row label="TTL (seconds)" initial="" placeholder="60" action="Set TTL" inputMode="numeric" onSubmit={(seconds) => run({ op: 'expire', seconds })}>
          {value.expireAt >= 0 && (
            <button type="button" className={button} onClick={() => void run({ op: 'persist' })}>
              Remove TTL
            </button>
          )}
        </Row>
        <TypeControls value={value} run={run} />
        {confirmDelete ? (
          <div role="alertdialog" aria-labelledby="delete-q" className="rounded-md border border-red-500/60 bg-red-950/40 p-2" data-testid="delete-confirm">
            <p id="delete-q" className="text-sm text-white">
              Delete <span className="font-mono">{display(key, 40)}</span>? This runs <span className="font-mono">DEL</span> (:undo brings it back).
            </p>
            <div className="mt-1.5 flex gap-2">
              <button
                type="button"
                autoFocus
                className="rounded bg-red-700 px-2.5 py-1 text-xs font-semibold text-white hover:bg-red-600"
                onClick={() => {
                  setConfirmDelete(false);
                  void run({ op: 'delete' });
                }}
              >
                Delete
              </button>
              <button type="button" className={button} onClick={() => setConfirmDelete(false)}>
                Cancel
              </button>
            </div>
          </div>
        ) : (
          <button type="button" className={`${button} border-red-500/60 text-red-200`} onClick={() => setConfirmDelete(true)}>
            Delete key…
          </button>
        )}
        <p role="status" className="text-amber-200">
          {problem}
        </p>
      </div>
    </details>
  );
}

/** The buttons under each type's fields: what each runs with the typed values (see `Pair`). */
type Actions = readonly { label: string; make: (a: string, b: string) => EditAction }[];
const HASH_ACTIONS: Actions = [
  { label: 'Set field', make: (field, v) => ({ op: 'hash-set', field, value: v }) },
  { label: 'Remove field', make: (field) => ({ op: 'hash-del', field }) },
];
const LIST_ACTIONS: Actions = [
  { label: 'Add at head', make: (v) => ({ op: 'list-push', end: 'head', value: v }) },
  { label: 'Add at tail', make: (v) => ({ op: 'list-push', end: 'tail', value: v }) },
  { label: 'Remove one', make: (v) => ({ op: 'list-rem', value: v }) },
];
const LIST_INDEX_ACTIONS: Actions = [{ label: 'Set at index', make: (index, v) => ({ op: 'list-set', index, value: v }) }];
const SET_ACTIONS: Actions = [
  { label: 'Add member', make: (member) => ({ op: 'set-add', member }) },
  { label: 'Remove member', make: (member) => ({ op: 'set-rem', member }) },
];
const ZSET_ACTIONS: Actions = [
  { label: 'Add / set score', make: (member, score) => ({ op: 'zset-add', member, score }) },
  { label: 'Remove member', make: (member) => ({ op: 'zset-rem', member }) },
];
const STREAM_ACTIONS: Actions = [{ label: 'Append entry', make: (field, v) => ({ op: 'stream-add', field, value: v }) }];

function TypeControls({ value, run }: { value: Present; run: (a: EditAction) => Promise<void> }) {
  switch (value.type) {
    case 'string':
      return <StringEdit key={`${value.key}\u0000${value.value}`} value={value} run={run} />;
    case 'hash':
      return <Pair first="field" second="value" suggestions={value.entries.map(([f]) => f)} actions={HASH_ACTIONS} run={run} />;
    case 'list':
      return (
        <>
          <Pair first="element" suggestions={value.items} actions={LIST_ACTIONS} run={run} />
          <Pair first="index" second="new element" actions={LIST_INDEX_ACTIONS} run={run} />
        </>
      );
    case 'set':
      return <Pair first="member" suggestions={value.members} actions={SET_ACTIONS} run={run} />;
    case 'zset':
      return <Pair first="member" second="score" suggestions={value.items.map(([m]) => m)} actions={ZSET_ACTIONS} run={run} />;
    case 'stream':
      return <Pair first="field" second="value" actions={STREAM_ACTIONS} run={run} />;
  }
}

function StringEdit({ value, run }: { value: Extract<Present, { type: 'string' }>; run: (a: EditAction) => Promise<void> }) {
  const id = useId();
  const [text, setText] = useState(value.truncated ? '' : bytesToText(value.value));
  return (
    <form
      className="flex items-start gap-1.5"
      onSubmit={(e) => {
        e.preventDefault();
        void run({ op: 'set-string', value: text });
      }}
    >
      <label htmlFor={id} className="w-24 shrink-0 pt-0.5 text-muted">
        Value
      </label>
      <textarea id={id} rows={2} className={input} value={text} onChange={(e) => setText(e.target.value)} placeholder={value.truncated ? 'too long to edit here: type a new value' : ''} />
      <button type="submit" className={button}>
        Save value
      </button>
    </form>
  );
}

/** A labelled text field with a submit button (and extra controls after it). */
function Row(props: {
  label: string;
  initial: string;
  placeholder?: string;
  action: string;
  inputMode?: 'numeric';
  onSubmit: (text: string) => Promise<void>;
  children?: ReactNode;
}) {
  const id = useId();
  const [text, setText] = useState(props.initial);
  return (
    <form
      className="flex items-center gap-1.5"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        void props.onSubmit(text);
      }}
    >
      <label htmlFor={id} className="w-24 shrink-0 text-muted">
        {props.label}
      </label>
      <input id={id} className={input} value={text} placeholder={props.placeholder} inputMode={props.inputMode} onChange={(e) => setText(e.target.value)} />
      <button type="submit" className={button}>
        {props.action}
      </button>
      {props.children}
    </form>
  );
}

/** One or two fields and the commands that use them; the first action is Enter's. */
function Pair(props: {
  first: string;
  second?: string;
  suggestions?: readonly string[];
  actions: Actions;
  run: (a: EditAction) => Promise<void>;
}) {
  const id = useId();
  const [a, setA] = useState('');
  const [b, setB] = useState('');
  const fire = (i: number) => void props.run(props.actions[i]!.make(a, b));
  return (
    <form
      className="flex flex-wrap items-center gap-1.5"
      onSubmit={(e) => {
        e.preventDefault();
        fire(0);
      }}
    >
      <input
        aria-label={props.first}
        placeholder={props.first}
        className={`${input} max-w-[12rem]`}
        value={a}
        onChange={(e) => setA(e.target.value)}
        list={props.suggestions ? `${id}-list` : undefined}
      />
      {props.suggestions && (
        <datalist id={`${id}-list`}>
          {props.suggestions.slice(0, 50).map((s) => (
            <option key={s} value={bytesToText(s)} />
          ))}
        </datalist>
      )}
      {props.second && <input aria-label={props.second} placeholder={props.second} className={`${input} max-w-[12rem]`} value={b} onChange={(e) => setB(e.target.value)} />}
      {props.actions.map((x, i) => (
        <button key={x.label} type={i === 0 ? 'submit' : 'button'} className={button} onClick={i === 0 ? undefined : () => fire(i)}>
          {x.label}
        </button>
      ))}
    </form>
  );
}

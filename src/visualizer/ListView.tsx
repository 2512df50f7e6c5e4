/**
 * A list as a horizontal deque of boxes with both index rulers (0..n-1 on
 * top, -n..-1 below). LPUSH slides boxes in from the left, RPOP sends one
 * out to the right, LTRIM fades out what it cut, LMOVE carries a box across,
 * LRANGE lights up the range read. Windowed: a million boxes scroll.
 */
import { memo, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Scene } from './layout/scene';
import { animate, useCommandMotion, useReducedMotion, useStripSlide } from './motion';
import { commonShift } from './layout/keyed';
import type { Box } from './layout/list';
import { display } from './layout/text';
import { RemovedNote, formatCount } from './ui';
import { sameRow, useElementList } from './useValueWindow';
import { VirtualList } from './VirtualList';

const W = 84;

type ListValueScene = Extract<Scene, { type: 'list' }>;

/** Animate only what the last command changed, not boxes scrolled into view later. */
export function ListView({ scene, length, seq, sceneAt }: { scene: ListValueScene; length: number; seq: number; sceneAt: number }) {
  const w = W;
  const reduced = useReducedMotion();
  const { byIndex, removed: leaving, list } = useElementList(scene.boxes, length, w);
  // Every box on screen shifted by the same step (LPUSH, LPOP, LTRIM): the strip slides once.
  const shift = useMemo(() => commonShift(scene.boxes), [scene]);
  const strip = useStripSlide(shift, W, true, 420, seq, sceneAt);
  const read = scene.read;
  const firstEnter = scene.boxes.find((b) => b.state === 'enter');
  // Follow the action (an element pushed at the tail of a long list, the range LRANGE read);
  // Home/End from the keyboard win until the next command.
  const [keyJump, setKeyJump] = useState<{ index: number; n: number; scene: number } | undefined>(undefined);
  const auto = firstEnter?.side === 'right' ? length - 1 : firstEnter?.side === 'left' ? 0 : read ? read.start : undefined;
  const jump =
    keyJump && keyJump.scene === seq ? { index: keyJump.index, seq: -keyJump.n } : auto !== undefined && sceneAt > 0 ? { index: auto, seq } : undefined;

  return (
    <div className="flex min-h-0 flex-1 flex-col justify-center gap-2 py-2">
      <div className="flex items-center justify-between px-4 text-[0.72rem] text-muted">
        <span aria-hidden="true">← head · LPUSH / LPOP</span>
        <span aria-hidden="true">RPUSH / RPOP · tail →</span>
      </div>
      <VirtualList
        {...list}
        horizontal
        role="list"
        aria-label={`list elements, ${formatCount(length)} in total; use the arrow keys to scroll`}
        data-testid="list-view"
        className="h-[124px] shrink-0 px-3"
        overscan={4}
        scrollTo={jump}
        onKeyDown={(e) => {
          if (e.key === 'Home' || e.key === 'End') {
            e.preventDefault();
            setKeyJump((j) => ({ index: e.key === 'Home' ? 0 : length - 1, n: (j?.n ?? 0) + 1, scene: seq }));
          }
        }}
        stripRef={strip}
        renderItem={(i) => (
          <ListBox
            box={byIndex.get(i)}
            index={i}
            length={length}
            width={w}
            seq={seq}
            sceneAt={sceneAt}
            inRead={read !== null && i >= read.start && i <= read.stop}
            strip={shift !== 0}
          />
        )}
        overlay={(pos) => (
          <>
            {!reduced && leaving.map((b) => <LeavingBox key={`l${b.id}-${seq}`} box={b} x={pos(b.index)} width={w} />)}
            {read && <ReadBracket x1={pos(read.start)} x2={pos(read.stop) + w} />}
          </>
        )}
      />
      {leaving.length > 0 && (
        <RemovedNote
          label={leaving[0]!.side === 'left' ? 'Left the head: ' : leaving[0]!.side === 'right' ? 'Left the tail: ' : 'Cut: '}
          names={leaving.map((b) => ({ key: b.id, text: display(b.value, 16) }))}
          more
          className="px-4 text-xs text-muted"
          nameClass="text-[#cfd6e6]"
          testId="list-removed"
        />
      )}
      {read && (
        <p className="px-4 text-xs text-sky-200" data-testid="list-read">
          Read indexes {read.start}..{read.stop} ({read.stop - read.start + 1} {read.stop === read.start ? 'element' : 'elements'})
        </p>
      )}
    </div>
  );
}

/** How a box's face moves in after a command (none: it stayed, or the whole strip slides). */
type FaceMotion = { readonly kind: 'slide'; readonly dx: number } | { readonly kind: 'enter'; readonly dx: number } | { readonly kind: 'pop' } | { readonly kind: 'changed' };

/**
 * One slot: the element's two indexes (plain text, updated in place when a
 * push shifts them) around its box. Re-rendered when its index, the length
 * or its element changes; the box inside only when its own look changes.
 */
const ListBox = memo(
  ListBoxView,
  sameRow(['index', 'length', 'width', 'inRead', 'strip'], (p) => p.box, (a, b) => a.value === b.value),
);

function ListBoxView({
  box,
  index,
  length,
  width,
  seq,
  sceneAt,
  inRead,
  strip,
}: {
  box: Box | undefined;
  index: number;
  length: number;
  width: number;
  seq: number;
  sceneAt: number;
  inRead: boolean;
  /** The whole strip slides this command: moved boxes ride along. */
  strip: boolean;
}) {
  const state = box?.state ?? 'stay';
  const tone =
    state === 'enter'
      ? 'border-emerald-400 bg-emerald-400/15 text-emerald-50'
      : state === 'changed'
        ? 'border-amber-300 bg-amber-300/15 text-amber-50'
        : inRead
          ? 'border-sky-300 bg-sky-400/15 text-sky-50'
          : 'border-[#2f4a4a] bg-[#0f2422] text-[#e3f5ef]';
  let motion: FaceMotion | undefined;
  if (box?.state === 'moved' && box.from !== null && !strip) motion = { kind: 'slide', dx: (box.from - box.index) * width };
  else if (box?.state === 'enter') motion = strip ? { kind: 'pop' } : { kind: 'enter', dx: box.side === 'left' ? -width : box.side === 'right' ? width : 0 };
  else if (box?.state === 'changed') motion = { kind: 'changed' };
  return (
    <div className="flex h-full flex-col items-stretch px-[3px] font-mono" role="listitem" data-index={index} data-value={box?.value} data-state={state}>
      <span className="h-5 text-center text-[0.7rem] leading-5 text-muted">{index}</span>
      <BoxFace value={box?.value} tone={tone} motion={motion} seq={seq} sceneAt={sceneAt} />
      <span className="h-5 text-center text-[0.7rem] leading-5 text-muted">{index - length}</span>
      {state === 'enter' && <span className="sr-only">new</span>}
    </div>
  );
}

/** The box itself: skipped when only its indexes changed (a push shifted it). */
const BoxFace = memo(BoxFaceView, (p, n) => p.value === n.value && p.tone === n.tone && p.motion === undefined && n.motion === undefined);

function BoxFaceView({ value, tone, motion, seq, sceneAt }: { value: string | undefined; tone: string; motion: FaceMotion | undefined; seq: number; sceneAt: number }) {
  const ref = useCommandMotion(seq, sceneAt, (el) => {
    if (motion === undefined) return;
    if (motion.kind === 'slide') {
      animate(el, [{ transform: `translateX(${motion.dx}px)` }, { transform: 'translateX(0)' }], { duration: 420 });
    } else if (motion.kind === 'enter') {
      const dx = motion.dx;
      animate(el, [{ transform: `translateX(${dx}px) scale(${dx === 0 ? 0.7 : 1})`, opacity: 0 }, { transform: 'translateX(0) scale(1)', opacity: 1 }], { duration: 460, fill: 'backwards' });
    } else if (motion.kind === 'pop') {
      // It slides in with the strip; it only grows and fades in on top of that.
      animate(el, [{ transform: 'scale(0.85)', opacity: 0 }, { transform: 'scale(1)', opacity: 1 }], { duration: 460, fill: 'backwards' });
    } else {
      animate(el, [{ transform: 'scale(1.12)' }, { transform: 'scale(1)' }], { duration: 420 });
    }
  });
  return (
    <div
      ref={ref}
      title={value !== undefined ? display(value) : undefined}
      className={`flex h-[68px] items-center justify-center overflow-hidden rounded-md border-2 px-1 text-center text-sm leading-tight break-all ${tone}`}
    >
      {value !== undefined ? <span className="line-clamp-3">{display(value, 40)}</span> : <span className="h-2 w-8 rounded bg-white/10" />}
    </div>
  );
}

function LeavingBox({ box, x, width }: { box: Box; x: number; width: number }) {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const dx = box.side === 'left' ? -width : box.side === 'right' ? width : 0;
    animate(
      ref.current,
      [
        { transform: 'translate(0, 0)', opacity: 1 },
        { transform: `translate(${dx}px, ${dx === 0 ? 18 : 0}px)`, opacity: 0 },
      ],
      { duration: 520, fill: 'forwards' },
    );
  }, [box, width]);
  return (
    <div aria-hidden="true" className="pointer-events-none absolute top-0 left-0 px-[3px] font-mono" style={{ transform: `translateX(${x}px)`, width }}>
      <div className="h-5" />
      <div ref={ref} style={{ opacity: 0 }} className="flex h-[68px] items-center justify-center rounded-md border-2 border-dashed border-red-300 bg-red-400/15 px-1 text-center text-sm text-red-50">
        {display(box.value, 30)}
      </div>
    </div>
  );
}

function ReadBracket({ x1, x2 }: { x1: number; x2: number }) {
  return (
    <div
      aria-hidden="true"
      className="pointer-events-none absolute top-[18px] h-[76px] rounded-lg border-2 border-sky-300/90 shadow-[0_0_0_3px_rgba(56,189,248,0.15)]"
      style={{ transform: `translateX(${x1}px)`, width: x2 - x1, left: 0 }}
    />
  );
}

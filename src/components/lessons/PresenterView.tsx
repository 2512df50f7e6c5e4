import { lazy, Suspense, useEffect, useLayoutEffect, useMemo, useRef, useState, type RefObject } from 'react';
import type { EngineClient } from '../../client/engine-client';
import type { Lesson } from '../../curriculum/parse';
import { loadCatalog, nextLesson, nextSection, openLesson, prevSection, resetDemo, selectLesson, setMode, useLessons } from '../../store/lessons';
import { TerminalView } from '../../terminal/TerminalView';
import './lessons.css';
import { notesUrl, openChannel } from './presenter-channel';
import { SectionBody } from './SectionBody';
import { StepCard } from './StepCard';
import { Widget } from './widgets/Widget';

const Workbench = lazy(() => import('../../workbench/Workbench'));

/**
 * Presenter mode, for a projector: one section per screen in very large
 * type, the terminal beside it, arrow keys (or a clicker's Page Up/Down) to
 * step, R to reset the demo, N for the notes window, Esc to leave.
 */
export default function PresenterView({ client }: { client: EngineClient }) {
  const lesson = useLessons(selectLesson);
  const section = useLessons((s) => s.section);
  const announcement = useLessons((s) => s.announcement);
  const slide = useRef<HTMLElement>(null);
  const content = useRef<HTMLDivElement>(null);
  // Terminal type for the back of the room: 20 px on a 1280 px projector, up to 30.
  const fontSize = useMemo(() => Math.round(Math.min(30, Math.max(18, window.innerWidth / 64))), []);
  // The workbench in the terminal's place (W), at the same projector size.
  const [bench, setBench] = useState(false);
  const [benchLoaded, setBenchLoaded] = useState(false);
  // Only state setters inside (they never change): one function for the key handler and the button.
  const toggleBench = useRef(() => {
    setBenchLoaded(true);
    setBench((b) => !b);
  });

  // The arrow keys work at once: the slide, not the terminal, has focus once the lesson shows.
  const shown = lesson !== undefined;
  useEffect(() => {
    const a = document.activeElement;
    if (shown && (a === null || a === document.body)) slide.current?.focus({ preventScroll: true });
  }, [shown]);

  useFitToSlide(slide, content, `${lesson?.id ?? ''}/${section}`);
  const simBox = useRef<HTMLElement>(null);
  const simContent = useRef<HTMLDivElement>(null);
  useFitToSlide(simBox, simContent, `${lesson?.id ?? ''}/${section}/simulation`);
  const goalBox = useRef<HTMLElement>(null);
  const goalContent = useRef<HTMLDivElement>(null);
  useFitToSlide(goalBox, goalContent, `${lesson?.id ?? ''}/${section}/goal`);

  // Without a lesson, start the lecture track at its first lesson.
  useEffect(() => {
    if (useLessons.getState().lessonId) return;
    void loadCatalog().then((c) => {
      const first = c.lessons.find((l) => l.tracks.includes('lecture'));
      if (first && !useLessons.getState().lessonId) void openLesson(first.id);
    });
  }, []);

  // Tell the notes window where we are; follow its requests.
  const channel = useRef<ReturnType<typeof openChannel>>(undefined);
  useEffect(() => {
    const ch = openChannel((m) => {
      if (m.type === 'hello') {
        const s = useLessons.getState();
        if (s.lessonId) ch.post({ type: 'state', lessonId: s.lessonId, section: s.section });
      } else if (m.type === 'go') step(m.delta);
      else if (m.type === 'reset-demo') void resetDemo();
    });
    channel.current = ch;
    return () => ch.close();
  }, []);
  useEffect(() => {
    if (lesson) channel.current?.post({ type: 'state', lessonId: lesson.id, section });
  }, [lesson, section]);

  useEffect(() => {
    const inTerminal = (t: EventTarget | null) => t instanceof Element && t.closest('[data-testid="terminal"], [data-workbench]') !== null;
    const editable = (t: EventTarget | null) => t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement;
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      // A presentation clicker sends Page Up / Page Down: they work everywhere.
      if (e.key === 'PageDown' || e.key === 'PageUp') {
        e.preventDefault();
        e.stopPropagation();
        step(e.key === 'PageDown' ? 1 : -1);
        return;
      }
      if (inTerminal(e.target) || editable(e.target)) {
        if (e.key === 'Escape') slide.current?.focus();
        return;
      }
      if (e.key === 'ArrowRight' || e.key === 'ArrowDown' || e.key === ' ') {
        e.preventDefault();
        step(1);
      } else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') {
        e.preventDefault();
        step(-1);
      } else if (e.key === 'r' || e.key === 'R') {
        e.preventDefault();
        void resetDemo();
      } else if (e.key === 'n' || e.key === 'N') {
        e.preventDefault();
        openNotes();
      } else if (e.key === 'w' || e.key === 'W') {
        e.preventDefault();
        toggleBench.current();
      } else if (e.key === 't' || e.key === 'T') {
        e.preventDefault();
        (document.querySelector('[data-testid="terminal"] .xterm-helper-textarea') as HTMLElement | null)?.focus();
      } else if (e.key === 'Escape') {
        e.preventDefault();
        setMode('self');
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);

  useEffect(() => {
    slide.current?.scrollTo({ top: 0 });
  }, [section, lesson?.id]);

  if (!lesson) return <div className="flex h-full items-center justify-center bg-[#05070f] text-2xl text-muted">Loading the lecture…</div>;
  const sec = lesson.sections[section]!;
  // A simulation gets a panel of its own above the terminal, sized to it: the slide's text keeps its size.
  const widget = sec.blocks.find((b) => b.kind === 'widget');
  // The step's goal and its drawing go beside the text, above the terminal (unless a simulation has that place):
  // the slide keeps its type size on a 720-line projector.
  const goal = widget === undefined ? sec.blocks.find((b) => b.kind === 'step') : undefined;

  return (
    <div className="presenter flex h-full flex-col bg-[#05070f] text-white" data-testid="presenter">
      <header className="flex items-center gap-4 border-b border-edge px-5 py-2 text-[clamp(13px,0.95vw,18px)]">
        <span className="font-semibold text-redis">{lesson.part ? `Part ${lesson.part}` : 'Lab'}</span>
        <span className="min-w-0 flex-1 truncate font-semibold">{lesson.title}</span>
        <button type="button" onClick={openNotes} className="rounded-md border border-edge px-3 py-1 hover:bg-edge" title="Speaker notes in a second window (N)">
          Notes ↗
        </button>
        <button type="button" onClick={() => void resetDemo()} className="rounded-md border border-edge px-3 py-1 hover:bg-edge" title="Rebuild this lesson's keys (R)">
          Reset demo
        </button>
        <button type="button" onClick={() => setMode('self')} className="rounded-md border border-edge px-3 py-1 hover:bg-edge" title="Leave presenter mode (Esc)">
          Exit
        </button>
      </header>
      <main className="grid min-h-0 flex-1 grid-cols-[minmax(0,1.6fr)_minmax(0,1fr)] gap-px bg-edge">
        <section ref={slide} tabIndex={0} aria-label="Slide" className="min-h-0 overflow-auto bg-[#05070f] px-[3.2vw] py-[2.6vh] outline-none focus-visible:outline-2 focus-visible:-outline-offset-4 focus-visible:outline-white/20" data-testid="slide">
          <div ref={content} className="slide-content" data-testid="slide-content">
            <h2 className="mb-[1.6vh] text-[clamp(30px,2.7vw,54px)] leading-tight font-bold tracking-tight" data-testid="slide-title">
              {sec.title || lesson.title}
            </h2>
            <SectionBody lesson={lesson} section={sec} presenter widgets={widget === undefined} steps={goal === undefined} />
            <NextUp lesson={lesson} section={section} />
          </div>
        </section>
        <div className="flex min-h-0 min-w-0 flex-col gap-px">
        {widget?.kind === 'widget' && (
          <SidePanel box={simBox} content={simContent} label="Simulation" testId="presenter-widget" className="presenter-widget h-[68%] py-2">
            <Widget name={widget.name} options={widget.options} lesson={lesson} presenter />
          </SidePanel>
        )}
        {goal?.kind === 'step' && (
          <SidePanel box={goalBox} content={goalContent} label="Goal" testId="presenter-goal" className="presenter-goal max-h-[74%]">
            <StepCard step={goal.step} presenter />
          </SidePanel>
        )}
        <section aria-label="Terminal" className="flex min-h-0 min-w-0 flex-1 flex-col bg-ink">
          <div className="flex items-center gap-3 border-b border-edge px-3 py-1 text-[clamp(12px,0.8vw,16px)] text-muted">
            <span className="min-w-0 flex-1 truncate">{bench ? 'Workbench · Esc to go back to the slide' : 'redis-cli · T to type here, Esc to go back to the slide'}</span>
            <button type="button" aria-pressed={bench} onClick={() => toggleBench.current()} className="rounded-md border border-edge px-2 py-0.5 hover:bg-edge hover:text-white" title="Editors for commands and Lua in the terminal's place (W)" data-testid="presenter-workbench">
              Workbench
            </button>
          </div>
          <div className={`min-h-0 flex-1 ${bench ? 'hidden' : ''}`}>
            <TerminalView client={client} label="client 1" fontSize={fontSize} autoFocus={false} />
          </div>
          {benchLoaded && (
            <div className={`min-h-0 flex-1 ${bench ? '' : 'hidden'}`}>
              <Suspense fallback={null}>
                <Workbench client={client} fontSize={fontSize} autoFocus />
              </Suspense>
            </div>
          )}
        </section>
        </div>
      </main>
      <footer className="flex items-center gap-3 border-t border-edge px-5 py-1.5 text-[clamp(12px,0.8vw,16px)] text-muted">
        <ol className="flex flex-1 gap-1" aria-label="Progress through this lesson">
          {lesson.sections.map((s, i) => (
            <li key={s.id} className={`h-1.5 flex-1 rounded-full ${i < section ? 'bg-white/60' : i === section ? 'bg-redis' : 'bg-edge'}`} aria-current={i === section ? 'step' : undefined}>
              <span className="sr-only">{s.title}</span>
            </li>
          ))}
        </ol>
        <span className="tabular-nums">
          {section + 1} / {lesson.sections.length}
        </span>
        <span aria-hidden="true">← → step · R reset · N notes · W workbench · Esc exit</span>
      </footer>
      <div aria-live="polite" role="status" className="sr-only">
        {announcement}
      </div>
    </div>
  );
}

/** Smallest scale a slide's content may take before it scrolls instead. */
const MIN_ZOOM = 0.5;

/**
 * Scales a slide's content (CSS zoom: text reflows, nothing is cut) to the
 * largest size at which it fits the slide, whatever the projector. Re-fits
 * when the section changes, the window resizes or the content grows (a goal
 * reached shows its Python).
 */
function useFitToSlide(slide: RefObject<HTMLElement | null>, content: RefObject<HTMLDivElement | null>, key: string) {
  useLayoutEffect(() => {
    const box = slide.current;
    const el = content.current;
    if (!box || !el) return;
    const fits = () => box.scrollHeight <= box.clientHeight && box.scrollWidth <= box.clientWidth;
    const apply = (z: number) => {
      el.style.zoom = z === 1 ? '' : String(z);
      el.style.setProperty('--slide-zoom', String(z));
    };
    const fit = () => {
      apply(1);
      let best = 1;
      if (!fits()) {
        let lo = MIN_ZOOM;
        let hi = 1;
        best = MIN_ZOOM;
        for (let i = 0; i < 7; i++) {
          const mid = (lo + hi) / 2;
          apply(mid);
          if (fits()) {
            best = mid;
            lo = mid;
          } else hi = mid;
        }
      }
      best = Math.floor(best * 100) / 100;
      apply(best);
      box.setAttribute('data-zoom', String(best));
    };
    fit();
    let last = el.scrollHeight;
    const ro = new ResizeObserver(() => {
      // Our own zoom changes the size too: re-fit only when the content itself changed.
      const h = el.scrollHeight;
      if (Math.abs(h - last) < 2 && fits()) return;
      fit();
      last = el.scrollHeight;
    });
    ro.observe(el);
    window.addEventListener('resize', fit);
    return () => {
      ro.disconnect();
      window.removeEventListener('resize', fit);
    };
  }, [slide, content, key]);
}

function NextUp({ lesson, section }: { lesson: Lesson; section: number }) {
  if (section < lesson.sections.length - 1) return null;
  const n = nextLesson();
  return n ? <p className="mt-8 text-[clamp(16px,1.2vw,24px)] text-muted">Next: {n.title} →</p> : null;
}

/** Moves one section; past the end of a lesson, on to the next lesson of the lecture. */
function step(delta: 1 | -1): void {
  if (delta === 1) {
    if (!nextSection()) {
      const n = nextLesson();
      if (n) void openLesson(n.id);
    }
  } else if (!prevSection()) {
    const s = useLessons.getState();
    const lessons = s.catalog?.lessons.filter((l) => l.tracks.includes('lecture')) ?? [];
    const i = lessons.findIndex((l) => l.id === s.lessonId);
    const prev = i > 0 ? lessons[i - 1] : undefined;
    if (prev) void openLesson(prev.id, prev.sections.length - 1);
  }
}

function openNotes(): void {
  window.open(notesUrl(), 'redis-playground-notes', 'popup,width=960,height=720');
}

/** A panel beside the slide, above the terminal (the simulation, or the step's goal): `box` scrolls, `content` is measured to fit it. */
function SidePanel({
  box,
  content,
  label,
  testId,
  className,
  children,
}: {
  box: React.Ref<HTMLElement>;
  content: React.Ref<HTMLDivElement>;
  label: string;
  testId: string;
  className: string;
  children: React.ReactNode;
}) {
  return (
    <section ref={box} aria-label={label} className={`${className} lesson-prose shrink-0 overflow-auto bg-[#05070f] px-3`} data-testid={testId}>
      <div ref={content}>{children}</div>
    </section>
  );
}

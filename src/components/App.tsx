import { lazy, Suspense, useEffect, useMemo } from 'react';
import { engineClient } from '../client/engine-client';
import { useKeyspace } from '../store/keyspace';
import { lessonsStarting, useLessons } from '../store/lessons';
import { LESSON_WIDTH, TERMINAL_SHARE, useSettings, type PanelLayout } from '../store/settings';
import { useWorkbench } from '../store/workbench';
import { ClockControls } from '../visualizer/ClockControls';
import { connectClock } from '../visualizer/model/clock';
import { DumpFile } from './DumpFile';
import { KeyboardHelp } from './KeyboardHelp';
import { LessonPanel } from './LessonPanel';
import { StorageNotice } from './StorageNotice';
import { SharedBar, SharedLinkOpener, ShareButton } from './Share';
import { PanelBoundary } from './PanelBoundary';
import { engineUp } from './engine-up';
import { focusRegion, useRegionKeys } from './regions';
import { Splitter } from './Splitter';
import { TerminalArea } from './TerminalArea';
import { localCommandsLoading } from '../store/terminals';
import { useViewportWidth } from './viewport';

const PresenterView = lazy(() => import('./lessons/PresenterView'));

const TimelineControls = lazy(() => engineUp().then(() => import('./TimelinePanel').then((m) => ({ default: m.TimelineControls }))));
const TimelineDrawer = lazy(() => engineUp().then(() => import('./TimelinePanel').then((m) => ({ default: m.TimelineDrawer }))));

/**
 * Runs `start(module)` once `load()` has brought the module, unless the
 * effect was cleaned up first; returns the cleanup. While the module loads,
 * terminal lines that may be its commands wait for it.
 */
function afterLoad<M>(load: () => Promise<M>, start: (m: M) => () => void): () => void {
  let off: (() => void) | undefined;
  let gone = false;
  const p = load().then((m) => {
    if (!gone) off = start(m);
  });
  localCommandsLoading(p);
  return () => {
    gone = true;
    off?.();
  };
}
// The visualizer loads after the terminal: typing never waits for it.
const KeyspacePanel = lazy(() => engineUp().then(() => import('./KeyspacePanel').then((m) => ({ default: m.KeyspacePanel }))));

/** Below this width the panels stack in one column and the page scrolls down. */
const STACK_BELOW = 1024;
/** From this width of their area the terminal (80+ columns) and the keyspace sit side by side, else one above the other. */
const SIDE_BY_SIDE_FROM = 1300;

/** The app shell: lesson panel, terminal, keyspace view. Wiring only. */
export function App() {
  const client = useMemo(() => engineClient(), []);

  useEffect(() => connectClock(client), [client]);
  // The keyspace view's model (it reads the keyspace when it connects).
  useEffect(() => afterLoad(() => engineUp().then(() => import('../visualizer/model/keyspace')), (m) => m.connectKeyspace(client)), [client]);
  // The timeline's model and its commands (:undo, :timeline, :restore N).
  useEffect(
    () =>
      afterLoad(
        () => engineUp().then(() => import('../visualizer/model/timeline')),
        (m) => {
          const offTimeline = m.connectTimeline(client);
          const offCommands = m.installTimelineCommands(client);
          return () => {
            offTimeline();
            offCommands();
          };
        },
      ),
    [client],
  );
  // Lessons: terminal commands, goal checks, deep links (?lesson=...&mode=present).
  // (Loaded at once, beside the engine: a lesson in the address opens before the first command runs.)
  useEffect(
    () =>
      afterLoad(
        () => {
          const p = import('../lessons/controller');
          lessonsStarting(p);
          return p;
        },
        (m) => m.startLessons(client),
      ),
    [client],
  );
  const mode = useLessons((s) => s.mode);
  if (mode === 'present') {
    return (
      <Suspense fallback={<div className="h-full bg-ink" />}>
        <PresenterView client={client} />
      </Suspense>
    );
  }
  return <Workspace client={client} />;
}

function Workspace({ client }: { client: ReturnType<typeof engineClient> }) {
  useRegionKeys();
  const width = useViewportWidth();
  const layout = useSettings((s) => s.layout);
  const lessonWidth = useSettings((s) => s.lessonWidth);
  const share = useSettings((s) => s.terminalShare);
  const stacked = width < STACK_BELOW;
  // Narrow screens show every panel, one under the other; the layout switch is for wide ones.
  const shown: PanelLayout = stacked ? 'all' : layout;
  const showLesson = shown !== 'terminal-keyspace';
  const showKeyspace = shown !== 'lesson-terminal';
  const lessonPx = Math.min(lessonWidth, Math.max(LESSON_WIDTH.min, Math.round(width * 0.42)));
  const workWidth = width - (showLesson ? lessonPx : 0);
  const sideBySide = workWidth >= SIDE_BY_SIDE_FROM;
  const arrangement = stacked ? 'stacked' : sideBySide ? 'columns' : 'rows';

  return (
    <div className={`app flex flex-col ${stacked ? 'min-h-full' : 'h-full'}`} data-arrangement={arrangement} data-layout={shown}>
      <SkipLinks lesson={showLesson} keyspace={showKeyspace} />
      <header className="relative flex flex-wrap items-center gap-x-3 gap-y-1.5 border-b border-edge bg-panel px-3 py-1.5 md:px-4 md:py-2">
        <Logo />
        <h1 className="text-base font-semibold tracking-tight whitespace-nowrap max-sm:sr-only md:text-lg">Redis Playground</h1>
        <p className="hidden text-sm text-muted 2xl:block">Redis 7, running in your browser. No server, no install.</p>
        <div className="ml-auto flex flex-wrap items-center justify-end gap-2">
          {!stacked && <LayoutSwitch />}
          <Suspense fallback={null}>
            <TimelineControls />
          </Suspense>
          <DumpFile client={client} />
          <ShareButton client={client} />
          <KeyboardHelp />
        </div>
        <div className="max-md:w-full max-md:overflow-x-auto">
          <ClockControls />
        </div>
      </header>
      <StorageNotice client={client} />
      <SharedBar client={client} />
      <SharedLinkOpener client={client} />
      <main
        className={stacked ? 'flex flex-col gap-px bg-edge' : 'flex min-h-0 flex-1 bg-edge'}
        data-testid="workspace"
      >
        <section
          id="region-lesson"
          aria-label="Lesson"
          tabIndex={-1}
          data-region="lesson"
          className={`relative flex min-w-0 flex-col overflow-clip bg-panel outline-none ${showLesson ? '' : 'hidden'} ${
            stacked ? 'h-[56svh] min-h-[420px]' : 'min-h-0 shrink-0'
          }`}
          style={stacked ? undefined : { width: lessonPx }}
        >
          <PanelBoundary name="lessons" client={client}>
            <LessonPanel />
          </PanelBoundary>
        </section>
        {showLesson && !stacked && (
          <Splitter
            orientation="vertical"
            label="Resize the lesson column"
            value={lessonPx}
            min={LESSON_WIDTH.min}
            max={Math.min(LESSON_WIDTH.max, width - 480)}
            step={24}
            valueText={`${lessonPx} pixels wide`}
            fromPointer={(x) => x}
            onChange={(v) => useSettings.getState().setLessonWidth(v)}
            testId="lesson-splitter"
          />
        )}
        <WorkArea client={client} arrangement={arrangement} showKeyspace={showKeyspace} share={share} />
      </main>
      <Suspense fallback={null}>
        <TimelineDrawer />
      </Suspense>
    </div>
  );
}

function WorkArea({
  client,
  arrangement,
  showKeyspace,
  share,
}: {
  client: ReturnType<typeof engineClient>;
  arrangement: 'stacked' | 'rows' | 'columns';
  showKeyspace: boolean;
  share: number;
}) {
  const stacked = arrangement === 'stacked';
  const columns = arrangement === 'columns';
  // On a phone the workbench (editor and results) needs more height than a terminal.
  const workbench = useWorkbench((s) => s.open);
  const basis = showKeyspace && !stacked ? `${(share * 100).toFixed(1)}%` : undefined;
  return (
    <div
      id="work-area"
      className={stacked ? 'flex flex-col gap-px' : `flex min-h-0 min-w-0 flex-1 ${columns ? 'flex-row' : 'flex-col'}`}
    >
      <section
        id="region-terminal"
        aria-label="Terminal"
        data-region="terminal"
        className={`relative flex min-w-0 flex-col bg-ink ${stacked ? (workbench ? 'h-[88svh] min-h-[480px]' : 'h-[46svh] min-h-[300px]') : 'min-h-[180px]'}`}
        style={basis ? { flex: `0 0 ${basis}` } : { flex: stacked ? undefined : '1 1 auto' }}
      >
        <PanelBoundary name="terminal" client={client}>
          <TerminalArea client={client} />
        </PanelBoundary>
      </section>
      {showKeyspace && !stacked && (
        <Splitter
          orientation={columns ? 'vertical' : 'horizontal'}
          label="Resize the terminal and the keyspace view"
          value={share * 100}
          min={TERMINAL_SHARE.min * 100}
          max={TERMINAL_SHARE.max * 100}
          step={5}
          valueText={`terminal ${Math.round(share * 100)} percent`}
          fromPointer={(pos) => {
            const r = document.getElementById('work-area')?.getBoundingClientRect();
            if (!r) return share * 100;
            return columns ? ((pos - r.left) / r.width) * 100 : ((pos - r.top) / r.height) * 100;
          }}
          onChange={(v) => useSettings.getState().setTerminalShare(v / 100)}
          testId="terminal-splitter"
        />
      )}
      <section
        id="region-keyspace"
        aria-label="Keyspace"
        className={`relative min-w-0 overflow-clip bg-panel ${showKeyspace ? '' : 'hidden'} ${stacked ? 'h-[80svh] min-h-[480px]' : 'min-h-0 flex-1'}`}
      >
        <PanelBoundary name="keyspace view" client={client} onReset={resetKeyspaceView}>
          <Suspense fallback={<p className="p-4 text-sm text-muted">Loading the keyspace view…</p>}>
            <KeyspacePanel />
          </Suspense>
        </PanelBoundary>
      </section>
    </div>
  );
}

/** The keyspace view starts again from the tree with nothing selected. */
function resetKeyspaceView(): void {
  const ks = useKeyspace.getState();
  ks.select(undefined);
  ks.setFollow(false);
}

const LAYOUTS: { value: PanelLayout; label: string; icon: string }[] = [
  { value: 'all', label: 'All three', icon: 'M1 2h4v12H1zM6 2h4v12H6zM11 2h4v12h-4z' },
  { value: 'lesson-terminal', label: 'Lesson and terminal', icon: 'M1 2h5v12H1zM7 2h8v12H7z' },
  { value: 'terminal-keyspace', label: 'Terminal and keyspace', icon: 'M1 2h8v12H1zM10 2h5v12h-5z' },
];

/** Which panels share the screen: all three, or two of them with more room each. */
function LayoutSwitch() {
  const layout = useSettings((s) => s.layout);
  return (
    <div role="group" aria-label="Panels" className="flex overflow-hidden rounded-md border border-edge text-xs" data-testid="layout-switch">
      {LAYOUTS.map((l) => (
        <button
          key={l.value}
          type="button"
          aria-pressed={layout === l.value}
          title={`Show: ${l.label.toLowerCase()}`}
          onClick={() => useSettings.getState().setLayout(l.value)}
          className={`flex items-center gap-1.5 px-2 py-1 ${layout === l.value ? 'bg-white/15 text-white' : 'text-muted hover:text-white'}`}
        >
          <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true">
            <path d={l.icon} fill="none" stroke="currentColor" strokeWidth="1.3" />
          </svg>
          <span className="hidden 2xl:inline">{l.label}</span>
          <span className="sr-only 2xl:hidden">{l.label}</span>
        </button>
      ))}
    </div>
  );
}

/** Links that appear on the first Tab: straight to a region. */
function SkipLinks({ lesson, keyspace }: { lesson: boolean; keyspace: boolean }) {
  const links: { region: Parameters<typeof focusRegion>[0]; label: string }[] = [
    { region: 'terminal', label: 'Skip to the terminal' },
    ...(lesson ? [{ region: 'lesson' as const, label: 'Skip to the lesson' }] : []),
    ...(keyspace ? [{ region: 'tree' as const, label: 'Skip to the keyspace' }] : []),
  ];
  return (
    <nav aria-label="Skip links" className="relative">
      {links.map((l) => (
        <a
          key={l.region}
          href={`#region-${l.region === 'tree' ? 'keyspace' : l.region}`}
          className="sr-only rounded-md bg-white px-3 py-2 font-semibold text-ink focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50"
          onClick={(e) => {
            e.preventDefault();
            focusRegion(l.region);
          }}
        >
          {l.label}
        </a>
      ))}
    </nav>
  );
}

function Logo() {
  return (
    <svg width="28" height="28" viewBox="0 0 32 32" aria-hidden="true" className="shrink-0">
      <rect width="32" height="32" rx="7" fill="#ff4438" />
      <path d="M8 11l8-4 8 4-8 4z M8 16l8 4 8-4 M8 21l8 4 8-4" fill="none" stroke="#fff" strokeWidth="2" strokeLinejoin="round" />
    </svg>
  );
}

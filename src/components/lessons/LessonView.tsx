import { useEffect, useRef } from 'react';
import type { Lesson } from '../../curriculum/parse';
import {
  goToSection,
  isDone,
  loadCatalog,
  nextLesson,
  nextSection,
  openLesson,
  prevSection,
  selectLesson,
  setMode,
  showMap,
  useLessons,
} from '../../store/lessons';
import './lessons.css';
import { LessonMap } from './LessonMap';
import { SectionBody } from './SectionBody';
import { GoalBar } from './StepCard';

/** The self-paced track: one section at a time, goals checked live, a map of every lesson. */
export default function LessonView() {
  const lesson = useLessons(selectLesson);
  const map = useLessons((s) => s.showMap);
  const loading = useLessons((s) => s.loading);
  const error = useLessons((s) => s.error);
  const announcement = useLessons((s) => s.announcement);

  return (
    <div className="flex h-full min-h-0 flex-col" data-testid="lesson-panel">
      {map || (!lesson && !loading) ? <LessonMap /> : lesson ? <LessonReader lesson={lesson} /> : <p className="p-5 text-muted">Loading lessons…</p>}
      {error && (
        <p role="alert" className="m-3 rounded-md border border-amber-600 bg-amber-950/50 p-2 text-sm">
          {error}
        </p>
      )}
      <div aria-live="polite" role="status" className="sr-only" data-testid="lesson-announcer">
        {announcement}
      </div>
    </div>
  );
}

function LessonReader({ lesson }: { lesson: Lesson }) {
  const section = useLessons((s) => s.section);
  const progress = useLessons((s) => s.progress);
  const sec = lesson.sections[section]!;
  const scroller = useRef<HTMLDivElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const first = useRef(true);

  useEffect(() => {
    scroller.current?.scrollTo({ top: 0 });
    // Move focus to the new section's heading (not on first render: the terminal keeps focus).
    if (first.current) first.current = false;
    else if (document.activeElement?.closest('[data-testid="lesson-panel"]')) heading.current?.focus();
  }, [section, lesson.id]);

  const doneSteps = progress.completed[lesson.id] ?? [];
  const following = nextLesson();
  const last = section === lesson.sections.length - 1;
  const step = sec.stepId ? lesson.steps.find((st) => st.id === sec.stepId) : undefined;

  return (
    <>
      <div className="border-b border-edge px-3 pt-2 pb-1.5">
        <div className="flex items-center gap-2 text-sm">
          <button type="button" className="rounded-md border border-edge px-2 py-1 hover:bg-edge" onClick={() => showMap(true)}>
            ☰ Lessons
          </button>
          <span className="flex-1" />
          <button
            type="button"
            className="rounded-md border border-edge px-2 py-1 hover:bg-edge"
            onClick={() => setMode('present')}
            title="Presenter mode for a projector (:present)"
          >
            Present ▸
          </button>
        </div>
        <p className="mt-1.5 text-sm leading-snug font-semibold text-white" data-testid="lesson-title">
          {lesson.part ? <span className="text-[#ffb4ad]">Part {lesson.part} · </span> : null}
          {lesson.title}
        </p>
      </div>
      <nav aria-label="Sections of this lesson" className="border-b border-edge px-3 py-2">
        <ol className="flex flex-wrap gap-1.5">
          {lesson.sections.map((s, i) => {
            const goalDone = s.stepId ? doneSteps.includes(s.stepId) : false;
            return (
              <li key={s.id}>
                <button
                  type="button"
                  onClick={() => goToSection(i)}
                  aria-current={i === section ? 'step' : undefined}
                  aria-label={`${i + 1}. ${s.title || lesson.title}${s.stepId ? (goalDone ? ' (goal done)' : ' (has a goal)') : ''}`}
                  title={s.title}
                  data-section={s.id}
                  className={`flex h-6 min-w-6 items-center justify-center rounded-full border px-1 text-[11px] font-semibold ${
                    i === section ? 'border-white bg-white text-ink' : goalDone ? 'border-emerald-500 bg-emerald-700/60 text-white' : s.stepId ? 'border-redis/70 text-[#ffb4ad]' : 'border-edge text-muted'
                  }`}
                >
                  {goalDone ? '✓' : i + 1}
                </button>
              </li>
            );
          })}
        </ol>
      </nav>
      {step && <GoalBar key={step.id} step={step} last={last} />}
      <div ref={scroller} className="relative min-h-0 flex-1 overflow-auto px-4 py-4 text-[15px] md:px-5" tabIndex={0} aria-label="Section text" data-testid="lesson-scroll">
        <h2 ref={heading} tabIndex={-1} className="mb-2 text-xl font-semibold text-white outline-none" data-testid="section-title">
          {sec.title || lesson.title}
        </h2>
        {section === 0 && <p className="mb-3 text-sm text-muted">{lesson.summary}</p>}
        <SectionBody lesson={lesson} section={sec} />
        {last && (
          <div className="mt-6 rounded-lg border border-edge bg-ink p-3 text-sm">
            <p className="font-semibold">
              End of “{lesson.title}” · {doneSteps.length}/{lesson.steps.length} goals done
              {lesson.steps.length > 0 && lesson.steps.every((st) => isDone(useLessons.getState(), lesson.id, st.id)) ? ' ✓' : ''}
            </p>
            {following ? (
              <button type="button" className="mt-2 rounded-md bg-redis-strong px-3 py-1.5 font-semibold text-white hover:brightness-110" onClick={() => void openLesson(following.id)}>
                Next lesson: {following.title} →
              </button>
            ) : (
              <p className="mt-1 text-muted">That was the last lesson of this track.</p>
            )}
          </div>
        )}
      </div>
      <div className="flex items-center justify-between border-t border-edge px-3 py-2 text-sm">
        <button type="button" className="rounded-md border border-edge px-3 py-1 hover:bg-edge disabled:opacity-40" onClick={() => prevSection()} disabled={section === 0}>
          ← Back
        </button>
        <span className="text-muted" aria-hidden="true">
          {section + 1} / {lesson.sections.length}
        </span>
        <button type="button" className="rounded-md border border-edge px-3 py-1 hover:bg-edge disabled:opacity-40" onClick={() => nextSection()} disabled={last}>
          Next →
        </button>
      </div>
    </>
  );
}

/** Preloads the curriculum when the panel first shows (it is small and the map needs it). */
export function usePreloadCatalog() {
  useEffect(() => {
    void loadCatalog();
  }, []);
}

import { useEffect, useRef, useState } from 'react';
import type { Track } from '../../curriculum/schema';
import { exportProgress, importProgress, loadCatalog, openLesson, resetProgress, setTrack, showMap, useLessons } from '../../store/lessons';

const TRACK_LABEL: Record<Track, string> = { 'self-paced': 'Self-paced', lecture: 'Lecture', patterns: 'Patterns' };
const TRACK_BLURB: Record<Track, string> = {
  'self-paced': 'Small steps with goals, checked after every command. Hints when you are stuck.',
  lecture: 'The lecture, in order, for a projector. Open a lesson and press Present.',
  patterns: 'Labs: real backend patterns built from the commands you know.',
};

/** The lecture's parts as the map labels them (several lessons can follow one part). */
const PART_LABEL: Record<number, string> = { 1: 'Part 1', 2: 'Part 2', 3: 'Part 3', 4: 'Part 4', 5: 'Part 5', 6: 'Reference' };

/** Every lesson of a track with the learner's progress; export and import progress. */
export function LessonMap() {
  const catalog = useLessons((s) => s.catalog);
  const progress = useLessons((s) => s.progress);
  const current = useLessons((s) => s.lessonId);
  const track = progress.track ?? 'self-paced';
  const [message, setMessage] = useState<string | undefined>();
  const file = useRef<HTMLInputElement>(null);

  useEffect(() => {
    void loadCatalog();
  }, []);

  if (!catalog) return <p className="p-5 text-muted">Loading lessons…</p>;
  const lessons = catalog.lessons.filter((l) => l.tracks.includes(track));
  const total = lessons.reduce((n, l) => n + l.steps.length, 0);
  const done = lessons.reduce((n, l) => n + Math.min(l.steps.length, progress.completed[l.id]?.length ?? 0), 0);

  return (
    <div className="flex min-h-0 flex-1 flex-col" data-testid="lesson-map">
      <div className="flex items-center gap-2 border-b border-edge px-4 py-2">
        <h2 className="flex-1 text-lg font-semibold">Lessons</h2>
        {current && (
          <button type="button" className="rounded-md border border-edge px-2 py-1 text-sm hover:bg-edge" onClick={() => showMap(false)}>
            Back to the lesson
          </button>
        )}
      </div>
      <div role="tablist" aria-label="Tracks" className="flex gap-0.5 border-b border-edge px-2 pt-2">
        {(Object.keys(TRACK_LABEL) as Track[]).map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            aria-selected={t === track}
            className={`rounded-t-md px-2.5 py-1.5 text-sm whitespace-nowrap ${t === track ? 'bg-ink font-semibold text-white' : 'text-muted hover:text-white'}`}
            onClick={() => setTrack(t)}
          >
            {TRACK_LABEL[t]}
          </button>
        ))}
      </div>
      <div className="min-h-0 flex-1 overflow-auto px-4 py-3">
        <p className="mb-3 text-sm text-muted">{TRACK_BLURB[track]}</p>
        {total > 0 && (
          <div className="mb-4">
            <div className="mb-1 flex justify-between text-xs text-muted">
              <span>Your progress</span>
              <span data-testid="track-progress">
                {done} of {total} goals
              </span>
            </div>
            <div className="h-2 overflow-hidden rounded-full bg-ink" role="progressbar" aria-valuemin={0} aria-valuemax={total} aria-valuenow={done} aria-label="Goals completed">
              <div className="h-full bg-emerald-500" style={{ width: `${(100 * done) / total}%` }} />
            </div>
          </div>
        )}
        {lessons.length === 0 ? (
          <p className="text-sm text-muted">No lessons in this track yet.</p>
        ) : (
          <ol className="space-y-2">
            {lessons.map((l, index) => {
              const n = Math.min(l.steps.length, progress.completed[l.id]?.length ?? 0);
              const complete = l.steps.length > 0 && n >= l.steps.length;
              return (
                <li key={l.id}>
                  <button
                    type="button"
                    onClick={() => void openLesson(l.id, l.id === current ? useLessons.getState().section : 0)}
                    className={`w-full rounded-lg border p-3 text-left hover:bg-ink ${l.id === current ? 'border-white/60' : 'border-edge'}`}
                    data-lesson={l.id}
                    data-complete={complete ? 'true' : 'false'}
                  >
                    <div className="flex items-baseline gap-2">
                      <span className={`w-4 shrink-0 text-right text-xs font-bold tabular-nums ${complete ? 'text-emerald-300' : 'text-muted'}`} aria-hidden="true">
                        {complete ? '✓' : index + 1}
                      </span>
                      <span className="flex-1 font-semibold text-white">
                        {l.title}
                        {complete && <span className="sr-only"> (done)</span>}
                      </span>
                      {track === 'lecture' && l.part !== undefined && (
                        <span className="rounded border border-edge px-1 text-xs whitespace-nowrap text-muted" data-part={l.part}>
                          {PART_LABEL[l.part] ?? `Part ${l.part}`}
                        </span>
                      )}
                      {l.steps.length > 0 && (
                        <span className="text-xs text-muted">
                          {n}/{l.steps.length}
                          <span className="sr-only"> goals done</span>
                        </span>
                      )}
                    </div>
                    <p className="mt-1 text-sm text-muted">{l.summary}</p>
                  </button>
                </li>
              );
            })}
          </ol>
        )}
        <div className="mt-6 border-t border-edge pt-3 text-sm">
          <h3 className="mb-2 font-semibold">Your progress file</h3>
          <p className="mb-2 text-muted">Progress is saved in this browser. Take it to another one as a file.</p>
          <div className="flex flex-wrap gap-2">
            <button
              type="button"
              className="rounded-md border border-edge px-2.5 py-1 hover:bg-edge"
              onClick={() => {
                const url = URL.createObjectURL(exportProgress());
                const a = document.createElement('a');
                a.href = url;
                a.download = 'redis-playground-progress.json';
                a.click();
                setTimeout(() => URL.revokeObjectURL(url), 1000);
                setMessage('Progress exported.');
              }}
            >
              Export
            </button>
            <button type="button" className="rounded-md border border-edge px-2.5 py-1 hover:bg-edge" onClick={() => file.current?.click()}>
              Import…
            </button>
            <input
              ref={file}
              type="file"
              accept="application/json,.json"
              className="hidden"
              aria-label="Progress file to import"
              onChange={async (e) => {
                const f = e.target.files?.[0];
                e.target.value = '';
                if (!f) return;
                const err = await importProgress(await f.text());
                setMessage(err ?? 'Progress imported.');
              }}
            />
            <button
              type="button"
              className="rounded-md border border-edge px-2.5 py-1 text-muted hover:bg-edge hover:text-white"
              onClick={() => {
                if (window.confirm('Forget every completed goal and saved lesson keyspace in this browser?')) {
                  resetProgress();
                  setMessage('Progress cleared.');
                }
              }}
            >
              Start over
            </button>
          </div>
          {message && (
            <p role="status" className="mt-2 text-emerald-300">
              {message}
            </p>
          )}
        </div>
      </div>
    </div>
  );
}

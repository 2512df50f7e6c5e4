import { useState } from 'react';
import type { StepSpec } from '../../curriculum/schema';
import { isDone, nextSection, retryStep, showHint, showSolution, useLessons } from '../../store/lessons';
import { GoalDiffView } from './GoalDiffView';
import { typeIntoTerminal } from './RunnableBlock';

/**
 * The current step's goal, pinned under the section header so it never
 * scrolls away. Reaching it is unmistakable: the bar turns green with a short
 * pop (none under reduced motion), says so, and offers Next. Screen readers
 * hear it through the lesson's live region.
 */
export function GoalBar({ step, last }: { step: StepSpec; last: boolean }) {
  const lessonId = useLessons((s) => s.lessonId);
  const results = useLessons((s) => s.results);
  const done = useLessons((s) => (lessonId ? isDone(s, lessonId, step.id) : false));
  const complete = done || (results.length > 0 && results.every((r) => r.pass));
  const passed = results.filter((r) => r.pass).length;
  // A constraint broken ("without KEYS ... KEYS was used") can only be undone by starting the step again.
  const stuck = !complete && results.some((r) => !r.pass && r.why !== undefined && r.why.includes(':retry'));
  const retry = async () => {
    // Typed into the terminal, as :retry, so the terminal says what happened; without one, done directly.
    if (!(await typeIntoTerminal([':retry']))) await retryStep();
  };
  return (
    <div
      className={`goal-bar border-b-2 px-3 py-2 ${complete ? 'goal-reached border-emerald-500 bg-emerald-950/70' : 'border-redis/70 bg-[#1a1430]'}`}
      data-testid="goal-bar"
      data-done={complete ? 'true' : 'false'}
    >
      <div className="flex items-start gap-3">
        <div className="min-w-0 flex-1">
          <p className="text-[11px] font-bold tracking-widest uppercase">
            {complete ? (
              <span className="text-emerald-300">
                <span aria-hidden="true" className="goal-tick inline-block">
                  ✓
                </span>{' '}
                Goal reached
              </span>
            ) : (
              <span className="text-[#ffb4ad]">
                Your goal
                {results.length > 0 && (
                  <span className="ml-2 font-semibold tracking-normal text-muted normal-case">
                    {passed} of {results.length} checks
                  </span>
                )}
              </span>
            )}
          </p>
          <p className="mt-0.5 text-sm leading-snug font-semibold text-white" data-testid="goal-text">
            {step.goal}
          </p>
          {stuck && (
            <p id="goal-stuck" className="mt-1 text-xs text-amber-100" data-testid="goal-stuck">
              {results.find((r) => !r.pass && r.why?.includes(':retry'))?.label}: not met. Retry step starts it again.
            </p>
          )}
        </div>
        {!complete && (
          <button
            type="button"
            className={`shrink-0 self-center rounded-md border px-2.5 py-1 text-sm whitespace-nowrap hover:bg-edge focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-[#ffb4ad] ${
              stuck ? 'border-amber-400 bg-amber-950/60 font-semibold text-amber-100' : 'border-edge text-[#d5dbea]'
            }`}
            onClick={() => void retry()}
            title="Start this step again: its keys as they were when it began (:retry)"
            aria-describedby={stuck ? 'goal-stuck' : undefined}
            data-testid="goal-retry"
            data-stuck={stuck ? 'true' : 'false'}
          >
            <span aria-hidden="true">↺ </span>Retry step
          </button>
        )}
        {complete && !last && (
          <button
            type="button"
            className="shrink-0 self-center rounded-md bg-emerald-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-emerald-500"
            onClick={() => nextSection()}
            data-testid="goal-next"
          >
            Next step →
          </button>
        )}
      </div>
    </div>
  );
}

/** A step's goal, its live checks, progressive hints and the solution (after asking). */
export function StepCard({ step, presenter = false }: { step: StepSpec; presenter?: boolean }) {
  const lessonId = useLessons((s) => s.lessonId);
  const results = useLessons((s) => s.results);
  const hintsShown = useLessons((s) => s.hintsShown);
  const solutionShown = useLessons((s) => s.solutionShown);
  const done = useLessons((s) => (lessonId ? isDone(s, lessonId, step.id) : false));
  const passing = results.length > 0 && results.every((r) => r.pass);
  const [confirming, setConfirming] = useState(false);
  const complete = done || passing;

  return (
    <section
      aria-labelledby={`goal-${step.id}`}
      className={`my-4 rounded-xl border-2 p-4 ${complete ? 'border-emerald-500/70 bg-emerald-950/30' : 'border-redis/60 bg-[#1a1430]'}`}
      data-testid="step-card"
      data-step={step.id}
      data-done={complete ? 'true' : 'false'}
    >
      <h3 id={`goal-${step.id}`} className="flex items-center gap-2 text-xs font-bold tracking-widest uppercase">
        {complete ? (
          <span className="text-emerald-300">✓ Goal reached</span>
        ) : (
          <span className="text-[#ffb4ad]">{presenter ? 'Your goal' : 'Checks for the goal above'}</span>
        )}
      </h3>
      <p className={`mt-1 font-semibold text-white ${presenter ? '' : 'sr-only'}`}>{step.goal}</p>

      {results.length > 0 && (
        <ul className="mt-3 space-y-1 text-sm" aria-label="Checks">
          {results.map((r, i) => (
            <li key={i} className="flex gap-2" data-pass={r.pass ? 'true' : 'false'}>
              <span aria-hidden="true" className={r.pass ? 'text-emerald-300' : 'text-muted'}>
                {r.pass ? '✓' : '○'}
              </span>
              <span className={r.pass ? 'text-emerald-100' : 'text-[#d5dbea]'}>
                <span className="sr-only">{r.pass ? 'Done: ' : 'Not yet: '}</span>
                {r.label}
                {!r.pass && r.why && <span className="text-muted"> · {r.why}</span>}
              </span>
            </li>
          ))}
        </ul>
      )}

      {!complete && <GoalDiffView checks={step.checks} />}

      {complete && (
        <div className="mt-3 space-y-2 text-sm">
          {step.done && <p className="text-emerald-100">{step.done}</p>}
          <div className="rounded-lg border border-edge bg-ink p-2">
            <div className="mb-1 text-[11px] font-semibold tracking-widest text-sky-300 uppercase">The same in Python</div>
            <pre className="overflow-x-auto font-mono text-[12px] leading-snug whitespace-pre text-[#e6e9f2]">{step.python.trimEnd()}</pre>
          </div>
          {!presenter && (
            <button type="button" className="rounded-md bg-emerald-600 px-3 py-1.5 font-semibold text-white hover:bg-emerald-500" onClick={() => nextSection()}>
              Next →
            </button>
          )}
        </div>
      )}

      {!complete && !presenter && (
        <div className="mt-3 flex flex-wrap gap-2 text-sm">
          <button
            type="button"
            className="rounded-md border border-edge px-2.5 py-1 text-white hover:bg-edge disabled:opacity-50"
            onClick={() => showHint()}
            disabled={hintsShown >= step.hints.length}
          >
            {hintsShown === 0 ? 'Hint' : hintsShown < step.hints.length ? 'Another hint' : 'No more hints'}
            <span className="text-muted"> ({hintsShown}/{step.hints.length})</span>
          </button>
          {!solutionShown && !confirming && (
            <button type="button" className="rounded-md border border-edge px-2.5 py-1 text-muted hover:bg-edge hover:text-white" onClick={() => setConfirming(true)}>
              Show solution
            </button>
          )}
        </div>
      )}
      {confirming && !solutionShown && (
        <div role="alertdialog" aria-labelledby={`confirm-${step.id}`} className="mt-2 rounded-lg border border-amber-600/60 bg-amber-950/40 p-2 text-sm">
          <p id={`confirm-${step.id}`}>Show the answer? A hint teaches more.</p>
          <div className="mt-2 flex gap-2">
            <button
              type="button"
              autoFocus
              className="rounded-md bg-amber-700 px-2.5 py-1 font-semibold text-white hover:bg-amber-600"
              onClick={() => {
                showSolution();
                setConfirming(false);
              }}
            >
              Show it
            </button>
            <button type="button" className="rounded-md border border-edge px-2.5 py-1" onClick={() => setConfirming(false)}>
              Not yet
            </button>
          </div>
        </div>
      )}

      {hintsShown > 0 && !complete && (
        <ol className="mt-3 space-y-1 text-sm" aria-label="Hints">
          {step.hints.slice(0, hintsShown).map((h, i) => (
            <li key={i} className="rounded-md bg-ink/70 px-2 py-1 text-amber-100">
              <span className="font-semibold text-amber-300">Hint {i + 1}.</span> {h}
            </li>
          ))}
        </ol>
      )}

      {solutionShown && !complete && (
        <div className="mt-3 text-sm">
          <div className="mb-1 font-semibold text-amber-300">Solution</div>
          <ol className="space-y-0.5 rounded-md bg-ink p-1.5 font-mono text-[13px]">
            {step.solution.map((line, i) => (
              <li key={i}>
                <button type="button" className="w-full rounded px-1.5 py-0.5 text-left hover:bg-panel" onClick={() => void typeIntoTerminal([line])} aria-label={`Run ${line}`}>
                  <span className="text-redis" aria-hidden="true">
                    &gt;{' '}
                  </span>
                  {line}
                </button>
              </li>
            ))}
          </ol>
        </div>
      )}
    </section>
  );
}

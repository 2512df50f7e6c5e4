import { Component, type ReactNode } from 'react';
import type { EngineClient } from '../client/engine-client';
import { useKeyspaceDownload } from './export-keyspace';

interface Props {
  /** What the panel is, for the message: "keyspace view", "terminal", "lessons". */
  readonly name: string;
  readonly client: EngineClient;
  /** Clears what the panel keeps outside React (its store's selection, saved view state) before it is shown again. */
  readonly onReset?: () => void;
  readonly children: ReactNode;
}

interface State {
  readonly error: Error | undefined;
  readonly generation: number;
}

/**
 * Keeps a failing panel from taking the page down: the panel is replaced by
 * what failed and two ways out (show the panel again from a clean state,
 * download the keyspace as redis-cli commands). The other panels go on.
 */
export class PanelBoundary extends Component<Props, State> {
  override state: State = { error: undefined, generation: 0 };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: unknown): void {
    console.error(`The ${this.props.name} failed:`, error);
  }

  private reset = (): void => {
    try {
      this.props.onReset?.();
    } finally {
      this.setState((s) => ({ error: undefined, generation: s.generation + 1 }));
    }
  };

  override render(): ReactNode {
    const { error, generation } = this.state;
    if (error === undefined) return <PanelKey key={generation}>{this.props.children}</PanelKey>;
    return <PanelError name={this.props.name} error={error} client={this.props.client} onReset={this.reset} />;
  }
}

function PanelKey({ children }: { children: ReactNode }) {
  return <>{children}</>;
}

function PanelError({ name, error, client, onReset }: { name: string; error: Error; client: EngineClient; onReset: () => void }) {
  const [exporting, save] = useKeyspaceDownload(client);
  return (
    <div role="alert" data-testid="panel-error" data-panel={name} className="h-full overflow-auto bg-panel p-4 text-sm">
      <h2 className="text-base font-semibold text-white">The {name} stopped working</h2>
      <p className="mt-2 text-muted">The rest of the page still works, and your keys are still in the engine.</p>
      <pre className="mt-3 whitespace-pre-wrap break-words rounded border border-edge bg-ink p-2 font-mono text-xs text-red-300">{error.message || error.name}</pre>
      <div className="mt-4 flex flex-wrap gap-2">
        <button type="button" onClick={onReset} className="rounded bg-white px-3 py-1.5 font-semibold text-ink hover:bg-slate-200">
          Reset the {name}
        </button>
        <button type="button" onClick={save} disabled={exporting === 'busy'} className="rounded border border-edge px-3 py-1.5 text-white hover:bg-ink disabled:opacity-50">
          Download the keyspace
        </button>
      </div>
      <p className="mt-2 text-xs text-muted" aria-live="polite">
        {exporting === 'busy' && 'Reading every key…'}
        {exporting === 'done' && 'Saved as keyspace.redis: redis-cli commands that rebuild your keys (paste them into a terminal, or redis-cli < keyspace.redis).'}
        {exporting === 'failed' && 'The engine did not answer; try again in a moment.'}
      </p>
    </div>
  );
}

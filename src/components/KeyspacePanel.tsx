import { VisualizerPanel } from '../visualizer/VisualizerPanel';

/** The keyspace pane: the live visualizer (tree, value views, Python view). */
export function KeyspacePanel() {
  return <VisualizerPanel />;
}

/**
 * The main screen's regions, in the order F6 visits them: lessons, terminal,
 * keyspace tree, value pane (Shift+F6 goes back). Hidden regions are skipped.
 */
import { useEffect } from 'react';

export type Region = 'lesson' | 'terminal' | 'tree' | 'value';
export const REGIONS: readonly Region[] = ['lesson', 'terminal', 'tree', 'value'];

const visible = (el: Element | null): el is HTMLElement => el instanceof HTMLElement && el.getClientRects().length > 0;

/** The element that takes focus for a region: the terminal's input (or the workbench's editor), the tree itself, else the region. */
function target(region: Region): HTMLElement | undefined {
  const root = document.querySelector(`[data-region="${region}"]`);
  if (!visible(root)) return undefined;
  if (region === 'terminal') {
    // The workbench, when it is what the region shows: its editor of the open tab.
    const editor = [...root.querySelectorAll('[data-workbench] [role="tabpanel"] .cm-content')].find(visible);
    if (editor instanceof HTMLElement) return editor;
    const inputs = [...root.querySelectorAll('[data-client]')].filter(visible);
    const active = inputs.find((c) => c.contains(document.activeElement)) ?? inputs[0];
    return (active?.querySelector('.xterm-helper-textarea') as HTMLElement | null) ?? root;
  }
  if (region === 'tree') return (root.querySelector('[role="tree"], [tabindex="0"]') as HTMLElement | null) ?? root;
  return root;
}

/** Moves focus to a region; false when it is not on screen. */
export function focusRegion(region: Region): boolean {
  const el = target(region);
  if (!el) return false;
  el.focus();
  el.scrollIntoView?.({ block: 'nearest' });
  return document.activeElement === el;
}

export function currentRegion(): Region | undefined {
  const a = document.activeElement;
  if (!a) return undefined;
  return REGIONS.find((r) => document.querySelector(`[data-region="${r}"]`)?.contains(a));
}

/** F6 / Shift+F6 cycle the regions, from anywhere (the terminal included). */
export function useRegionKeys(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'F6' || e.altKey || e.ctrlKey || e.metaKey) return;
      e.preventDefault();
      e.stopPropagation();
      const now = currentRegion();
      const dir = e.shiftKey ? -1 : 1;
      let i = now === undefined ? (dir === 1 ? -1 : 0) : REGIONS.indexOf(now);
      for (let n = 0; n < REGIONS.length; n++) {
        i = (i + dir + REGIONS.length) % REGIONS.length;
        if (focusRegion(REGIONS[i]!)) return;
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
}

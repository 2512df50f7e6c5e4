/**
 * Whether the terminal's region shows the workbench (the editors) instead of
 * the terminals. Remembered across reloads: a learner writing a script comes
 * back to the editors.
 */
import { create } from 'zustand';

export interface WorkbenchView {
  open: boolean;
  setOpen(open: boolean): void;
}

const STORAGE_KEY = 'redis-playground:workbench-open';

/** Storage may be missing, disabled or full: the choice then lasts for the page only. */
function readOpen(): boolean {
  try {
    return localStorage.getItem(STORAGE_KEY) === '1';
  } catch {
    return false;
  }
}

function writeOpen(open: boolean): void {
  try {
    if (open) localStorage.setItem(STORAGE_KEY, '1');
    else localStorage.removeItem(STORAGE_KEY);
  } catch {
    /* kept in memory only */
  }
}

export const useWorkbench = create<WorkbenchView>((set) => ({
  open: readOpen(),
  setOpen: (open) => {
    writeOpen(open);
    set({ open });
  },
}));

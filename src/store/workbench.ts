/** Whether the terminal's region shows the workbench (the editors) instead of the terminals. */
import { create } from 'zustand';

export interface WorkbenchView {
  open: boolean;
  setOpen(open: boolean): void;
}

export const useWorkbench = create<WorkbenchView>((set) => ({
  open: false,
  setOpen: (open) => set({ open }),
}));

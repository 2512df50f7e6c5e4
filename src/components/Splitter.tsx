import type { KeyboardEvent, PointerEvent } from 'react';

export interface SplitterProps {
  /** 'vertical': a bar between columns (drag sideways); 'horizontal': between rows. */
  orientation: 'vertical' | 'horizontal';
  label: string;
  /** Current value, its bounds and the keyboard step, in the caller's unit. */
  value: number;
  min: number;
  max: number;
  step: number;
  /** Maps a pointer position (clientX or clientY) to a value. */
  fromPointer: (pos: number) => number;
  onChange: (v: number) => void;
  /** Shown to screen readers instead of the raw number (e.g. "360 pixels"). */
  valueText?: string;
  testId?: string;
}

/**
 * A window splitter (WAI-ARIA "separator" pattern): drag it, or focus it and
 * use the arrow keys (Home/End for the bounds).
 */
export function Splitter({ orientation, label, value, min, max, step, fromPointer, onChange, valueText, testId }: SplitterProps) {
  const vertical = orientation === 'vertical';
  const clamp = (v: number) => Math.min(max, Math.max(min, v));
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const back = vertical ? ['ArrowLeft', 'ArrowUp'] : ['ArrowUp', 'ArrowLeft'];
    const forward = vertical ? ['ArrowRight', 'ArrowDown'] : ['ArrowDown', 'ArrowRight'];
    let next: number | undefined;
    if (back.includes(e.key)) next = value - step;
    else if (forward.includes(e.key)) next = value + step;
    else if (e.key === 'Home') next = min;
    else if (e.key === 'End') next = max;
    if (next === undefined) return;
    e.preventDefault();
    onChange(clamp(next));
  };
  const move = (e: PointerEvent<HTMLDivElement>) => onChange(clamp(fromPointer(vertical ? e.clientX : e.clientY)));
  return (
    <div
      role="separator"
      aria-orientation={orientation}
      aria-label={label}
      aria-valuemin={Math.round(min)}
      aria-valuemax={Math.round(max)}
      aria-valuenow={Math.round(value)}
      aria-valuetext={valueText}
      tabIndex={0}
      data-testid={testId}
      className={`splitter group relative shrink-0 touch-none bg-edge outline-none hover:bg-[#3a4a70] focus-visible:bg-[#ffb4ad] ${
        vertical ? 'w-1.5 cursor-col-resize' : 'h-1.5 cursor-row-resize'
      }`}
      onPointerDown={(e) => {
        e.currentTarget.setPointerCapture(e.pointerId);
        move(e);
      }}
      onPointerMove={(e) => {
        if (e.currentTarget.hasPointerCapture(e.pointerId)) move(e);
      }}
      onKeyDown={onKeyDown}
    >
      <span
        aria-hidden="true"
        className={`absolute top-1/2 left-1/2 -translate-x-1/2 -translate-y-1/2 rounded bg-white/25 group-hover:bg-white/50 ${vertical ? 'h-8 w-0.5' : 'h-0.5 w-8'}`}
      />
    </div>
  );
}

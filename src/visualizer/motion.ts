/**
 * Motion helpers: every animation here moves only transform and opacity
 * (compositor-only), and none runs when the user asked for reduced motion;
 * the same information is then shown without movement.
 */
import { useLayoutEffect, useRef, useSyncExternalStore, type RefObject } from 'react';

const QUERY = '(prefers-reduced-motion: reduce)';

let cached: MediaQueryList | undefined;

/** One MediaQueryList for the page (asked on every animation). */
function mql(): MediaQueryList | undefined {
  if (cached === undefined && typeof window !== 'undefined' && typeof window.matchMedia === 'function') cached = window.matchMedia(QUERY);
  return cached;
}

export function prefersReducedMotion(): boolean {
  return mql()?.matches ?? false;
}

export function useReducedMotion(): boolean {
  return useSyncExternalStore(
    (cb) => {
      const m = mql();
      m?.addEventListener('change', cb);
      return () => m?.removeEventListener('change', cb);
    },
    prefersReducedMotion,
    () => false,
  );
}

export const EASE = 'cubic-bezier(0.2, 0.8, 0.2, 1)';

/** Runs a Web Animation unless motion is reduced. */
export function animate(el: Element | null, keyframes: Keyframe[], options: KeyframeAnimationOptions): Animation | undefined {
  if (el === null || prefersReducedMotion() || typeof (el as HTMLElement).animate !== 'function') return undefined;
  return (el as HTMLElement).animate(keyframes, { easing: EASE, ...options });
}

/** Whether a scene drawn at `sceneAt` is recent enough to animate into (not a redraw of an old one). */
export function fresh(sceneAt: number): boolean {
  return performance.now() - sceneAt < 400;
}

/**
 * A ref for an element that moves right after a command (once per command:
 * not again when it is scrolled into view later, nor for an old scene):
 * `run` gets the element in a layout effect, before the frame is painted.
 */
export function useCommandMotion<E extends HTMLElement = HTMLDivElement>(seq: number, sceneAt: number, run: (el: E | null) => void): RefObject<E | null> {
  const ref = useRef<E>(null);
  useLayoutEffect(() => {
    if (fresh(sceneAt)) run(ref.current);
    // Once per command: the scene's sequence number alone.
  }, [seq]);
  return ref;
}

/**
 * Slides a whole strip of items (the element the returned ref is given to)
 * back into place after every item on screen moved by `shift` items of
 * `step` px: one compositor animation however many items moved (a push at
 * the head shifts every box on screen by one). Runs once per command
 * (`seq`), for a fresh scene only; reduced motion: nothing.
 */
export function useStripSlide(shift: number, step: number, horizontal: boolean, duration: number, seq: number, sceneAt: number): RefObject<HTMLDivElement | null> {
  const strip = useRef<HTMLDivElement>(null);
  const sliding = useRef<Animation | undefined>(undefined);
  useLayoutEffect(() => {
    if (shift === 0 || !fresh(sceneAt)) return;
    sliding.current?.cancel();
    const offset = -shift * step;
    const from = horizontal ? `translateX(${offset}px)` : `translateY(${offset}px)`;
    sliding.current = animate(strip.current, [{ transform: from }, { transform: 'none' }], { duration });
    // Once per command: `seq` alone decides, whatever else changed with it.
  }, [seq]);
  return strip;
}


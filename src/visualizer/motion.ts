/**
 * Motion helpers: every animation here moves only transform and opacity
 * (compositor-only), and none runs when the user asked for reduced motion;
 * the same information is then shown without movement.
 */
import { useSyncExternalStore } from 'react';

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

/**
 * Slides a whole strip of items from `offset` px back to its place: one
 * compositor animation however many items moved (a push at the head shifts
 * every box on screen by one). Reduced motion: nothing.
 */
export function slideStrip(el: Element | null, offset: number, horizontal: boolean, duration: number): Animation | undefined {
  if (offset === 0) return undefined;
  const from = horizontal ? `translateX(${offset}px)` : `translateY(${offset}px)`;
  return animate(el, [{ transform: from }, { transform: 'none' }], { duration });
}


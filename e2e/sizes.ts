/**
 * The screen sizes a test repeats its checks at. Every run (`npm test`, CI)
 * takes the first `always` of them; `npm run test:e2e:full` (E2E_FULL=1)
 * takes them all. List first the sizes where the layout is tightest or most
 * used: the later ones repeat the same checks where they rarely fail.
 */
export function atSizes<T>(sizes: readonly T[], always = 1): readonly T[] {
  return process.env.E2E_FULL === '1' ? sizes : sizes.slice(0, always);
}

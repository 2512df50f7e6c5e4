/** Byte strings <-> Unicode text, for the UI (re-exported from the engine's pure helpers). */
export { toText, fromText } from '../engine/core/bytes';

/**
 * Text the terminal did not write itself (a reply, an error echoing a typed
 * argument, a pub/sub message, a MONITOR line, a typed or pasted line) goes
 * through `escapeControls` before it reaches xterm.js, so it can never move
 * the cursor, clear the screen or colour what follows.
 *
 * redis-cli 7.0 prints an error reply's bytes as they are: `"\x1b[2J..." a`
 * answers `(error) ERR unknown command '<ESC>[2J...'` and a real terminal
 * obeys the escape. There is no redis-cli behaviour worth matching there;
 * the playground shows such bytes the way redis-cli quotes them inside a
 * bulk string (`\x1b`), which is also how the learner typed them.
 */

/** C0 controls but tab and newline, DEL, and the C1 controls (U+0080-U+009F, which xterm.js also obeys). */
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

const hex = (c: string): string => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;

/** The text with every control character but tab and newline written as `\xHH`. */
export function escapeControls(text: string): string {
  return text.replace(CONTROLS, hex);
}

/** Whether the text holds a character escapeControls would rewrite. */
export function hasControls(text: string): boolean {
  CONTROLS.lastIndex = 0;
  const found = CONTROLS.test(text);
  CONTROLS.lastIndex = 0;
  return found;
}

/** The text with every control character but tab and newline removed (typed and pasted input, as redis-cli's line editor drops them). */
export function dropControls(text: string): string {
  return text.replace(CONTROLS, '');
}

/**
 * redis-cli 7.0.15 emulation, pure TypeScript (no DOM, no engine runtime).
 * What the terminal needs, in the order it needs it:
 *
 *   interpretLine(line)            Enter: what redis-cli does with a typed line
 *                                  (split it, repeat count, HELP, :set hints,
 *                                  quit, clear, or a command to send)
 *   formatCommandReply(argv, r, { resp })
 *                                  the reply printed as redis-cli prints it
 *                                  (lines joined with "\n", no final newline)
 *   formatPush(reply, { resp })    an out-of-band push (pub/sub, invalidation)
 *   hintFor(specs, line)           the grey hint after the typed words
 *   completions(specs, line)       Tab candidates, in cycling order
 *   helpText(specs, args)          HELP, HELP <command>, HELP @<group>
 *   promptText / nextPromptState   `127.0.0.1:6379[1](TX)> `
 *   explain({ argv, reply, specs, keyTypes })
 *                                  a plain-words note under an error
 *   toRedisPy(argv)                the redis-py call for a command
 *
 * Arguments are engine byte strings (one char per byte, UTF-8 for text):
 * splitArgs/interpretLine produce them; every function returning text for
 * the screen returns Unicode text.
 */
export { splitArgs, INVALID_ARGUMENTS } from './split';
export {
  formatReply,
  formatReplyBytes,
  formatCommandReply,
  formatCommandReplyBytes,
  formatPush,
  printsRaw,
  quoteBytes,
  type FormatOptions,
} from './format';
export {
  interpretLine,
  initialPromptState,
  nextPromptState,
  promptText,
  INVALID_REPEAT,
  type LineAction,
  type PromptState,
} from './repl';
export { hintFor } from './hints';
export { completions, type CompleteOptions } from './complete';
export { helpText, helpTopics, REDIS_CLI_VERSION, type HelpOptions } from './help';
export { explain, commandKeys, showArg, type ExplainInput } from './explain';
export { toRedisPy, type PythonOptions } from './python';

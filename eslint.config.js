import js from '@eslint/js';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Layering (see the README's architecture section):
 *   text <- engine <- worker (and server/, bench/)
 *   protocol <- client <- store <- controllers <- components
 *   store (state slices only) <- lessons (the lesson controller), visualizer/model
 *   (the keyspace, clock and timeline models): the controllers are handed the
 *   engine client; the store never reaches it
 *   cli, curriculum, visualizer layout: pure, data and types only
 *   text (Redis's numbers and strings as text): pure, imports nothing
 * A command group (src/engine/commands) depends downwards only: on core/,
 * types/, spec/, the RDB codec and src/text, never on another group; only
 * the index files that assemble the command table import groups.
 * `import-x/no-restricted-paths` resolves real files, so relative imports
 * cannot sneak around the rules.
 */
const zone = (target, from, message, except = []) => ({ target, from, except, message });

const PURE = 'This layer is pure: it depends on data and types only.';
const STATE_ONLY =
  'src/store holds state slices only: controllers (src/lessons, src/visualizer/model) reach the engine client and provide the actions; the store imports neither.';

/** Every file of a command group except the index files that assemble the table. */
const COMMAND_FILES = 'src/engine/commands/**/!(index|*.test).ts';

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'playwright-report', 'test-results', 'coverage', '.vite'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    settings: { 'import-x/resolver': { node: { extensions: ['.ts', '.tsx', '.js'] } } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // Terminals and RESP are made of control characters.
      'no-control-regex': 'off',
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            zone('./src/engine', './src', 'The engine imports nothing outside src/engine and src/text.', ['./engine', './text']),
            zone(
              COMMAND_FILES,
              './src/engine',
              'A command group imports only core/, types/, spec/, rdb/ and src/text: move what two groups share into core/ or types/.',
              ['./core', './types', './spec', './rdb', './engine.ts'],
            ),
            zone('./src/text', './src', 'src/text is pure: it imports nothing outside itself.', ['./text']),
            zone('./src/components', './src/engine', 'Components talk to the engine only through src/client.'),
            zone('./src/components', './src/worker', 'Components talk to the worker only through src/client.'),
            zone('./src/store', './src/engine', 'The store talks to the engine only through src/client.'),
            zone('./src/store', './src/worker', 'The store talks to the worker only through src/client.'),
            zone('./src/store', './src/client', STATE_ONLY),
            zone('./src/store', './src/lessons', STATE_ONLY),
            zone('./src/store', './src/visualizer/model', STATE_ONLY),
            zone('./src/lessons', './src/components', 'The lesson controller does not import views.'),
            zone('./src/lessons', './src/engine', 'The lesson controller talks to the engine only through its client.'),
            zone('./src/terminal', './src/engine', 'The terminal talks to the engine only through src/client.'),
            zone(
              './src/visualizer',
              './src/engine',
              "The visualizer listens to events; it never imports the engine (only the pure geohash math, to draw points where GEOPOS puts them).",
              ['./core/geohash.ts'],
            ),
            zone(
              './src/workbench',
              './src/engine',
              "The workbench talks to the engine only through src/client; it reads Redis's error texts and key positions as data.",
              ['./core/errors.ts', './spec/keys.ts'],
            ),
            zone('./src/workbench', './src/worker', 'The workbench talks to the worker only through src/client.'),
            zone('./src/protocol', './src/client', PURE),
            zone('./src/protocol', './src/store', PURE),
            zone('./src/protocol', './src/components', PURE),
            zone('./src/cli', './src/components', PURE),
            zone('./src/cli', './src/store', PURE),
            zone('./src/cli', './src/client', PURE),
            zone('./src/cli', './src/worker', PURE),
            zone('./src/curriculum', './src/components', PURE),
            zone('./src/curriculum', './src/store', PURE),
            zone('./src/curriculum', './src/client', PURE),
            zone('./src/curriculum', './src/lessons', PURE),
            zone('./src/visualizer/layout', './src/components', PURE),
            zone('./src/visualizer/layout', './src/store', PURE),
            zone('./src/visualizer/layout', './src/client', PURE),
          ],
        },
      ],
    },
  },
  {
    files: ['src/engine/**/*.ts', 'src/text/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['react', 'react-dom', 'zustand', '@xterm/*', 'node:*'], message: 'The engine is pure TypeScript.' }] },
      ],
    },
  },
  {
    files: ['src/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
);

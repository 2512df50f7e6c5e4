/**
 * Turns one lesson file (Markdown with YAML front matter) into a Lesson.
 *
 * - Front matter and `step`/`widget` blocks are YAML (the `yaml` package,
 *   with a LineCounter so problems point at a file line), validated by the
 *   zod schemas in schema.ts.
 * - The body is Markdown (the `marked` lexer). Every `## ` heading starts a
 *   section: one screen in presenter mode, one small step in the self-paced
 *   track. Fenced blocks with these info strings are special:
 *   `redis` (runnable transcript), `step` (a goal), `widget` (an interactive
 *   view), `notes` (instructor notes, presenter only). Everything else is
 *   rendered to HTML.
 */
import { Marked, type Token, type Tokens, type TokensList } from 'marked';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import type { ZodType } from 'zod';
import { parseRedisBlock, type RedisBlock } from './redis-block';
import { frontMatterSchema, stepSchema, widgetSchema, type FrontMatter, type StepSpec, type WidgetName } from './schema';

export type Block =
  | { readonly kind: 'html'; readonly html: string }
  | { readonly kind: 'redis'; readonly block: RedisBlock }
  | { readonly kind: 'step'; readonly step: StepSpec; readonly line: number }
  | { readonly kind: 'widget'; readonly name: WidgetName; readonly options: Readonly<Record<string, unknown>>; readonly line: number }
  | { readonly kind: 'notes'; readonly html: string; readonly text: string };

export interface Section {
  /** Unique within the lesson; used in URLs (`&step=`). */
  readonly id: string;
  readonly title: string;
  readonly blocks: readonly Block[];
  readonly line: number;
  /** The step this section's goal belongs to, if it has one. */
  readonly stepId: string | undefined;
}

export interface Lesson extends Omit<FrontMatter, 'setup'> {
  /** Path of the lesson file relative to the repository root. */
  readonly file: string;
  /** Setup lines as written (redis-cli syntax). */
  readonly setup: readonly string[];
  readonly sections: readonly Section[];
  readonly steps: readonly (StepSpec & { readonly section: number })[];
}

export interface LessonProblem {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

export class LessonError extends Error {
  constructor(readonly problems: readonly LessonProblem[]) {
    super(problems.map((p) => `${p.file}:${p.line}: ${p.message}`).join('\n'));
    this.name = 'LessonError';
  }
}

const marked = new Marked({ gfm: true });

/** Renders Markdown to HTML (lesson text is ours: no untrusted input). */
export function renderMarkdown(md: string): string {
  return marked.parse(md, { async: false });
}

/** Parses a lesson or throws a LessonError listing every problem with its line. */
export function parseLesson(file: string, raw: string): Lesson {
  const problems: LessonProblem[] = [];
  const report = (line: number, message: string) => problems.push({ file, line, message });
  const src = raw.replace(/\r\n?/g, '\n');

  const fm = /^---\n([\s\S]*?)\n---\n/.exec(src);
  if (!fm) throw new LessonError([{ file, line: 1, message: 'a lesson starts with YAML front matter between two "---" lines' }]);
  const front = validateYaml(fm[1]!, 2, frontMatterSchema, report);
  const body = src.slice(fm[0].length);
  const bodyLine = 1 + fm[0].split('\n').length - 1;

  const sections: Section[] = [];
  const steps: (StepSpec & { section: number })[] = [];
  let title = '';
  let sectionLine = bodyLine;
  let blocks: Block[] = [];
  let pending: Token[] = [];
  const tokens = marked.lexer(body);
  const flushHtml = () => {
    if (pending.length === 0) return;
    const list = Object.assign(pending, { links: tokens.links }) as TokensList;
    const html = marked.parser(list).trim();
    if (html !== '') blocks.push({ kind: 'html', html });
    pending = [];
  };
  const closeSection = () => {
    flushHtml();
    if (blocks.length > 0 || title !== '') {
      const stepBlocks = blocks.filter((b): b is Extract<Block, { kind: 'step' }> => b.kind === 'step');
      if (stepBlocks.length > 1) report(stepBlocks[1]!.line, 'one section holds at most one step; start a new "## " section for the next goal');
      const sid = uniqueId(slug(title || 'introduction'), sections);
      sections.push({ id: sid, title, blocks, line: sectionLine, stepId: stepBlocks[0]?.step.id });
    }
    blocks = [];
  };

  let line = bodyLine;
  for (const t of tokens) {
    const at = line;
    line += countLines(t.raw);
    if (t.type === 'heading') {
      const h = t as Tokens.Heading;
      if (h.depth === 1) {
        report(at, 'the title comes from the front matter; start sections with "## "');
        continue;
      }
      if (h.depth === 2) {
        closeSection();
        title = h.text.trim();
        sectionLine = at;
        continue;
      }
    }
    if (t.type === 'code') {
      const c = t as Tokens.Code;
      const info = (c.lang ?? '').trim();
      const kind = info.split(/\s+/)[0];
      const contentLine = at + 1;
      if (kind === 'redis') {
        flushHtml();
        const { block, problems: ps } = parseRedisBlock(c.text, info, at);
        for (const p of ps) report(p.line, p.message);
        blocks.push({ kind: 'redis', block });
        continue;
      }
      if (kind === 'step') {
        flushHtml();
        const step = validateYaml(c.text, contentLine, stepSchema, report);
        if (step) {
          if (steps.some((s) => s.id === step.id)) report(contentLine, `step id "${step.id}" is used twice in this lesson`);
          steps.push({ ...step, section: -1 });
          blocks.push({ kind: 'step', step, line: contentLine });
        }
        continue;
      }
      if (kind === 'widget') {
        flushHtml();
        const w = validateYaml(c.text, contentLine, widgetSchema, report);
        if (w) blocks.push({ kind: 'widget', name: w.widget, options: w.with ?? {}, line: contentLine });
        continue;
      }
      if (kind === 'notes') {
        flushHtml();
        blocks.push({ kind: 'notes', html: renderMarkdown(c.text), text: c.text });
        continue;
      }
    }
    pending.push(t);
  }
  closeSection();

  sections.forEach((s, i) => {
    for (const st of steps) if (st.id === s.stepId) st.section = i;
  });
  if (sections.length === 0) report(bodyLine, 'a lesson needs at least one section');
  if (front?.reference === undefined && front?.tracks.includes('self-paced') && steps.length === 0) {
    report(bodyLine, 'a self-paced lesson needs at least one step with a goal');
  }
  if (problems.length > 0 || front === undefined) throw new LessonError(problems);
  return { ...front, file, setup: front.setup, sections, steps };
}

/** Parses YAML text and validates it; reports problems at file lines. */
function validateYaml<T>(text: string, firstLine: number, schema: ZodType<T>, report: (line: number, message: string) => void): T | undefined {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  if (doc.errors.length > 0) {
    for (const e of doc.errors) report(firstLine + lc.linePos(e.pos[0]).line - 1, `YAML: ${e.message.split('\n')[0]}`);
    return undefined;
  }
  const res = schema.safeParse(doc.toJS());
  if (res.success) return res.data;
  for (const issue of res.error.issues) {
    const path = issue.path.map((p) => (typeof p === 'number' ? p : String(p)));
    const where = path.length > 0 ? `${path.join('.')}: ` : '';
    report(firstLine + lineOf(doc, lc, path) - 1, `${where}${issue.message}`);
  }
  return undefined;
}

/** The 1-based line (inside the YAML text) of the deepest node on `path` that exists. */
function lineOf(doc: Document, lc: LineCounter, path: (string | number)[]): number {
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) return lc.linePos(node.range[0]).line;
  }
  return 1;
}

function countLines(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === 10) n++;
  return n;
}

export function slug(s: string): string {
  return (
    s
      .toLowerCase()
      .replace(/[`*_"'’]/g, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'section'
  );
}

function uniqueId(base: string, taken: readonly Section[]): string {
  let id = base;
  for (let i = 2; taken.some((s) => s.id === id); i++) id = `${base}-${i}`;
  return id;
}

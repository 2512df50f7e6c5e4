/**
 * Every lesson in `lessons/`, ordered by folder and file name. This module
 * is imported lazily (the first screen never waits for lesson text): the
 * lesson files are bundled as raw text into its chunk and parsed here.
 */
import { LessonError, parseLesson, type Lesson, type LessonProblem } from './parse';

const files = import.meta.glob<string>('../../lessons/**/*.md', { query: '?raw', import: 'default', eager: true });

export interface Catalog {
  readonly lessons: readonly Lesson[];
  readonly problems: readonly LessonProblem[];
}

/** Parses a set of lesson files (path -> text). Lessons with problems are left out and reported. */
export function buildCatalog(sources: Readonly<Record<string, string>>): Catalog {
  const lessons: Lesson[] = [];
  const problems: LessonProblem[] = [];
  const paths = Object.keys(sources)
    .filter((p) => !/\/README\.md$/i.test(p))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const path of paths) {
    const file = path.replace(/^(\.\.\/)+/, '');
    try {
      const lesson = parseLesson(file, sources[path]!);
      const dup = lessons.find((l) => l.id === lesson.id);
      if (dup) problems.push({ file, line: 2, message: `lesson id "${lesson.id}" is already used by ${dup.file}` });
      else lessons.push(lesson);
    } catch (e) {
      if (e instanceof LessonError) problems.push(...e.problems);
      else problems.push({ file, line: 1, message: e instanceof Error ? e.message : String(e) });
    }
  }
  return { lessons, problems };
}

let cached: Catalog | undefined;

/** The bundled lessons. */
export function catalog(): Catalog {
  cached ??= buildCatalog(files);
  return cached;
}

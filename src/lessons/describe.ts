import type { Lesson } from '../curriculum/parse';

/** "Section 2 of 5: Expiring keys." (what the terminal prints and screen readers hear on a move). */
export function describeSection(lesson: Lesson, i: number): string {
  const sec = lesson.sections[i];
  return sec ? `Section ${i + 1} of ${lesson.sections.length}: ${sec.title || lesson.title}.` : '';
}

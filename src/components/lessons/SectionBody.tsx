import type { Lesson, Section } from '../../curriculum/parse';
import { RunnableBlock } from './RunnableBlock';
import { StepCard } from './StepCard';
import { Widget } from './widgets/Widget';

/** One section of a lesson: prose, runnable blocks, its goal and widgets. Notes only in presenter mode's notes window. */
export function SectionBody({
  lesson,
  section,
  presenter = false,
  widgets = true,
  steps = true,
}: {
  lesson: Lesson;
  section: Section;
  presenter?: boolean;
  /** False when the widgets are shown elsewhere (presenter mode puts a simulation beside the slide). */
  widgets?: boolean;
  /** False when the step's goal is shown elsewhere (presenter mode puts it beside the slide). */
  steps?: boolean;
}) {
  return (
    <div className="lesson-prose">
      {section.blocks.map((b, i) => {
        switch (b.kind) {
          case 'html':
            return <div key={i} className="md" dangerouslySetInnerHTML={{ __html: b.html }} />;
          case 'redis':
            return <RunnableBlock key={i} block={b.block} large={presenter} />;
          case 'step':
            if (!steps) return null;
            return <StepCard key={i} step={b.step} presenter={presenter} />;
          case 'widget':
            if (!widgets) return null;
            return <Widget key={i} name={b.name} options={b.options} lesson={lesson} presenter={presenter} />;
          case 'notes':
            return null;
        }
      })}
    </div>
  );
}

import type { Lesson } from '../../../curriculum/parse';
import type { WidgetName } from '../../../curriculum/schema';
import { DashboardSim } from './DashboardSim';
import { LimitRace, LostUpdate, RateLimit, SingleThread, Venn } from './demos';
import { Architecture, ClockControl, LatencyTable, NamespaceTree, ReferenceCard } from './small';

const str = (v: unknown, fallback: string) => (typeof v === 'string' ? v : fallback);
const num = (v: unknown, fallback: number) => (typeof v === 'number' ? v : fallback);

/** Picks the widget a lesson's `widget` block names. */
export function Widget({ name, options, lesson, presenter }: { name: WidgetName; options: Readonly<Record<string, unknown>>; lesson: Lesson; presenter: boolean }) {
  switch (name) {
    case 'latency-table':
      return <LatencyTable />;
    case 'dashboard-sim':
      return <DashboardSim compact={options.compact === true} presenter={presenter} />;
    case 'architecture':
      return <Architecture />;
    case 'single-thread':
      return <SingleThread mode={options.mode === 'keys-vs-scan' ? 'keys-vs-scan' : 'block'} />;
    case 'lost-update':
      return <LostUpdate />;
    case 'limit-race':
      return <LimitRace keyName={str(options.key, 'ratelimit:user:7')} limit={num(options.limit, 5)} />;
    case 'rate-limit':
      return <RateLimit keyName={str(options.key, 'ratelimit:login:192.168.1.50')} limit={num(options.limit, 10)} window={num(options.window, 60)} />;
    case 'venn':
      return <Venn a={str(options.a, 'set:a')} b={str(options.b, 'set:b')} />;
    case 'clock':
      return <ClockControl />;
    case 'namespace-tree':
      return <NamespaceTree />;
    case 'reference-card':
      return <ReferenceCard groups={lesson.reference ?? []} presenter={presenter} />;
  }
}

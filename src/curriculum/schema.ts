/**
 * The lesson format as a schema (see LESSONS.md in the design notes and
 * lessons/README.md). Front matter, `step` blocks and `widget` blocks are
 * YAML validated here; errors carry the YAML path so the loader can point at
 * the file and line.
 */
import { z } from 'zod';

export const TRACKS = ['lecture', 'self-paced', 'patterns'] as const;
export type Track = (typeof TRACKS)[number];

const id = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'use lower-case words joined by dashes, e.g. "speed-problem"');
const key = z.string().min(1, 'a key name cannot be empty');
const text = z.string().min(1);
const REDIS_TYPES = ['string', 'hash', 'list', 'set', 'zset'] as const;

/** A command family: the command name, and tokens that must appear among its arguments. */
const family = z.strictObject({
  command: text,
  with: z.array(text).optional(),
  /** At least this many times in the step (default 1). */
  times: z.number().int().positive().optional(),
});

const range = z
  .strictObject({ min: z.number().optional(), max: z.number().optional() })
  .refine((r) => r.min !== undefined || r.max !== undefined, 'give min, max or both');

/**
 * Every check names exactly one kind. Written as a strict object with
 * optional kinds so a misspelt kind gets a clear "Unrecognized key" message.
 */
const checkShape = z.strictObject({
  exists: key.optional(),
  absent: key.optional(),
  type: z.strictObject({ key, is: z.enum(REDIS_TYPES) }).optional(),
  string: z
    .strictObject({ key, equals: z.string().optional(), json: z.unknown().optional(), number: z.number().optional() })
    .optional(),
  hash: z
    .strictObject({
      key,
      /** Field -> value; `null` means "the field exists, any value". */
      fields: z.record(z.string(), z.string().nullable()).optional(),
      absentFields: z.array(z.string()).optional(),
      /** No other fields allowed. */
      exact: z.boolean().optional(),
      length: z.number().int().nonnegative().optional(),
    })
    .optional(),
  list: z
    .strictObject({ key, equals: z.array(z.string()).optional(), length: z.number().int().nonnegative().optional(), head: z.array(z.string()).optional() })
    .optional(),
  set: z
    .strictObject({
      key,
      /** Order-free. */
      equals: z.array(z.string()).optional(),
      contains: z.array(z.string()).optional(),
      excludes: z.array(z.string()).optional(),
      size: z.number().int().nonnegative().optional(),
    })
    .optional(),
  zset: z
    .strictObject({
      key,
      /** Member/score pairs in Redis order (score ascending). */
      equals: z.array(z.tuple([z.string(), z.number()])).optional(),
      /** Members from the highest score down (a prefix of ZREVRANGE). */
      top: z.array(z.string()).optional(),
      scores: z.record(z.string(), z.number()).optional(),
      /** The scores, lowest first, whatever the members are called (a member name the learner chose). */
      scoreList: z.array(z.number()).optional(),
      size: z.number().int().nonnegative().optional(),
    })
    .optional(),
  /** Seconds to live. `none: true` means the key exists and has no expiry (TTL -1). */
  ttl: z
    .strictObject({ key, min: z.number().optional(), max: z.number().optional(), none: z.boolean().optional() })
    .refine((t) => t.none === true || t.min !== undefined || t.max !== undefined, 'give min and/or max, or none: true')
    .optional(),
  /** What redis-cli printed for the learner's latest command in this step. */
  reply: z.union([z.string(), z.strictObject({ equals: z.string().optional(), matches: z.string().optional(), command: z.string().optional() })]).optional(),
  used: family.optional(),
  notUsed: family.optional(),
  dbsize: z.union([z.number().int().nonnegative(), range]).optional(),
});

const BASE_KINDS = Object.keys(checkShape.shape) as (keyof z.infer<typeof checkShape>)[];

const oneKind = (c: Record<string, unknown>, kindsOf: readonly string[], ctx: z.RefinementCtx): void => {
  const kinds = kindsOf.filter((k) => c[k] !== undefined);
  if (kinds.length !== 1) {
    ctx.addIssue({
      code: 'custom',
      message:
        kinds.length === 0
          ? `a check needs one of: ${kindsOf.join(', ')}`
          : `a check names exactly one kind, found ${kinds.join(' and ')} (write them as separate list items)`,
    });
  }
};

const simpleCheck = checkShape.superRefine((c, ctx) => oneKind(c, BASE_KINDS, ctx));

/**
 * `anyOf: [check, check, ...]` passes when one of them does: for goals with
 * more than one right answer (DEL or UNLINK, SET ... EX or SETEX, LMOVE or
 * RPOPLPUSH), so a correct answer is never refused for its spelling.
 */
const fullShape = checkShape.extend({ anyOf: z.array(simpleCheck).min(2, 'anyOf lists at least two checks').optional() });

const CHECK_KINDS = Object.keys(fullShape.shape) as (keyof z.infer<typeof fullShape>)[];

export const checkSchema = fullShape.superRefine((c, ctx) => oneKind(c, CHECK_KINDS, ctx));

export type CheckSpec = z.infer<typeof checkSchema>;

export const stepSchema = z.strictObject({
  id,
  /** What the learner must achieve, in one sentence. */
  goal: text,
  checks: z.array(checkSchema).min(1, 'a step needs at least one check'),
  hints: z.array(text).min(1, 'give at least one hint'),
  /** Lines typed into the terminal that reach the goal (lesson commands such as `:clock +61s` allowed). */
  solution: z.array(text).min(1),
  /** What the learner just did, in Python terms. */
  python: text,
  /** Shown once the step is done. */
  done: z.string().optional(),
});

export type StepSpec = z.infer<typeof stepSchema>;

export const WIDGETS = [
  'latency-table',
  'dashboard-sim',
  'architecture',
  'single-thread',
  'lost-update',
  'limit-race',
  'rate-limit',
  'venn',
  'clock',
  'namespace-tree',
  'reference-card',
] as const;
export type WidgetName = (typeof WIDGETS)[number];

export const widgetSchema = z.strictObject({
  widget: z.enum(WIDGETS),
  /** Widget options; each widget documents its own. */
  with: z.record(z.string(), z.unknown()).optional(),
});

const referenceSchema = z.array(
  z.strictObject({
    group: text,
    items: z.array(z.strictObject({ command: text, does: text, tip: z.string().optional() })).min(1),
  }),
);
export type ReferenceGroup = z.infer<typeof referenceSchema>[number];

export const frontMatterSchema = z.strictObject({
  id,
  title: text,
  /** One line for the map. */
  summary: text,
  tracks: z.array(z.enum(TRACKS)).min(1),
  /** The lecture part this lesson follows (1-6); patterns have none. */
  part: z.number().int().positive().optional(),
  minutes: z.number().int().positive().optional(),
  /** Commands that build the starting keyspace on an empty server. */
  setup: z.array(text).default([]),
  /** Bulk keys for lessons that need a large keyspace: `count` string keys named `prefix` + n. */
  populate: z.strictObject({ prefix: z.string(), count: z.number().int().positive().max(500_000) }).optional(),
  /** Data for the quick reference card. */
  reference: referenceSchema.optional(),
});

export type FrontMatter = z.infer<typeof frontMatterSchema>;

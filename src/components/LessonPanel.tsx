/** The lesson panel. Until the curriculum loads, a welcome and a first session to try. */
export function LessonPanel() {
  return (
    <article className="space-y-4 p-5 text-[15px] leading-relaxed">
      <h2 className="text-xl font-semibold">Welcome</h2>
      <p>
        This is a real Redis 7 engine running inside your browser tab. Type commands in the terminal exactly as you would in{' '}
        <code className="rounded bg-ink px-1">redis-cli</code>, and watch the keyspace on the right change as they run.
      </p>
      <p>Try this:</p>
      <pre className="overflow-x-auto rounded-md border border-edge bg-ink p-3 font-mono text-sm">
        {`SET greeting "hello world"
GET greeting
INCR greeting
DEL greeting`}
      </pre>
      <p className="text-muted">
        <code>INCR</code> on text fails with Redis&apos;s own error: a string holds a number only if it looks like one.
      </p>
    </article>
  );
}

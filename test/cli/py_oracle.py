"""
Runs the terminal's Python view against real Redis with redis-py.

Reads JSON on stdin: {"a": port, "b": port, "blocks": [[{"line", "argv", "py"}]]}.
Each corpus line runs twice, in lockstep: its argv sent as-is on a raw
connection to server A, and its redis-py translation exec'd against server B.
After every line both keyspaces are read back (every database, every key, its
type, logical value and whether it has a TTL) and compared. Prints JSON: a list
of problems ({"line", "py", "kind", "detail"}; none means the translations do
exactly what the typed commands do) and how many lines were checked.

Arguments are byte strings in the engine's convention: one char per byte
(latin-1), so they are encoded back to bytes with latin-1.
"""
import json
import sys

import redis

# Replies Redis leaves to chance: after one of these the two servers may
# legitimately differ, so the rest of the block is only checked for failures.
RANDOM = {b"spop", b"srandmember", b"zrandmember", b"hrandfield", b"randomkey"}
# The client side of these differs by design (connection state, not data).
CONNECTION = {b"client", b"hello", b"reset", b"quit", b"debug", b"monitor"}


def state(conn):
    """Every database's keys with type, logical value and TTL presence."""

    def call(*args):
        conn.send_command(*args)
        return conn.read_response()

    out = {}
    for db in range(16):
        call("SELECT", db)
        keys = sorted(call("KEYS", "*"))
        if not keys:
            continue
        dbstate = {}
        for k in keys:
            t = call("TYPE", k)
            if t == b"string":
                v = call("GET", k)
            elif t == b"hash":
                flat = call("HGETALL", k)
                v = sorted(zip(flat[::2], flat[1::2]))
            elif t == b"list":
                v = call("LRANGE", k, 0, -1)
            elif t == b"set":
                v = sorted(call("SMEMBERS", k))
            elif t == b"zset":
                v = call("ZRANGE", k, 0, -1, "WITHSCORES")
            elif t == b"stream":
                v = [(i, f) for i, f in call("XRANGE", k, "-", "+")]
            else:
                v = None
            ttl = call("PTTL", k) > 0
            dbstate[k] = (t, v, ttl)
        out[db] = dbstate
    call("SELECT", 0)
    return out


def show(x):
    return repr(x)[:300]


def main():
    req = json.load(sys.stdin)
    # Raw connections: replies exactly as Redis sends them, no redis-py parsing.
    admin_a = redis.Connection(port=req["a"])
    admin_b = redis.Connection(port=req["b"])
    problems = []
    checked = 0
    for block in req["blocks"]:
        for admin in (admin_a, admin_b):
            admin.send_command("FLUSHALL")
            admin.read_response()
        raw = redis.Connection(port=req["a"], socket_timeout=10)
        ns = {"r": redis.Redis(port=req["b"], socket_timeout=10), "redis": redis}
        comparing = True
        for item in block:
            argv = [a.encode("latin-1") for a in item["argv"]]
            name = argv[0].lower()
            if name in CONNECTION:
                break
            raw_error = None
            try:
                raw.send_command(*argv)
                raw.read_response()
            except redis.ResponseError as e:
                raw_error = str(e)
            py_error = None
            try:
                exec(item["py"], ns)
            except (redis.ResponseError, redis.DataError) as e:
                py_error = str(e)
            except Exception as e:  # a translation that is not valid redis-py
                problems.append({"line": item["line"], "py": item["py"], "kind": "exception", "detail": f"{type(e).__name__}: {e}"})
                break
            # redis-py reports a queued command's error at execute(), and raises for an error
            # inside EXEC's reply after the whole transaction ran; Redis answers the same things.
            queued_error = item["inMulti"] and raw_error is not None and py_error is None
            exec_error = name == b"exec" and raw_error is None and py_error is not None and "of pipeline caused error" in py_error
            if (raw_error is None) != (py_error is None) and not queued_error and not exec_error:
                problems.append({
                    "line": item["line"], "py": item["py"], "kind": "error",
                    "detail": f"typed: {raw_error or 'ok'} / python: {py_error or 'ok'}",
                })
                break
            checked += 1
            if name in RANDOM:
                comparing = False
            if comparing:
                sa, sb = state(admin_a), state(admin_b)
                if sa != sb:
                    problems.append({"line": item["line"], "py": item["py"], "kind": "state", "detail": f"typed: {show(sa)} / python: {show(sb)}"})
                    break
        raw.disconnect()
    json.dump({"problems": problems, "checked": checked}, sys.stdout)


main()

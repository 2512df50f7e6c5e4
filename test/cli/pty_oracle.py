"""Drives a real interactive redis-cli in a pseudo-terminal and reports the
inline hint it draws after a typed line, and the candidates Tab cycles
through. Used by test/cli/interactive.test.ts as the oracle for
src/cli/hints.ts and src/cli/complete.ts (redis-cli only draws hints and
completes when its stdin is a terminal, which Node cannot provide).

stdin:  {"cli": "redis-cli", "port": 6379, "cases": [{"kind": "hint"|"complete", "line": "..."}]}
stdout: [{"hint": str|null} | {"candidates": [str, ...]}] in the same order
"""
import fcntl
import json
import os
import pty
import re
import select
import struct
import sys
import termios
import time

req = json.load(sys.stdin)
PROMPT = ('127.0.0.1:%d> ' % req['port']).encode()

pid, fd = pty.fork()
if pid == 0:
    os.environ['TERM'] = 'xterm'
    os.environ['HOME'] = '/nonexistent'  # no ~/.redisclirc, no history file
    os.execvp(req['cli'], [req['cli'], '-h', '127.0.0.1', '-p', str(req['port'])])

fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', 50, 4000, 0, 0))


def read_until(done, limit=10.0, settle=0.03):
    """Reads until done(output) holds (then waits for `settle` seconds of
    quiet), or until `limit` seconds have passed."""
    out = b''
    end = time.time() + limit
    satisfied = False
    while time.time() < end:
        r, _, _ = select.select([fd], [], [], settle if satisfied else 0.05)
        if not r:
            if satisfied:
                break
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if b'\x1b[6n' in chunk:
            os.write(fd, b'\x1b[1;1R')
        out += chunk
        satisfied = satisfied or done(out)
    return out


def read_idle(idle=0.08, limit=5.0):
    return read_until(lambda _out: True, limit, idle)


REDRAW_END = re.compile(rb'\r\x1b\[\d+C$')


def shows_line(line):
    """The prompt line has been redrawn with exactly this buffer."""
    want = PROMPT + line

    def done(out):
        at = out.rfind(want)
        if at < 0:
            return False
        rest = out[at + len(want):]
        return (rest.startswith(b'\x1b[0;90;49m') or rest.startswith(b'\r')) and REDRAW_END.search(rest) is not None
    return done


def redrawn(out):
    return b'\x07' in out or REDRAW_END.search(out) is not None


HINT = re.compile(rb'\x1b\[0;90;49m(.*?)\x1b\[0m', re.S)


def last_screen(out):
    """The buffer and hint of the last redraw of the prompt line."""
    at = out.rfind(PROMPT)
    if at < 0:
        return None, None
    rest = out[at + len(PROMPT):]
    m = HINT.search(rest)
    if m:
        return rest[:m.start()].decode('utf-8', 'replace'), m.group(1).decode('utf-8', 'replace')
    buf = re.split(rb'[\r\x1b]', rest, 1)[0]
    return buf.decode('utf-8', 'replace'), None


read_until(lambda out: out.endswith(PROMPT), 10.0)
results = []
for case in req['cases']:
    line = case['line'].encode('utf-8')
    os.write(fd, b'\x15')  # Ctrl-U: empty the line
    read_until(shows_line(b''))
    os.write(fd, line)
    out = read_until(shows_line(line))
    if case['kind'] == 'hint':
        _, hint = last_screen(out)
        results.append({'hint': hint})
        continue
    candidates = []
    for _ in range(200):
        os.write(fd, b'\t')
        out = read_until(redrawn)
        if b'\x07' in out:  # beep: no candidates, or back at the typed line
            break
        buf, _ = last_screen(out)
        candidates.append(buf)
    results.append({'candidates': candidates})
    # Any key other than Tab/Esc ends the cycle; Ctrl-U then empties the line.
    os.write(fd, b'\x15')
    read_until(shows_line(b''))

os.write(fd, b'\x15quit\r')
read_idle(0.2)
try:
    os.waitpid(pid, 0)
except ChildProcessError:
    pass
json.dump(results, sys.stdout)

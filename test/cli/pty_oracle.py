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


def read_idle(idle=0.08, limit=5.0):
    """Reads until the terminal has been quiet for `idle` seconds."""
    out = b''
    end = time.time() + limit
    while time.time() < end:
        r, _, _ = select.select([fd], [], [], idle)
        if not r:
            break
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if b'\x1b[6n' in chunk:
            os.write(fd, b'\x1b[1;1R')
        out += chunk
    return out


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


read_idle(0.3)
results = []
for case in req['cases']:
    os.write(fd, b'\x15')  # Ctrl-U: empty the line
    read_idle()
    os.write(fd, case['line'].encode('utf-8'))
    out = read_idle()
    if case['kind'] == 'hint':
        _, hint = last_screen(out)
        results.append({'hint': hint})
        continue
    candidates = []
    for _ in range(200):
        os.write(fd, b'\t')
        out = read_idle()
        if b'\x07' in out:  # beep: no candidates, or back at the typed line
            break
        buf, _ = last_screen(out)
        candidates.append(buf)
    results.append({'candidates': candidates})
    # Any key other than Tab/Esc ends the cycle; Ctrl-U then empties the line.
    os.write(fd, b'\x15')
    read_idle()

os.write(fd, b'\x15quit\r')
read_idle(0.2)
try:
    os.waitpid(pid, 0)
except ChildProcessError:
    pass
json.dump(results, sys.stdout)

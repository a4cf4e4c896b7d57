#!/usr/bin/env python3
"""Idle, half-sent and slow connections for scripts/soak.sh, and how long the server keeps them.

    idle.py PORT SECONDS [PER_KIND] [HOLD]

In rounds of HOLD seconds (default 120, at most 80 % of SECONDS) until SECONDS have passed, opens
PER_KIND (default 8) loopback connections of each kind below, watches which ones the server closes
and when, and drops the rest at the end of the round (half with FIN, half with RST). Bounded: at most
SECONDS // HOLD + 1 rounds of 4 * PER_KIND + 1 connections, and it stops by itself after SECONDS.

  silent          connects and sends nothing
  partial_headers sends a request line and one header, never the blank line
  partial_body    sends a POST's headers (Content-Length: 1000) and 100 bytes of its body
  keepalive_idle  sends a valid GET, reads the answer, then stays idle on the kept-alive connection
  drip            one a round: a valid GET sent one byte at a time, every 0.5 s or faster so that
                  it is all sent by the middle of the round (slowloris)

Prints a table per kind, then "IDLE <key> <value>" lines for the caller.
"""

import selectors
import signal
import socket
import statistics
import struct
import sys
import time


GET = b"GET /api.php?action=query&list=allpages&aplimit=10&format=json HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
KINDS = {
    "silent": b"",
    "partial_headers": b"GET /api.php?action=query&format=json HTTP/1.1\r\nHost: 127.0.0.1\r\n",
    "partial_body": b"POST /api.php HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\n"
    + b"action=query&format=json&text=" + b"x" * 70,
    "keepalive_idle": GET,
}

STOP = False  # set by SIGTERM: end the round now and print the report


def on_term(_signum, _frame):
    global STOP
    STOP = True


class Conn:
    def __init__(self, kind, sock, now):
        self.kind = kind
        self.sock = sock
        self.opened = now
        self.closed_after = None  # seconds after opening when the server closed it
        self.how = None  # "FIN" or "RST" from the server
        self.received = b""
        self.drip_pos = 0
        self.answered_after = None  # drip/keepalive: when a full answer head came back

    def first_line(self):
        line = self.received.split(b"\r\n", 1)[0]
        return line.decode("latin-1") if line else "nothing"


def connect(port, kind, now):
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    s.setblocking(False)
    c = Conn(kind, s, now)
    if KINDS.get(kind):
        s.settimeout(5)
        s.sendall(KINDS[kind])
        s.setblocking(False)
    return c


def drop(c, rst):
    try:
        if rst:
            c.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        c.sock.close()
    except OSError:
        pass


def run_round(port, per_kind, hold, deadline, conns_out):
    t0 = time.monotonic()
    drip = min(0.5, hold / 2 / len(GET))
    end = min(t0 + hold, deadline)
    sel = selectors.DefaultSelector()
    conns = []
    for kind in list(KINDS) + ["drip"]:
        for _ in range(1 if kind == "drip" else per_kind):
            try:
                c = connect(port, kind, time.monotonic())
            except OSError as e:
                print(f"idle: connect ({kind}) failed: {e}", file=sys.stderr)
                continue
            conns.append(c)
            sel.register(c.sock, selectors.EVENT_READ, c)
    next_drip = time.monotonic()
    while True:
        now = time.monotonic()
        if now >= end or STOP:
            break
        if not sel.get_map():  # the server closed everything: wait for the round's end all the same
            while time.monotonic() < end and not STOP:
                time.sleep(min(0.5, max(0.0, end - time.monotonic())))
            break
        for c in conns:
            if c.kind == "drip" and c.closed_after is None and c.drip_pos < len(GET) and now >= next_drip:
                try:
                    c.sock.send(GET[c.drip_pos : c.drip_pos + 1])
                    c.drip_pos += 1
                except (BlockingIOError, InterruptedError):
                    pass
                except OSError:
                    pass  # the read side sees the close
        if now >= next_drip:
            next_drip = now + drip
        timeout = max(0.0, min(end, next_drip) - time.monotonic())
        for key, _ in sel.select(timeout):
            c = key.data
            try:
                data = c.sock.recv(65536)
            except (BlockingIOError, InterruptedError):
                continue
            except ConnectionResetError:
                data, c.how = None, "RST"
            except OSError:
                data, c.how = None, "RST"
            t = time.monotonic() - c.opened
            if data:
                if c.answered_after is None and b"\r\n\r\n" in c.received + data:
                    c.answered_after = t
                c.received += data[: max(0, 4096 - len(c.received))]
                continue
            c.how = c.how or "FIN"
            c.closed_after = t
            sel.unregister(c.sock)
            c.sock.close()
    # the end of the round: drop what is still open, half with FIN, half with RST
    held = time.monotonic() - t0
    for i, c in enumerate(c for c in conns if c.closed_after is None):
        sel.unregister(c.sock)
        drop(c, rst=i % 2 == 1)
        c.held = time.monotonic() - c.opened
    sel.close()
    conns_out.extend(conns)
    return held


def fmt_secs(xs):
    if not xs:
        return "-"
    return f"{min(xs):.1f}/{statistics.median(xs):.1f}/{max(xs):.1f}"


def main():
    port = int(sys.argv[1])
    seconds = float(sys.argv[2])
    per_kind = int(sys.argv[3]) if len(sys.argv) > 3 else 8
    hold = float(sys.argv[4]) if len(sys.argv) > 4 else 120.0
    hold = max(1.0, min(hold, seconds * 0.8))
    start = time.monotonic()
    deadline = start + seconds
    conns = []
    rounds = 0
    max_rounds = int(seconds // hold) + 1
    signal.signal(signal.SIGTERM, on_term)
    while rounds < max_rounds and deadline - time.monotonic() >= hold / 2 and not STOP:
        run_round(port, per_kind, hold, deadline, conns)
        rounds += 1
    stopped = " (stopped early by SIGTERM)" if STOP else ""
    print(f"idle connections: {rounds} round(s) of up to {hold:.0f} s, {per_kind} per kind (+1 drip a round){stopped}")
    print(f"  {'kind':<16} {'opened':>6}  {'answered':<32} {'closed by server':>16} {'after s min/med/max':>20}"
          f" {'dropped by us':>13} {'held s min/med/max':>19}")
    machine = []
    for kind in list(KINDS) + ["drip"]:
        cs = [c for c in conns if c.kind == kind]
        closed = [c for c in cs if c.closed_after is not None]
        kept = [c for c in cs if c.closed_after is None]
        answers = {}
        for c in cs:
            if c.received:
                answers[c.first_line()] = answers.get(c.first_line(), 0) + 1
        answered = ", ".join(f"{n}x {line}" for line, n in sorted(answers.items())) or "-"
        how = "/".join(sorted({c.how for c in closed}))
        print(f"  {kind:<16} {len(cs):>6}  {answered[:32]:<32} {len(closed):>10} {how:>5}"
              f" {fmt_secs([c.closed_after for c in closed]):>20} {len(kept):>13}"
              f" {fmt_secs([c.held for c in kept]):>19}")
        machine += [f"IDLE {kind}_opened {len(cs)}", f"IDLE {kind}_closed {len(closed)}",
                    f"IDLE {kind}_kept {len(kept)}"]
    for c in (c for c in conns if c.kind == "drip"):
        state = (f"answered '{c.first_line()}' after {c.answered_after:.1f} s" if c.answered_after is not None
                 else "no answer")
        end = (f"closed by server ({c.how}) after {c.closed_after:.1f} s" if c.closed_after is not None
               else f"dropped by us after {c.held:.1f} s")
        print(f"  drip: {c.drip_pos}/{len(GET)} bytes sent, {state}, {end}")
    ka = [c for c in conns if c.kind == "keepalive_idle"]
    bad = [c for c in ka if not c.first_line().startswith("HTTP/1.1 200")]
    if bad:
        print(f"  keepalive_idle: {len(bad)} of {len(ka)} got no 200 to their request "
              f"({', '.join(sorted({c.first_line() for c in bad}))})")
    machine += [f"IDLE rounds {rounds}", f"IDLE keepalive_not_200 {len(bad)}"]
    print("\n".join(machine))


if __name__ == "__main__":
    main()

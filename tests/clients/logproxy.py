#!/usr/bin/env python3
"""A logging reverse proxy in front of api.php, to see which requests a client script sends.

Usage:
  logproxy.py serve PORT TARGET_URL LOG     listen on 127.0.0.1:PORT, forward every request to the wiki
                                            at TARGET_URL (its api.php), append one JSON line per request
                                            to LOG: method, the parameters of the query string and of a
                                            form body (passwords and tokens redacted), the HTTP status
  logproxy.py shapes LOG                    print the distinct request shapes in LOG as Markdown

A client pointed at http://127.0.0.1:PORT/api.php then talks to the wiki as before.
"""

import http.client
import http.server
import json
import sys
import threading
from collections import OrderedDict
from urllib.parse import parse_qsl, urlsplit

SECRET_KEYS = ("password", "token", "lgpassword", "retype")
# Parameters whose values differ from run to run (titles, texts, tokens, times, continuation): a shape
# keeps only their names. Every other parameter is shown with its value.
HIDDEN_KEYS = ("titles", "title", "text", "appendtext", "prependtext", "summary", "reason", "from", "to",
               "basetimestamp", "starttimestamp", "lgname", "username", "loginreturnurl")
HIDDEN_SUFFIXES = ("title", "prefix", "from", "continue", "start", "end", "user", "token", "password")


def redact(key, value):
    """A parameter's value as logged: secrets (passwords, tokens) are replaced by <secret>."""
    lowered = key.lower()
    if lowered.endswith(("password", "token", "retype")):
        return "<secret>" if value else ""
    return value


def shape_value(key, value):
    """What a shape keeps of one parameter: its value, or '…' for values that vary between runs."""
    if key in HIDDEN_KEYS or (key != "continue" and key.endswith(HIDDEN_SUFFIXES)):
        return "…"
    return value


class Proxy(http.server.BaseHTTPRequestHandler):
    target = None
    log_path = None
    lock = threading.Lock()

    def log_message(self, *args):  # the JSON log is enough
        pass

    def forward(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        target = urlsplit(self.target)
        connection = http.client.HTTPConnection(target.hostname, target.port or 80, timeout=120)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("connection", "keep-alive")}
        connection.request(self.command, self.path, body=body, headers=headers)
        response = connection.getresponse()
        payload = response.read()
        self.send_response(response.status, response.reason)
        for key, value in response.getheaders():
            if key.lower() not in ("transfer-encoding", "connection", "content-length", "keep-alive"):
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)
        connection.close()
        self.record(body, response.status)

    def record(self, body, status):
        params = parse_qsl(urlsplit(self.path).query, keep_blank_values=True)
        kind = self.headers.get("Content-Type", "")
        if body and kind.startswith("application/x-www-form-urlencoded"):
            params += parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
        elif body:
            params.append(("<body>", kind.split(";")[0]))
        entry = {"method": self.command, "path": urlsplit(self.path).path, "status": status,
                 "params": [[k, redact(k, v)] for k, v in params],
                 "agent": self.headers.get("User-Agent", "")}
        with self.lock, open(self.log_path, "a", encoding="utf-8") as log:
            log.write(json.dumps(entry, ensure_ascii=False) + "\n")

    do_GET = forward
    do_POST = forward


def serve(port, target, log_path):
    Proxy.target = target
    Proxy.log_path = log_path
    server = http.server.ThreadingHTTPServer(("127.0.0.1", int(port)), Proxy)
    print(f"MEDIAWIKI_API_URL=http://127.0.0.1:{port}/api.php", flush=True)
    server.serve_forever()


def shapes(log_path):
    """Group logged requests by agent and shape, in order of first appearance, and print them."""
    groups = OrderedDict()
    with open(log_path, encoding="utf-8") as log:
        for number, line in enumerate(log, 1):
            try:
                entry = json.loads(line)
            except json.JSONDecodeError as error:
                sys.exit(f"logproxy.py: {log_path}:{number}: not JSON: {error}")
            agent = "pywikibot" if "Pywikibot" in entry["agent"] else (
                "mwclient" if "mwclient" in entry["agent"] else entry["agent"])
            params = entry["params"]
            shape = " ".join(f"{k}={shape_value(k, v)}" for k, v in sorted(params))
            groups.setdefault((agent, entry["method"], shape), 0)
            groups[(agent, entry["method"], shape)] += 1
    for (agent, method, shape), count in groups.items():
        cell = shape.replace("|", "\\|")  # a pipe inside a Markdown table cell must be escaped
        print(f"| {agent} | {method} | {count} | `{cell}` |")


def main():
    if len(sys.argv) == 5 and sys.argv[1] == "serve":
        serve(*sys.argv[2:])
    elif len(sys.argv) == 3 and sys.argv[1] == "shapes":
        shapes(sys.argv[2])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()

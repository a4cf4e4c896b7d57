"""Helpers shared by the client scripts in tests/clients/ (mwclient_ops.py, pywikibot_ops.py).

Each script prints one line per observed fact on stdout. Everything else (progress, errors) goes to
stderr. A failing step stops the script with exit status 1 and a message naming the script and the
step, so that run.sh and compare.sh fail loudly.
"""

import contextlib
import sys
import traceback
from urllib.parse import urlsplit

# The account tests/mediawiki/up.sh creates, its password, and its bot password (appid "mwgen", with the
# grants basic, highvolume, editpage and createeditmovepage: no 'delete', so deleting needs the main account).
ADMIN = "Admin"
ADMIN_PASSWORD = "mwgen-admin-password-1"
BOT_USER = "Admin@mwgen"
BOT_PASSWORD = "mwgenbotpassword0123456789abcdef"


class Run:
    """One script run: its name, the prefix of every title it touches, and the current step."""

    def __init__(self, script, argv):
        self.script = script
        if len(argv) != 3:
            sys.exit(f"usage: {script} URL PREFIX   (URL ends in /api.php, e.g. http://127.0.0.1:8150/api.php)")
        self.url = argv[1]
        self.prefix = argv[2]
        parts = urlsplit(self.url)
        if parts.scheme not in ("http", "https") or not parts.netloc or not parts.path.endswith("/api.php"):
            sys.exit(f"{script}: URL must look like http://HOST:PORT/PATH/api.php, got {self.url!r}")
        if not self.prefix or self.prefix != self.prefix.strip() or "_" in self.prefix:
            sys.exit(f"{script}: PREFIX must be non-empty, without outer spaces or underscores, got {self.prefix!r}")
        self.scheme = parts.scheme
        self.host = parts.netloc
        self.script_path = parts.path[: -len("/api.php")]
        self.current = "start"
        self.fact("prefix", self.prefix)

    def title(self, suffix):
        """The title of one of this run's pages: PREFIX, a space, suffix."""
        return f"{self.prefix} {suffix}"

    def mine(self, title):
        """Whether a title (with or without a namespace) belongs to this run."""
        return title.split(":", 1)[-1].startswith(self.prefix + " ") or title.startswith(self.prefix + " ")

    @contextlib.contextmanager
    def step(self, name):
        """Run a block as a named step; any exception ends the script with the step's name."""
        self.current = name
        print(f"{self.script}: step {name}", file=sys.stderr, flush=True)
        try:
            yield
        except SystemExit:
            raise
        except BaseException as error:  # noqa: BLE001 - every failure must name its step
            traceback.print_exc(file=sys.stderr)
            sys.exit(f"{self.script}: FAILED at step '{name}' against {self.url}: {type(error).__name__}: {error}")

    def fact(self, key, value):
        """Print one fact: 'key: value'. Values are kept on one line."""
        text = str(value).replace("\n", "\\n")
        print(f"{key}: {text}", flush=True)

    def listing(self, key, items, render):
        """Print how many of items belong to this run, then one 'key: ...' line for each, in order."""
        mine = [render(item) for item in items if self.mine(item["title"])]
        self.fact(f"{key} count", len(mine))
        for line in mine:
            self.fact(key, line)

    def expect(self, condition, message):
        """Fail the current step unless condition holds."""
        if not condition:
            raise AssertionError(message)


def flags(**named):
    """A stable rendering of boolean flags: the names of the true ones, sorted, or '-'."""
    on = sorted(name for name, value in named.items() if value)
    return ",".join(on) if on else "-"


def page_text(prefix, suffix, links_to):
    """The wikitext of a test page: a line, a link, the template and the category (all under prefix)."""
    return (
        f"Page {suffix} of a client test.\n"
        f"It links to [[{prefix} {links_to}]] and uses {{{{{prefix} tpl}}}}.\n"
        f"[[Category:{prefix} cat]]"
    )


def contrib_flags(change):
    """The flags of a usercontribs or recentchanges entry."""
    return flags(new="new" in change, minor="minor" in change, top="top" in change, bot="bot" in change)

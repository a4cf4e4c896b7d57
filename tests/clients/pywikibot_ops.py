#!/usr/bin/env python3
"""Core bot operations through pywikibot 11.0.0 (from PyPI, in tests/clients/.venv) against one wiki.

Usage: pywikibot_ops.py URL PREFIX
  URL     the wiki's api.php, e.g. http://127.0.0.1:8150/api.php
  PREFIX  every page this run creates has a title starting with PREFIX and a space; use a fresh one

pywikibot reads its configuration at import time, so this script first writes a fresh PYWIKIBOT_DIR
(a temporary directory, removed at the end): a SingleSiteFamily for the URL, user-config.py and a
password file. It logs in with the main account Admin, which pywikibot does through action=clientlogin
(the bot password of up.sh lacks the 'delete' grant). It prints one line per fact on stdout.
"""

import atexit
import os
import shutil
import sys
import tempfile

from clientlib import ADMIN, ADMIN_PASSWORD, Run, contrib_flags, page_text

SCRIPT = "pywikibot_ops.py"
FAMILY = "mwgenclients"

FAMILY_FILE = '''\
"""The wiki under test, written by tests/clients/pywikibot_ops.py."""
from pywikibot import family


class Family(family.SingleSiteFamily):
    name = {family!r}
    code = {family!r}
    domain = {host!r}

    def protocol(self, code):
        return {scheme!r}

    def scriptpath(self, code):
        return {path!r}
'''

USER_CONFIG = '''\
# Written by tests/clients/pywikibot_ops.py for one run.
family = {family!r}
mylang = {family!r}
usernames[{family!r}][{family!r}] = {user!r}
password_file = {password_file!r}
put_throttle = 0
max_retries = 2
retry_wait = 1
user_agent_description = 'mwgen-clients/0.1 (tests/clients/pywikibot_ops.py)'
'''


def write_pywikibot_dir(run):
    """Create the PYWIKIBOT_DIR for this run and point the environment at it."""
    base = tempfile.mkdtemp(prefix="mwgen-pywikibot-")
    atexit.register(shutil.rmtree, base, True)
    os.makedirs(os.path.join(base, "families"))
    with open(os.path.join(base, "families", f"{FAMILY}_family.py"), "w", encoding="utf-8") as out:
        out.write(FAMILY_FILE.format(family=FAMILY, host=run.host, scheme=run.scheme, path=run.script_path))
    password_file = os.path.join(base, "user-password.py")
    with open(password_file, "w", encoding="utf-8") as out:
        out.write(f"({ADMIN!r}, {ADMIN_PASSWORD!r})\n")
    os.chmod(password_file, 0o600)
    with open(os.path.join(base, "user-config.py"), "w", encoding="utf-8") as out:
        out.write(USER_CONFIG.format(family=FAMILY, user=ADMIN, password_file=password_file))
    os.chmod(os.path.join(base, "user-config.py"), 0o600)
    os.environ["PYWIKIBOT_DIR"] = base
    os.environ.pop("PYWIKIBOT_NO_USER_CONFIG", None)


def joined(items):
    return " | ".join(items) if items else "(none)"


def names(pages):
    return [page.title() for page in pages]


class RequestCounter:
    """Counts api.Request.submit calls while active (one per HTTP request to api.php)."""

    def __init__(self, api):
        self.api = api
        self.count = 0
        self.original = None

    def __enter__(self):
        self.original = self.api.Request.submit
        counter = self

        def submit(request, *args, **kwargs):
            counter.count += 1
            return counter.original(request, *args, **kwargs)

        self.api.Request.submit = submit
        return self

    def __exit__(self, *exc):
        self.api.Request.submit = self.original
        return False


def main():
    run = Run(SCRIPT, sys.argv)
    t = run.title
    write_pywikibot_dir(run)

    with run.step("import pywikibot"):
        import pywikibot
        from pywikibot import pagegenerators
        from pywikibot.data import api

    with run.step("site and login"):
        site = pywikibot.Site(FAMILY, FAMILY)
        site.login()
        run.fact("login user", site.user())
        run.fact("logged in", site.logged_in())
        # seed.sh adds Admin to `suppress` on the real wiki (for revision deletion); a fresh wiki, fake or
        # real, has up.sh's groups only. The other groups are compared.
        run.fact("login groups", " ".join(sorted(g for g in site.userinfo["groups"] if g != "suppress")))
        wanted = ("edit", "createpage", "delete", "move", "writeapi")
        run.fact("login rights", " ".join(f"{r}={'yes' if site.has_right(r) else 'no'}" for r in wanted))

    def save(title, text, summary, minor=False):
        page = pywikibot.Page(site, title)
        existed = page.exists()
        page.text = text
        page.save(summary=summary, minor=minor, bot=False, quiet=True)
        run.fact(f"save {title}", f"existed={existed} exists={page.exists()} "
                                  f"contentmodel={page.content_model}")
        return page

    with run.step("save template and target"):
        tpl = save(f"Template:{t('tpl')}", "Template of a client test.", "template")
        start = tpl.latest_revision.timestamp  # the server's clock: usercontribs start here
        save(t("target"), "The target page.", "target")

    text_a = page_text(run.prefix, "A", "target")
    with run.step("save A"):
        page = save(t("A"), text_a, "create A")
        first_rev = page.latest_revision_id

    with run.step("read back A"):
        page = pywikibot.Page(site, t("A"))
        got = page.get(force=True)
        run.fact(f"text {t('A')}", repr(got))
        run.fact(f"text {t('A')} equals what was saved", got == text_a)

    appended = "\nAppended line."
    with run.step("append to A"):
        page = pywikibot.Page(site, t("A"))
        page.text = page.get() + appended
        page.save(summary="append to A", minor=True, bot=False, quiet=True)
        fresh = pywikibot.Page(site, t("A"))
        run.fact(f"append {t('A')} newer revision", fresh.latest_revision_id > first_rev)
        run.fact(f"text after append {t('A')} equals", fresh.get() == text_a + appended)

    with run.step("history of A"):
        revs = list(pywikibot.Page(site, t("A")).revisions())
        parts = [f"{r.user} '{r.comment}' {r.size} bytes minor={r.minor}" for r in revs]
        run.fact(f"history {t('A')}", f"{len(revs)} revisions: " + "; ".join(parts))
        run.fact(f"history {t('A')} parents chain",
                 all(revs[i].parentid == revs[i + 1].revid for i in range(len(revs) - 1))
                 and revs[-1].parentid == 0)

    with run.step("categories, links, templates and backlinks"):
        page = pywikibot.Page(site, t("A"))
        run.fact(f"categories {t('A')}", joined(sorted(names(page.categories()))))
        run.fact(f"links {t('A')}", joined(sorted(names(page.linkedPages()))))
        run.fact(f"templates {t('A')}", joined(sorted(names(page.templates()))))
        run.fact(f"backlinks {t('target')}", joined(sorted(names(pywikibot.Page(site, t("target")).backlinks()))))

    with run.step("save B to E"):
        for suffix in ("B", "C", "D", "E"):
            save(t(suffix), page_text(run.prefix, suffix, "target" if suffix == "B" else "A"), f"create {suffix}")

    with run.step("allpages in steps of 2"):
        with RequestCounter(api) as counter:
            gen = site.allpages(prefix=run.prefix + " ")
            gen.set_query_increment(2)
            listed = names(gen)
        run.fact("allpages", f"{len(listed)} pages in {counter.count} requests: {joined(listed)}")
        with RequestCounter(api) as counter:
            gen = site.allpages(prefix=run.prefix + " ", total=3)
            gen.set_query_increment(2)
            listed = names(gen)
        run.fact("allpages total=3", f"{len(listed)} pages in {counter.count} requests: {joined(listed)}")

    with run.step("category members"):
        cat = pywikibot.Category(site, f"Category:{t('cat')}")
        run.fact(f"category exists {cat.title()}", cat.exists())
        members = sorted(names(cat.members()))
        run.fact(f"members {cat.title()}", f"{len(members)}: {joined(members)}")

    with run.step("preloading"):
        wanted = [pywikibot.Page(site, t(s)) for s in ("A", "B", "C", "D", "E", "missing")]
        with RequestCounter(api) as counter:
            loaded = list(pagegenerators.PreloadingGenerator(iter(wanted), groupsize=2))
        run.fact("preloaded", f"{len(loaded)} pages in {counter.count} requests")
        expected = {t(s): page_text(run.prefix, s, "target" if s == "B" else "A") for s in ("B", "C", "D", "E")}
        expected[t("A")] = text_a + appended
        for p in loaded:
            run.fact(f"preloaded {p.title()}", f"exists={p.exists()} "
                                               f"text as saved={p.exists() and p.text == expected.get(p.title())}")

    with run.step("delete E"):
        page = pywikibot.Page(site, t("E"))
        page.delete(reason="delete E", prompt=False)
        run.fact(f"exists after delete {t('E')}", pywikibot.Page(site, t("E")).exists())
        members = sorted(names(pywikibot.Category(site, f"Category:{t('cat')}").members()))
        run.fact(f"members after delete Category:{t('cat')}", f"{len(members)}: {joined(members)}")

    new_d = t("D moved")
    with run.step("move D"):
        moved = pywikibot.Page(site, t("D")).move(new_d, reason="move D")
        run.fact(f"move {t('D')}", f"new title={moved.title()}")
        old = pywikibot.Page(site, t("D"))
        run.fact(f"redirect {t('D')}", f"exists={old.exists()} redirect={old.isRedirectPage()}")
        run.fact(f"redirect {t('D')} points to", old.getRedirectTarget().title())
        run.fact(f"redirect text {t('D')}", repr(old.get(get_redirect=True)))
        fresh = pywikibot.Page(site, new_d)
        run.fact(f"moved {new_d}", f"exists={fresh.exists()} redirect={fresh.isRedirectPage()} "
                                  f"text equals={fresh.get() == page_text(run.prefix, 'D', 'A')}")
        members = sorted(names(pywikibot.Category(site, f"Category:{t('cat')}").members()))
        run.fact(f"members after move Category:{t('cat')}", f"{len(members)}: {joined(members)}")

    with run.step("usercontribs"):
        contribs = site.usercontribs(user=ADMIN, start=start, reverse=True)
        run.listing("usercontrib", contribs, lambda c: f"{c['title']} '{c['comment']}' {contrib_flags(c)}")

    run.fact("done", SCRIPT)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Core bot operations through mwclient (Debian's python3-mwclient 0.10.1) against one wiki.

Usage: mwclient_ops.py URL PREFIX
  URL     the wiki's api.php, e.g. http://127.0.0.1:8150/api.php
  PREFIX  every page this run creates has a title starting with PREFIX and a space; use a fresh one

Logs in with the bot password of tests/mediawiki/up.sh (Admin@mwgen), then creates, reads, appends,
lists, deletes and moves pages under PREFIX, printing one line per fact on stdout (see README.md).
"""

import sys

import mwclient
import mwclient.listing

from clientlib import ADMIN, ADMIN_PASSWORD, BOT_PASSWORD, BOT_USER, Run, contrib_flags, flags, page_text

SCRIPT = "mwclient_ops.py"


def titles(iterable):
    """Titles of mwclient pages (or plain titles), in the order given."""
    return [getattr(item, "name", item) for item in iterable]


def joined(items):
    return " | ".join(items) if items else "(none)"


def count_requests(site):
    """Wrap site.raw_api to count the requests made; returns a one-item list holding the count."""
    counter = [0]
    original = site.raw_api

    def counting(*args, **kwargs):
        counter[0] += 1
        return original(*args, **kwargs)

    site.raw_api = counting
    return counter, original


def rc_kind(change):
    """A recent change's type, with the log type and action for log entries."""
    if change["type"] == "log":
        return f"log/{change.get('logtype')}/{change.get('logaction')}"
    return change["type"]


def connect(run):
    """A new mwclient session (it reads siteinfo and userinfo at once); it retries twice, briefly."""
    return mwclient.Site(run.host, path=run.script_path + "/", scheme=run.scheme, max_retries=2, retry_timeout=1,
                         clients_useragent="mwgen-clients/0.1 (tests/clients/mwclient_ops.py)")


def edit_fact(run, label, result):
    keys = ("result", "title", "contentmodel")
    shown = " ".join(f"{k}={result.get(k)}" for k in keys)
    extra = flags(new="new" in result, nochange="nochange" in result)
    run.fact(label, f"{shown} flags={extra}")


def main():
    run = Run(SCRIPT, sys.argv)
    t = run.title

    with run.step("connect"):
        site = connect(run)
        run.fact("anonymous user is IP", site.username not in ("", ADMIN))

    with run.step("login"):
        site.login(BOT_USER, BOT_PASSWORD)
        run.fact("login user", site.username)
        # seed.sh adds Admin to `suppress` on the real wiki (for revision deletion); a fresh wiki, fake or
        # real, has up.sh's groups only. The other groups are compared.
        run.fact("login groups", " ".join(sorted(g for g in site.groups if g != "suppress")))
        wanted = ("edit", "createpage", "delete", "move", "writeapi")
        run.fact("login rights", " ".join(f"{r}={'yes' if r in site.rights else 'no'}" for r in wanted))

    with run.step("create template and target"):
        tpl = site.pages[f"Template:{t('tpl')}"]
        run.fact("template exists before", tpl.exists)
        result = tpl.edit("Template of a client test.", summary="template")
        edit_fact(run, f"edit Template:{t('tpl')}", result)
        start = result["newtimestamp"]  # the server's clock: recentchanges and usercontribs start here
        target = site.pages[t("target")]
        edit_fact(run, f"edit {t('target')}", target.edit("The target page.", summary="target"))

    text_a = page_text(run.prefix, "A", "target")
    with run.step("create A"):
        page = site.pages[t("A")]
        run.fact(f"exists before {t('A')}", page.exists)
        created = page.edit(text_a, summary="create A")
        edit_fact(run, f"edit {t('A')}", created)
        first_rev, pageid = created["newrevid"], created["pageid"]

    with run.step("read back A"):
        page = site.pages[t("A")]
        got = page.text(cache=False)
        run.fact(f"text {t('A')}", repr(got))
        run.fact(f"text {t('A')} equals what was sent", got == text_a)
        run.fact(f"info {t('A')}", f"exists={page.exists} redirect={page.redirect} length={page.length} "
                                   f"contentmodel={page.contentmodel}")

    appended = "\nAppended line."
    with run.step("append to A"):
        result = page.append(appended, summary="append to A", minor=True)
        edit_fact(run, f"append {t('A')}", result)
        run.fact(f"append {t('A')} same page", result["pageid"] == pageid)
        run.fact(f"append {t('A')} old revision is the first", result["oldrevid"] == first_rev)
        run.fact(f"append {t('A')} newer revision", result["newrevid"] > first_rev)
        got = site.pages[t("A")].text(cache=False)
        run.fact(f"text after append {t('A')} equals", got == text_a + appended)

    with run.step("history of A"):
        revs = list(site.pages[t("A")].revisions(prop="ids|timestamp|flags|comment|user|size"))
        parts = [f"{r['user']} '{r['comment']}' {r['size']} bytes minor={'minor' in r}" for r in revs]
        run.fact(f"history {t('A')}", f"{len(revs)} revisions: " + "; ".join(parts))
        run.fact(f"history {t('A')} parents chain",
                 all(revs[i]["parentid"] == revs[i + 1]["revid"] for i in range(len(revs) - 1))
                 and revs[-1]["parentid"] == 0)

    with run.step("categories, links and templates of A"):
        page = site.pages[t("A")]
        run.fact(f"categories {t('A')}", joined(sorted(titles(page.categories()))))
        run.fact(f"links {t('A')}", joined(sorted(titles(page.links()))))
        run.fact(f"templates {t('A')}", joined(sorted(titles(page.templates()))))

    with run.step("backlinks of target"):
        back = sorted(titles(site.pages[t("target")].backlinks()))
        run.fact(f"backlinks {t('target')}", joined(back))

    with run.step("create B to E"):
        for suffix in ("B", "C", "D", "E"):
            links_to = "target" if suffix == "B" else "A"
            result = site.pages[t(suffix)].edit(page_text(run.prefix, suffix, links_to), summary=f"create {suffix}")
            edit_fact(run, f"edit {t(suffix)}", result)
        back = sorted(titles(site.pages[t("target")].backlinks()))
        run.fact(f"backlinks {t('target')} after B", joined(back))

    with run.step("allpages with prefix, limit 2"):
        counter, original = count_requests(site)
        listed = list(site.allpages(prefix=run.prefix + " ", limit=2))
        site.raw_api = original
        run.fact("allpages", f"{len(listed)} pages in {counter[0]} requests: {joined(titles(listed))}")

    with run.step("category members"):
        cat = site.categories[t("cat")]
        run.fact(f"category exists Category:{t('cat')}", cat.exists)
        members = sorted(titles(cat.members()))
        run.fact(f"members Category:{t('cat')}", f"{len(members)}: {joined(members)}")

    # The bot password lacks the 'delete' grant: a second session logs in with the main account through
    # action=login (deprecated for main accounts since 1.27, still allowed by 1.39).
    with run.step("login with the main account"):
        admin = connect(run)
        admin.login(ADMIN, ADMIN_PASSWORD)
        run.fact("main login user", admin.username)
        run.fact("main login rights", f"delete={'yes' if 'delete' in admin.rights else 'no'}")

    with run.step("delete E"):
        result = admin.pages[t("E")].delete(reason="delete E")
        run.fact(f"delete {t('E')}", f"title={result.get('title')} reason={result.get('reason')}")
        run.fact(f"exists after delete {t('E')}", site.pages[t("E")].exists)
        members = sorted(titles(site.categories[t("cat")].members()))
        run.fact(f"members after delete Category:{t('cat')}", f"{len(members)}: {joined(members)}")

    new_d = t("D moved")
    with run.step("move D"):
        result = site.pages[t("D")].move(new_d, reason="move D")
        shown = " ".join(f"{k}={result.get(k)}" for k in ("from", "to", "reason"))
        run.fact(f"move {t('D')}", f"{shown} redirectcreated={'redirectcreated' in result}")
        old = site.pages[t("D")]
        run.fact(f"redirect {t('D')}", f"exists={old.exists} redirect={old.redirect}")
        to = old.redirects_to()
        run.fact(f"redirect {t('D')} points to", to.name if to else "(nothing)")
        run.fact(f"redirect text {t('D')}", repr(old.text(cache=False)))
        moved = site.pages[new_d]
        run.fact(f"moved {new_d}", f"exists={moved.exists} redirect={moved.redirect} "
                                  f"text equals={moved.text(cache=False) == page_text(run.prefix, 'D', 'A')}")
        members = sorted(titles(site.categories[t("cat")].members()))
        run.fact(f"members after move Category:{t('cat')}", f"{len(members)}: {joined(members)}")

    with run.step("recentchanges"):
        rc = mwclient.listing.List(site, "recentchanges", "rc", limit=5, rcuser=ADMIN, rcstart=start,
                                   rcdir="newer", rcprop="title|user|comment|sizes|flags|loginfo")
        run.listing("recentchange", rc, lambda c: (
            f"{rc_kind(c)} {c['title']} by {c['user']} '{c['comment']}' "
            f"{c.get('oldlen')}->{c.get('newlen')} {contrib_flags(c)}"))

    with run.step("usercontribs"):
        contribs = site.usercontributions(ADMIN, start=start, dir="newer", limit=5,
                                          prop="title|comment|size|sizediff|flags")
        run.listing("usercontrib", contribs, lambda c: (
            f"{c['title']} '{c['comment']}' {c['size']} bytes ({c['sizediff']:+d}) {contrib_flags(c)}"))

    run.fact("done", SCRIPT)


if __name__ == "__main__":
    main()

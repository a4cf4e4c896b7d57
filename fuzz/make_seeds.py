#!/usr/bin/env python3
"""(Re)builds the seed corpora under fuzz/corpus/<target>/ from the project's own material.

    python3 fuzz/make_seeds.py          # from the repository root or anywhere

Sources: the query strings of tests/tests/*.rs (live_decode.rs CASES, decode_errors.rs, …) and the
examples of spec/mediawiki-1.39; the lint fixtures (tests/fixtures/lint/); small paraminfo answers cut
out of tests/fixtures/mediawiki-1.39/paraminfo.json; answers shaped like the wiki's (the client unit
tests' bodies); the timestamps of tests/tests/timestamp_oracle.rs FIXED plus one of each format.

Each seed is named by the SHA-1 of its bytes (as libFuzzer names its own), so re-running is idempotent.
The directories are emptied first: the corpus is exactly what this script writes. It stays small
(a few hundred files, none over a few KB); fuzzing runs write their finds elsewhere (scripts/fuzz.sh
keeps them in fuzz/target/corpus/).
"""

import hashlib
import json
import os
import re
import shutil

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "fuzz", "corpus")
MAX_SEED = 8192


def read(rel):
    with open(os.path.join(ROOT, rel), "rb") as f:
        return f.read()


def rust_unescape(s):
    """The value of the body of a Rust "…" literal (the escapes tests use)."""
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c != "\\":
            out.append(c)
            i += 1
            continue
        n = s[i + 1]
        if n == "u":
            j = s.index("}", i)
            out.append(chr(int(s[i + 3 : j], 16)))
            i = j + 1
            continue
        out.append({"n": "\n", "t": "\t", "r": "\r", "0": "\0", "\\": "\\", '"': '"', "'": "'"}.get(n, n))
        i += 2
    return "".join(out)


def test_queries():
    """Query strings in the integration tests: literals that start with a parameter and hold `=`."""
    found = []
    lit = re.compile(r'"((?:[^"\\]|\\.)*)"')
    tests = os.path.join(ROOT, "tests", "tests")
    for name in sorted(os.listdir(tests)):
        if not name.endswith(".rs"):
            continue
        text = read(os.path.join("tests", "tests", name)).decode()
        for m in lit.finditer(text):
            q = rust_unescape(m.group(1))
            if re.match(r"^(action|format|list|prop|meta|titles|errorformat)=", q) and "{" not in q:
                found.append(q)
    return found


def spec_examples():
    found = []
    spec = os.path.join(ROOT, "spec", "mediawiki-1.39")
    for d, _, files in sorted(os.walk(spec)):
        for f in sorted(files):
            for line in open(os.path.join(d, f), encoding="utf-8"):
                m = re.match(r"^- query: (.*)$", line.rstrip("\n"))
                if m:
                    q = m.group(1).strip("'\"")
                    found.append(q.split("api.php?", 1)[-1])
    return found


def unique(items):
    seen, out = set(), []
    for i in items:
        if i not in seen:
            seen.add(i)
            out.append(i)
    return out


def write(target, seeds):
    d = os.path.join(CORPUS, target)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    n = 0
    for s in unique(seeds):
        b = s.encode() if isinstance(s, str) else s
        if len(b) > MAX_SEED:
            continue
        with open(os.path.join(d, hashlib.sha1(b).hexdigest()), "wb") as f:
            f.write(b)
        n += 1
    print(f"{target}: {n} seeds")


def request_decode(queries):
    extra = [
        "",
        "action=query&list=allpages&apfilterredir=nonredirects&aplimit=max&apnamespace=0",
        "action=query&titles=A|B&prop=revisions&rvprop=content|ids&rvslots=*",
        "action=query&titles=%1FA|B%1FC&prop=info",
        "action=query&generator=allpages&gaplimit=5&prop=info&inprop=url",
        "action=compare&fromslots=main&fromtext-main=a&toslots=main&totext-main=b",
        "action=edit&title=Sandbox&text=Hello&token=%2B%5C",
        "action=block&user=Foo&expiry=1%20week&token=%2B%5C",
        "action=query&list=allrevisions&arvstart=2024-01-01T00:00:00Z&arvend=20240101000000",
        "action=query&list=allpages&aplimit=501&apdir=descending",
        "action=query&meta=siteinfo|userinfo|tokens&type=*",
        "format=json&formatversion=2&errorformat=plaintext&action=query&list=allpages",
        "action=query&list=allpages&list=recentchanges",
        b"action=query&list=allpages\xff\xfe&aplimit=5",
    ]
    write("request_decode", queries + extra)


def router(queries):
    seeds = []
    for q in queries[:60]:
        seeds.append(f"GET {q}\n\n")
    for q in queries[60::4]:
        seeds.append(f"POST format=json\nContent-Type: application/x-www-form-urlencoded\n\n{q}")
    seeds += [
        "OPTIONS action=query\nOrigin: https://example.org\n\n",
        "HEAD action=query&list=allpages\n\n",
        "PUT action=query\n\n",
        "DELETE action=edit&title=X\n\n",
        "GET action=query&list=allpages&errorformat=plaintext&formatversion=2&requestid=7&servedby=1\n\n",
        "GET action=query&list=allpages&aplimit=abc&errorformat=none&formatversion=2\n\n",
        "GET action=query&list=allpages&aplimit=abc&errorformat=raw\n\n",
        "GET action=query&list=allpages&aplimit=abc&errorformat=html&formatversion=latest\n\n",
        "GET action=paraminfo&modules=query+allpages|block\n\n",
        "GET action=help&modules=edit\n\n",
        "GET action=edit&title=X&text=Y&token=%2B%5C\n\n",
        "POST action=edit\nContent-Type: application/x-www-form-urlencoded\n\ntitle=X&text=Y&token=%2B%5C",
        "POST \nContent-Type: application/x-www-form-urlencoded\n\naction=block&user=Foo&token=bad",
        "POST \nContent-Type: text/plain\n\naction=query&list=allpages",
        "POST \nContent-Type: multipart/form-data; boundary=XyZ\n\n"
        "--XyZ\r\nContent-Disposition: form-data; name=\"action\"\r\n\r\nupload\r\n"
        "--XyZ\r\nContent-Disposition: form-data; name=\"filename\"\r\n\r\nA.png\r\n"
        "--XyZ\r\nContent-Disposition: form-data; name=\"token\"\r\n\r\n+\\\r\n"
        "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"A.png\"\r\n"
        "Content-Type: image/png\r\n\r\n\x89PNG\r\n--XyZ--\r\n",
        "POST \nContent-Type: multipart/form-data; boundary=XyZ\n\n--XyZ\r\nbroken",
        "POST \nContent-Type: multipart/form-data\n\n--XyZ--\r\n",
        "POST \nContent-Type: application/x-www-form-urlencoded\n\naction=query&titles=" + "A|" * 600,
        b"GET action=query&list=allpages&apfrom=\xff\xfe%FF\n\n",
    ]
    write("router", seeds)


def lint_tree(rel):
    files = {}
    base = os.path.join(ROOT, rel)
    for d, _, names in os.walk(base):
        for n in names:
            p = os.path.join(d, n)
            files[os.path.relpath(p, base).replace(os.sep, "/")] = open(p, "rb").read()
    return files


def spec_input(files):
    return b"\0".join(k.encode() + b"\n" + v for k, v in sorted(files.items()))


def spec_pipeline():
    base = lint_tree("tests/fixtures/lint/base")
    seeds = [spec_input(base), spec_input({k: v for k, v in base.items() if k != "wiki.yaml"})]
    cases = os.path.join(ROOT, "tests", "fixtures", "lint", "cases")
    for case in sorted(os.listdir(cases)):
        files = dict(base)
        over = lint_tree(os.path.join("tests", "fixtures", "lint", "cases", case))
        for rel in over.pop("DELETE", b"").decode().split():
            files.pop(rel, None)
        over.pop("expected.txt", None)
        files.update(over)
        seeds.append(spec_input(files))
    # Real modules of the spec, each as main's only action.
    for path in ["action/block.yaml", "action/compare.yaml", "action/edit.yaml", "action/checktoken.yaml"]:
        name = path.split("/")[1][:-5]
        module = read(os.path.join("spec", "mediawiki-1.39", path))
        main = base["main.yaml"].replace(b"demo", name.encode())
        seeds.append(spec_input({"main.yaml": main, path: module}))
        seeds.append(spec_input({"main.yaml": main, path: module, "@options": b"cs"}))
    seeds.append(spec_input({**base, "@modules": b"demo"}))
    seeds.append(spec_input({**base, "@modules": b"bogus,main"}))
    seeds.append(spec_input({**base, "@options": b"f"}))
    write("spec_pipeline", seeds)


def paraminfo_import():
    answer = json.loads(read("tests/fixtures/mediawiki-1.39/paraminfo.json"))
    modules = {m["path"]: m for m in answer["paraminfo"]["modules"]}
    main = modules["main"]

    def with_actions(actions):
        m = json.loads(json.dumps(main))
        for p in m["parameters"]:
            if p["name"] == "action":
                p["type"] = ["help"] + actions
                p["submodules"] = {a: a for a in p["type"]}
                p["default"] = "help"
            if p["name"] == "format":
                p["type"] = ["json", "jsonfm"]
                p["submodules"] = {f: f for f in p["type"]}
        return m

    def answer_of(ms):
        return json.dumps({"paraminfo": {"helpformat": "none", "modules": ms}}, separators=(",", ":"))

    seeds = []
    fmt = [modules["json"], modules["jsonfm"], modules["help"]]
    for a in ["block", "compare", "edit", "checktoken", "delete", "login", "upload", "purge"]:
        seeds.append(answer_of([with_actions([a]), modules[a]] + fmt))
    # One module alone, as an answer and as a bare object: one module in four.
    for path in sorted(modules)[::4]:
        if path != "main" and len(json.dumps(modules[path])) < 4000:
            seeds.append(answer_of([modules[path]]))
            seeds.append(json.dumps(modules[path], separators=(",", ":")))
    seeds += [
        '{"error":{"code":"badvalue","info":"x"}}',
        '{"warnings":{"main":{"warnings":"x"}},"paraminfo":{"helpformat":"none","modules":[]}}',
        '{"paraminfo":{"helpformat":"wikitext","modules":[]}}',
        '{"paraminfo":{"modules":[{"path":"x"}]}}',
    ]
    # A module whose group and path leave the spec directory (MWGEN_FUZZ_STRICT_PATHS=1 reports it).
    escape = {"name": "x", "classname": "A", "path": "../../x", "group": "../..", "prefix": "",
              "helpurls": [], "parameters": [], "templatedparameters": []}
    seeds.append(answer_of([escape]))
    write("paraminfo_import", seeds)


def client_answer():
    bodies = [
        # runtime/src/client/response.rs's unit tests, tests/tests/client_retry.rs.
        (200, ["MediaWiki-API-Error: badvalue"],
         '{"errors":[{"code":"badvalue","text":"Unrecognized value for parameter \\"apdir\\": x.","module":"query+allpages"}],'
         '"warnings":[{"code":"outofrange","text":"t","module":"query+allpages","data":{"min":1}}]}'),
        (200, ["MediaWiki-API-Error: maxlag", "Retry-After: 5"],
         '{"error":{"code":"maxlag","info":"Waiting for a database server: 3 seconds lagged.","host":"db1","lag":3,"type":"db","docref":"See …"}}'),
        (200, ["MediaWiki-API-Error: maxlag", "Retry-After: 1"],
         '{"errors":[{"code":"maxlag","text":"Waiting for db: 7 seconds lagged.","module":"main"}]}'),
        (200, [], '{"warnings":{"main":{"warnings":"a\\nb"}},"batchcomplete":true}'),
        (200, [], '{"continue":{"apcontinue":"B","continue":"-||"},"query":{"allpages":[{"ns":0,"title":"A"}]}}'),
        (200, [], '{"batchcomplete":"","query":{"pages":{"1":{"pageid":1,"title":"A"},"-1":{"title":"B","missing":""}}}}'),
        (200, [], '{"batchcomplete":true,"query":{"tokens":{"csrftoken":"abc+\\\\"}}}'),
        (200, [], '{"query":{"authmanagerinfo":{"canauthenticatenow":true,"requests":[{"id":"PasswordAuthenticationRequest",'
                  '"fields":{"username":{"type":"string","label":"Username"},"password":{"type":"password","sensitive":true}}}]}}}'),
        (200, [], '{"clientlogin":{"status":"UI","message":"More","requests":[{"id":"X","fields":{"a":{"type":"select","options":{"1":"one"}}}}]}}'),
        (200, [], '{"login":{"result":"Success","lguserid":1,"lgusername":"Admin"}}'),
        (200, [], '{"login":{"result":"Failed","reason":{"code":"wrongpassword","text":"x"}}}'),
        (200, ["MediaWiki-API-Error: readonly", "Retry-After: 30"], '{"error":{"code":"readonly","info":"The wiki is read-only","readonlyreason":"x"}}'),
        (200, [], '{"errors":[{"code":"badtoken","key":"apierror-badtoken","params":[]}],"*":"See"}'),
        (200, [], '{"errors":[],"warnings":[]}'),
        (200, ["MediaWiki-API-Error: internal_api_error_DBQueryError"], ""),
        (200, [], "<html>"),
        (503, ["Retry-After: 120"], "Service Unavailable"),
        (404, [], '{"batchcomplete":true}'),
        (500, ["MediaWiki-API-Error: x"], '{"errors":[{"code":"x","data":[1,2]}]}'),
        (200, ["Retry-After: 7"], '{"errors":[{"code":"maxlag","data":"not an object"}]}'),
        (200, [], '{"error":null}'),
        (301, ["Location: https://example.org/"], ""),
    ]
    seeds = []
    for status, headers, body in bodies:
        seeds.append(f"{status}\n" + "".join(h + "\n" for h in headers) + "\n" + body)
    seeds.append(b"200\n\n\xef\xbb\xbf{}")
    seeds.append(b"200\n\n{\"query\":{\"x\":\"\xff\"}}")
    write("client_answer", seeds)


def timestamps():
    text = read("tests/tests/timestamp_oracle.rs").decode()
    fixed = text.split("const FIXED: &[&str] = &[", 1)[1].split("];", 1)[0]
    seeds = [rust_unescape(m) for m in re.findall(r'"((?:[^"\\]|\\.)*)"', fixed)]
    seeds += [
        "20240101000000", "2024-01-01T00:00:00Z", "2024-01-01T00:00:00.123+05:30", "20240101T000000Z",
        "1700000000", "-1", "1700000000.5", "01-Jan-24 00.00.00.000000", "2024-01-01 00:00:00+00",
        "2024-01-01 00:00:00 GMT", "2024:01:01 00:00:00", "Mon, 01 Jan 2024 00:00:00 GMT",
        "Mon, 01 Jan 2024 00:00:00 +0100", "Monday, 01-Jan-24 00:00:00 GMT", "Mon Jan  1 00:00:00 2024",
        "now", "0", "", "infinite", "1 week", "+3 days", "2 hours 30 minutes", "1 day ago", "tomorrow",
        "@1900000000", "9999-12-31T23:59:59Z", "0000-01-01T00:00:00Z", "20240230000000",
    ]
    write("timestamps", seeds)


def main():
    # Every query of the tests, and one example in three of the spec's (one per module or so).
    queries = unique(test_queries() + spec_examples()[::3])
    request_decode(queries)
    router(queries)
    spec_pipeline()
    paraminfo_import()
    client_answer()
    timestamps()


if __name__ == "__main__":
    main()

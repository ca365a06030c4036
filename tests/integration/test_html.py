"""report.html read as markup (no browser; test_html_browser.py loads it):
against findings.json, the summary cards, the table of checks, the per-owner
counts, each check's rows in findings order, the data island; the
Content-Security-Policy hashes; no reference outside the file; --html-rows;
hostile CRM values escaped; headings in order; two runs byte-identical."""
import base64
import hashlib
import html.parser
import json
import os
import re
import tempfile
from collections import Counter

from common import FIXTURES, SOURCE_ROOT, audit, check, equal, finish, run

sample = os.path.join(FIXTURES, "sample-org")
hostile = os.path.join(SOURCE_ROOT, "tests", "fixtures", "html-hostile")
SEVERITIES = ["info", "warning", "error"]
PLAIN_ROWS = 50


class Doc(html.parser.HTMLParser):
    """The parts of report.html the tests read: elements with their attributes
    and text, the inline style and scripts, headings, links."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.stack = []     # open elements: [tag, attrs, text parts]
        self.elements = []  # (tag, attrs, text, ancestors' tags and attrs)
        self.style = []
        self.scripts = []   # (attrs, raw text)
        self.headings = []
        self.refs = []      # (tag, attribute, value) for href/src/action...
        self.meta = []
        self.feed(text)
        self.close()

    VOID = {"meta", "br", "input", "img", "link", "hr", "col", "wbr", "source"}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for k, v in attrs:
            if k in ("href", "src", "action", "srcset", "data", "poster", "formaction", "xlink:href"):
                self.refs.append((tag, k, v))
        if tag == "meta":
            self.meta.append(a)
        if tag in self.VOID:
            self.elements.append((tag, a, "", [(t, at) for t, at, _ in self.stack]))
            return
        self.stack.append([tag, a, []])

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID and self.stack and self.stack[-1][0] == tag:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        while self.stack:
            t, a, parts = self.stack.pop()
            text = "".join(parts)
            if self.stack:
                self.stack[-1][2].append(text)
            self.elements.append((t, a, text, [(x, y) for x, y, _ in self.stack]))
            if t == "style":
                self.style.append(text)
            elif t == "script":
                self.scripts.append((a, text))
            elif re.fullmatch(r"h[1-6]", t):
                self.headings.append((int(t[1]), text))
            if t == tag:
                break

    def handle_data(self, data):
        if self.stack:
            self.stack[-1][2].append(data)

    def find(self, tag, **attrs):
        out = []
        for t, a, text, anc in self.elements:
            if t == tag and all((a.get(k.rstrip("_").replace("_", "-")) == v if v is not True else
                                 k.rstrip("_").replace("_", "-") in a) for k, v in attrs.items()):
                out.append((a, text, anc))
        return out


class Attrs(dict):
    """An element's attributes; true even when there are none."""

    def __bool__(self):
        return True


def inside(anc, tag, **attrs):
    """The attributes of the nearest ancestor matching, or None."""
    for t, a in reversed(anc):
        if t == tag and all(a.get(k) == v for k, v in attrs.items()):
            return Attrs(a)
    return None


def has_class(a, cls):
    return cls in (a.get("class") or "").split()


def shown_value(v):
    """An evidence value as the report writes it."""
    if v is None:
        return "\u2014"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float) and v == int(v):
        return str(int(v))
    return str(v)


def produce(export, *args):
    status, data, stdout, stderr, out = audit(export, "--format", "html,json", "--fail-on", "never", *args)
    equal(status, 0, f"run {export} {args}: exit status ({stderr})")
    path = os.path.join(out, "report.html")
    with open(path, "rb") as f:
        raw = f.read()
    return data, raw, Doc(raw.decode("utf-8")), out


def data_island(doc):
    islands = [t for a, t in doc.scripts if a.get("type") == "application/json"]
    equal(len(islands), 1, "one JSON data island")
    return json.loads(islands[0])


def finding_rows(doc):
    """{check id: [record Id, ...]} from the plain HTML rows, in order."""
    rows = {}
    for a, text, anc in doc.find("span", class_="id"):
        th = inside(anc, "th")
        section = inside(anc, "section")
        tr = inside(anc, "tr")
        if th is None or section is None or not has_class(section, "check") or tr is None:
            continue
        rows.setdefault(section["data-check"], []).append(text.split(" ")[-1])
    return rows


def check_report(data, raw, doc, rows_limit, what):
    by_check = {}
    for f in data["findings"]:
        by_check.setdefault(f["check"], []).append(f)

    # the policy: only the inline style and script, by hash; nothing else loads
    csp = [m["content"] for m in doc.meta if m.get("http-equiv", "").lower() == "content-security-policy"]
    equal(len(csp), 1, f"{what}: one Content-Security-Policy")
    policy = dict((d.split()[0], d.split()[1:]) for d in csp[0].split(";") if d.strip())
    equal(policy.get("default-src"), ["'none'"], f"{what}: default-src 'none'")
    equal(len(doc.style), 1, f"{what}: one inline style")
    code = [t for a, t in doc.scripts if "type" not in a]
    equal(len(code), 1, f"{what}: one inline script")

    def sha(text):
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"

    equal(policy.get("style-src"), [sha(doc.style[0])], f"{what}: style-src is the stylesheet's hash")
    equal(policy.get("script-src"), [sha(code[0])], f"{what}: script-src is the script's hash")
    for tag, attr, value in doc.refs:
        ok = value.startswith("#") or (attr == "href" and tag == "a" and value.startswith("https://"))
        check(ok, f"{what}: no reference out of the file but record links: <{tag} {attr}={value!r}>")
    check(not any(t == "link" or t == "img" or t == "iframe" for t, *_ in doc.elements),
          f"{what}: no <link>, <img>, <iframe>")
    # url(#hatch) names a pattern in the page itself; any other url() could fetch
    check(b"@import" not in raw and not re.search(rb"url\((?!#)", raw), f"{what}: no CSS url() or @import")

    # summary cards = findings.json
    for sev in SEVERITIES + ["total"]:
        cards = doc.find("span", data_severity=sev)
        equal(len(cards), 1, f"{what}: one card for {sev}")
        want = data["summary"]["by_severity"][sev] if sev != "total" else len(data["findings"])
        equal(int(cards[0][1].replace(",", "")), want, f"{what}: the {sev} card")

    # the table of checks: every check, its severity, count or skip reason; those that ran first
    rows = [(a, t, anc) for a, t, anc in doc.find("tr") if inside(anc, "section", id="checks")]
    equal(len(rows), len(data["checks"]) + 1, f"{what}: a row per check in the table of checks")
    order = [c for c in data["checks"] if c["status"] == "ran"] + [c for c in data["checks"] if c["status"] != "ran"]
    for c, (a, text, anc) in zip(order, rows[1:]):
        check(text.startswith(c["id"] + c["title"]), f"{what}: row of {c['id']}")
        check(c["severity"] in text, f"{what}: {c['id']} shows its severity")
        if c["status"] == "ran":
            check(text.endswith(f"{c['findings']:,}ran"), f"{what}: {c['id']} count {c['findings']} in {text!r}")
        else:
            check(text.endswith("skipped: " + c["reason"]), f"{what}: {c['id']} skipped with its reason")

    # by owner: each owner's findings per check
    want_owner = Counter((f["owner"] or "", f["check"]) for f in data["findings"])
    owners = data_island(doc)["owners"]
    got_owner = Counter()
    for a, text, anc in doc.find("li"):
        tr = inside(anc, "tr")
        if tr is None or not inside(anc, "section", id="owners"):
            continue
        cid, n = text.rsplit(" ", 1)
        got_owner[(owners[int(tr["data-owner"])][0], cid)] += int(n.replace(",", ""))
    equal(got_owner, want_owner, f"{what}: findings per owner and check")

    # each check's section: the plain rows are its first findings, in order
    plain = finding_rows(doc)
    island = data_island(doc)
    equal([c["id"] for c in island["checks"]], [c for c in by_check], f"{what}: checks in the data island")
    for cid, fs in by_check.items():
        n = min(len(fs), rows_limit)
        equal(plain.get(cid, []), [f["record"] for f in fs[:min(n, PLAIN_ROWS)]], f"{what}: plain rows of {cid}")
        c = next(c for c in island["checks"] if c["id"] == cid)
        equal(c["total"], len(fs), f"{what}: {cid} total")
        equal(len(c["rows"]), n, f"{what}: {cid} rows in the data island")
        strings = island["strings"]
        for r, f in zip(c["rows"], fs):
            equal((SEVERITIES[r[0]], island["objects"][r[1]], r[2], owners[r[4]][0] or None, r[5],
                   strings[r[7]], strings[r[8]]),
                  (f["severity"], f["object"], f["record"], f["owner"], f["message"],
                   (f["fix"] or {}).get("text", ""), (f["fix"] or {}).get("action", "")),
                  f"{what}: {cid} row {r[2]}")
            equal([strings[k] for k in r[6][0::2]], list(f["evidence"]), f"{what}: {cid} {r[2]} evidence keys")
            for c, v in zip(r[6][1::2], f["evidence"].values()):
                if isinstance(v, list):
                    # structured evidence (a duplicate group's pairs) reads as text: each pair's names and score
                    check("{" not in c and all(f"a name {p['a_name']}" in c and f"b name {p['b_name']}" in c
                                               for p in v), f"{what}: {cid} {r[2]} pairs as text: {c}")
                else:
                    equal(c, shown_value(v), f"{what}: {cid} {r[2]} evidence")
        if len(fs) > n:
            sec = [t for a, t, _ in doc.find("section", data_check=cid)][0]
            said = f"this report holds the first {n:,}" if n else "this report lists none of them"
            check(said in sec and "report.xlsx" in sec,
                  f"{what}: {cid} says where the other {len(fs) - n} are")

    # headings in order, tables with scoped headers
    levels = [lv for lv, _ in doc.headings]
    equal(levels[0], 1, f"{what}: starts with h1")
    check(all(b <= a + 1 for a, b in zip(levels, levels[1:])), f"{what}: no heading level skipped: {levels}")
    for a, text, anc in doc.find("th"):
        if inside(anc, "thead"):
            equal(a.get("scope"), "col", f"{what}: <th> {text!r} in a header has scope=col")
        else:
            equal(a.get("scope"), "row", f"{what}: <th> {text!r} in a body has scope=row")


# ---- the sample org ----
data, raw, doc, out = produce(sample)
check_report(data, raw, doc, 2000, "sample")
equal(sorted(os.listdir(out)), ["findings.json", "report.html", "run.json"],
      "--format html,json writes those two (and the run's manifest)")
check(b'href="https://northwind-demo.my.salesforce.com/' in raw, "record links from record_url")
island = data_island(doc)
equal(island["record_url"], ["https://northwind-demo.my.salesforce.com/", ""], "record_url in the data island")

# the same export twice: the same bytes
# the analytics sections say what findings.json says
text = raw.decode("utf-8")
cov = data["analytics"]["coverage"]
check(f"Of <strong>{cov['open']}</strong> open opportunities" in text, "coverage: the open opportunities")
# inactive owners are marked in the by-owner view, and only they
inactive = [v["name"] for v in data["summary"]["by_owner"].values() if v["active"] is False]
check(inactive and text.count("inactive user: reassign") == len(inactive), f"inactive owners marked: {inactive}")
check(f"{cov['blank_role']} of their {cov['contact_roles']} contact roles" in text, "coverage: the blank roles")
wl = data["analytics"]["win_loss"]
check(f"<strong>{wl['won']['deals']} won</strong> and <strong>{wl['lost']['deals']} lost</strong>" in text,
      "win-loss: the deals")
for stage in cov["by_stage"]:
    check(f'<tr><th scope="row">{stage["stage"]}</th><td class="num">{stage["open"]}</td>' in text,
          f"coverage table: {stage['stage']}")
check(("Small sample" in text) == wl["small_sample"], "win-loss: the small-sample warning when it applies")

_, raw2, _, _ = produce(sample)
check(raw == raw2, "two runs write identical report.html")

# --html-rows caps every check's rows; the rest are pointed to
data, raw, doc, out = produce(sample, "--html-rows", "2")
check_report(data, raw, doc, 2, "sample --html-rows 2")
data, raw, doc, out = produce(sample, "--html-rows", "0")
check_report(data, raw, doc, 0, "sample --html-rows 0")
for bad in ("-1", "many", "99999999999"):
    status, stdout, stderr = run("run", sample, "-o", tempfile.mkdtemp(), "--html-rows", bad)
    equal(status, 2, f"--html-rows {bad}: usage error")
    check("html-rows" in stderr, f"--html-rows {bad}: the message names the option ({stderr!r})")

# ---- hostile values: text, never markup ----
data, raw, doc, out = produce(hostile)
check_report(data, raw, doc, 2000, "hostile")
text = raw.decode("utf-8")
for needle in ("<img", "<svg onload", "<b>", "<!--", "alert(1)</script>", "<script>alert", "</script "):
    check(needle.lower() not in text.lower(), f"hostile: {needle!r} never in the markup")
check("</SCRIPT" not in text, "hostile: '</SCRIPT >' never in the markup")
equal(len(re.findall(r"</script", text, re.I)), 2, "hostile: only the page's own two </script>")
island_raw = [t for a, t in doc.scripts if a.get("type") == "application/json"][0]
check("<" not in island_raw and ">" not in island_raw and "\u2028" not in island_raw,
      "hostile: the data island has no < > or U+2028")
names = {t for a, t, anc in doc.find("th") if inside(anc, "tbody")}
check(any(t.startswith("<img src=x onerror=alert(1)>") for t in names), "hostile: the contact's name as text")
evidence = [t for a, t, anc in doc.find("li") if inside(anc, "ul", **{"class": "ev"})]
check("account </script><script>alert(1)</script>" in evidence, "hostile: the account's name as text")
options = [t for a, t, anc in doc.find("option")]
check('Ann "><svg onload=alert(2)> Owner' in options, "hostile: the owner's name as text")
rows = {r[2]: r for c in data_island(doc)["checks"] for r in c["rows"]}
equal(rows["00K0000000000B2"][3], "<img src=x onerror=alert(1)>", "hostile: the name in the data island")
check("\u2028" in rows["0060000000000B2"][5], "hostile: U+2028 kept in the data island's values")

finish()

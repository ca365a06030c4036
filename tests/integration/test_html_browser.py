"""report.html in headless Chromium (Debian's /usr/bin/chromium, driven over
the DevTools protocol by cdp.py; skipped, exit 77, when it is not installed):
no console error, no network request; the summary cards equal findings.json;
filtering by severity, owner, check and text shows the right rows, with
counts; sorting from the keyboard; readable with JavaScript off; the hostile
fixture's names show as text and run nothing, even with the CSP removed.
Saves screenshots of the summary and of a check section in the build folder."""
import json
import os
import re
import shutil
import sys
import tempfile
import time
from collections import Counter

import cdp
from common import FIXTURES, SOURCE_ROOT, audit, check, equal, finish

if not cdp.available():
    print(f"skip: {cdp.CHROMIUM} is not installed (scripts/setup installs it)")
    sys.exit(77)

BUILD = os.environ.get("BUILD_ROOT", os.path.join(SOURCE_ROOT, "build"))
sample = os.path.join(FIXTURES, "sample-org")
hostile = os.path.join(SOURCE_ROOT, "tests", "fixtures", "html-hostile")
started = time.monotonic()


def produce(export):
    status, data, stdout, stderr, out = audit(export, "--format", "html,json", "--fail-on", "never")
    equal(status, 0, f"run {export}: exit status ({stderr})")
    return data, os.path.join(out, "report.html")


def url(path):
    return "file://" + os.path.abspath(path)


# what the page shows: the rendered rows of the visible check sections, as
# (check, record Id) pairs; the status line's count
ROWS_JS = """
Array.from(document.querySelectorAll('section.check')).filter(s => !s.hidden && s.offsetParent !== null)
  .flatMap(s => Array.from(s.querySelectorAll('table.findings tbody tr'))
    .map(tr => [s.dataset.check, tr.querySelector('th .id').textContent.split(' ').pop()]))
"""


def shown(page):
    return Counter(tuple(r) for r in page.eval(ROWS_JS))


def expected(data, pred):
    return Counter((f["check"], f["record"]) for f in data["findings"] if pred(f))


def set_filter(page, sel, value):
    page.eval(f"""(() => {{ const e = document.getElementById({json.dumps(sel)});
        e.value = {json.dumps(value)};
        e.dispatchEvent(new Event({json.dumps('input' if sel == 'f-q' else 'change')}, {{bubbles: true}})); }})()""")
    if sel == "f-q":  # the search waits 150 ms for typing to stop: wait until it is shown
        for _ in range(200):
            if page.eval("document.getElementById('filters').dataset.q") == value.strip():
                return
            time.sleep(0.05)
        raise AssertionError(f"the search for {value!r} was not applied within 10 s")


def problems(page, document_url):
    """Console errors, exceptions, log errors, requests other than the page, dialogs."""
    out = []
    for m, p in page.page_events("Runtime.consoleAPICalled", "Runtime.exceptionThrown", "Log.entryAdded",
                                 "Network.requestWillBeSent", "Page.javascriptDialogOpening"):
        if m == "Runtime.consoleAPICalled" and p.get("type") not in ("error", "assert", "warning"):
            continue
        if m == "Log.entryAdded" and p["entry"].get("level") not in ("error", "warning"):
            continue
        if m == "Network.requestWillBeSent" and p["request"]["url"] == document_url:
            continue
        out.append((m, json.dumps(p)[:400]))
    return out


with cdp.Browser() as browser:
    # ---- the sample org ----
    data, path = produce(sample)
    page = browser.new_page()
    page.navigate(url(path))
    equal(problems(page, url(path)), [], "sample: no console error, exception or network request")
    for sev in ("error", "warning", "info", "total"):
        got = page.eval(f"document.querySelector('.cards [data-severity={sev}]').textContent")
        want = data["summary"]["by_severity"][sev] if sev != "total" else len(data["findings"])
        equal(int(got.replace(",", "")), want, f"sample: the {sev} card")
    equal(page.eval("getComputedStyle(document.getElementById('filters')).display"), "flex",
          "sample: the filters show with JavaScript")
    equal(shown(page), expected(data, lambda f: True), "sample: every finding's row is shown")

    os.makedirs(BUILD, exist_ok=True)
    page.eval("window.scrollTo(0, 0)")
    page.screenshot(os.path.join(BUILD, "html-summary.png"))

    # by severity
    set_filter(page, "f-sev", "1")
    want = expected(data, lambda f: f["severity"] == "warning")
    equal(shown(page), want, "sample: severity warning shows the warnings")
    equal(page.eval("document.getElementById('f-status').dataset.matched"), str(sum(want.values())),
          "sample: the status counts the warnings")
    equal(page.eval("document.getElementById('f-status').textContent"),
          f"{sum(want.values())} of {len(data['findings'])} rows match: 0 error, {sum(want.values())} warning, 0 info.",
          "sample: the status line")
    # by owner (the one with the most findings), and both at once
    owners = json.loads(page.eval("document.getElementById('audit-data').textContent"))["owners"]
    by_owner = Counter(f["owner"] or "" for f in data["findings"])
    top, _ = by_owner.most_common(1)[0]
    index = [o[0] for o in owners].index(top)
    set_filter(page, "f-owner", str(index))
    equal(shown(page), expected(data, lambda f: f["severity"] == "warning" and (f["owner"] or "") == top),
          "sample: severity warning and one owner")
    option = page.eval(f"document.querySelector('#f-owner option[value=\"{index}\"]').textContent")
    n = sum(1 for f in data["findings"] if f["severity"] == "warning" and (f["owner"] or "") == top)
    check(option.endswith(f"({n})"), f"sample: the owner's option counts their warnings: {option!r}")
    set_filter(page, "f-sev", "")
    equal(shown(page), expected(data, lambda f: (f["owner"] or "") == top), "sample: one owner")
    hidden = page.eval("Array.from(document.querySelectorAll('section.check')).filter(s => s.hidden).length")
    equal(hidden, len({f["check"] for f in data["findings"]}) - len({f["check"] for f in data["findings"]
                                                                     if (f["owner"] or "") == top}),
          "sample: checks without the owner's findings are hidden")
    # the by-owner view's button does the same, from any filters
    set_filter(page, "f-sev", "2")
    page.eval(f"document.querySelector('table.owners tr[data-owner=\"{index}\"] td.show button').click()")
    equal(page.eval("document.getElementById('f-owner').value"), str(index), "sample: Show findings sets the owner")
    equal(shown(page), expected(data, lambda f: (f["owner"] or "") == top), "sample: Show findings of one owner")
    # by check, and a text search
    set_filter(page, "f-owner", "")
    set_filter(page, "f-check", "record-invalid-value")
    equal(shown(page), expected(data, lambda f: f["check"] == "record-invalid-value"), "sample: one check")
    set_filter(page, "f-check", "")
    word = next(f["evidence"]["account"] for f in data["findings"] if "account" in f["evidence"])
    set_filter(page, "f-q", word.upper())
    rows = shown(page)
    want = expected(data, lambda f: word.lower() in json.dumps(f, ensure_ascii=False).lower())
    check(len(want) > 0 and all(rows[k] == n for k, n in want.items()),
          f"sample: a search for {word!r} shows every finding that holds it")
    texts = page.eval("Array.from(document.querySelectorAll('section.check:not([hidden]) tbody tr'))"
                      ".map(tr => tr.textContent.toLowerCase())")
    check(len(texts) == sum(rows.values()) and all(word.lower() in t for t in texts),
          f"sample: a search for {word!r} shows only rows that hold it")
    page.eval("document.getElementById('f-clear').click()")
    equal(shown(page), expected(data, lambda f: True), "sample: clearing the filters shows every row again")

    # sorting from the keyboard: the Record column of the first check
    first = data["findings"][0]["check"]
    sel = f"section[data-check=\"{first}\"] th[data-key=record] button"
    page.eval(f"document.querySelector('{sel}').focus()")
    equal(page.eval("document.activeElement.className"), "sort", "sample: a sort button takes the focus")
    for t in ("keyDown", "keyUp"):
        page.send("Input.dispatchKeyEvent", {"type": t, "key": "Enter", "code": "Enter",
                                            "windowsVirtualKeyCode": 13, **({"text": "\r"} if t == "keyDown" else {})})
    equal(page.eval(f"document.querySelector('section[data-check=\"{first}\"] th[data-key=record]')"
                    ".getAttribute('aria-sort')"), "ascending", "sample: Enter sorts by record")
    names = page.eval(f"Array.from(document.querySelectorAll('section[data-check=\"{first}\"] tbody th'))"
                      ".map(th => th.firstChild.textContent)")
    collated = page.eval(f"{json.dumps(names)}.slice().sort(new Intl.Collator(undefined, "
                         "{numeric: true, sensitivity: 'base'}).compare)")
    equal(names, collated, "sample: rows in record order")

    page.eval(f"document.getElementById('check-{first}').scrollIntoView()")
    page.screenshot(os.path.join(BUILD, "html-check.png"))
    # the win-loss section: its counts are findings.json's, and a screenshot to look at
    wl = data["analytics"]["win_loss"]
    lead = page.eval("document.querySelector('#win-loss p.lead').textContent")
    check(f"{wl['won']['deals']} won and {wl['lost']['deals']} lost" in lead, f"sample: win-loss counts: {lead}")
    bars = page.eval("document.querySelectorAll('#win-loss svg.chart rect.bar').length")
    equal(bars, 2 * len(wl["roles"]), "sample: a won and a lost bar per role")
    box = page.eval("(() => { const r = document.getElementById('win-loss').getBoundingClientRect(); "
                    "return [r.y + window.scrollY, r.height]; })()")
    page.screenshot(os.path.join(BUILD, "html-win-loss.png"),
                    {"x": 0, "y": box[0], "width": 1280, "height": min(box[1], 4000)})

    # print: no filters
    page.send("Emulation.setEmulatedMedia", {"media": "print"})
    equal(page.eval("getComputedStyle(document.getElementById('filters')).display"), "none",
          "sample: the print stylesheet hides the filters")
    equal(page.eval("getComputedStyle(document.querySelector('th button.sort')).display"), "contents",
          "sample: printed headers hold no button (so that they repeat on every page)")
    page.send("Emulation.setEmulatedMedia", {"media": ""})
    equal(problems(page, url(path)), [], "sample: still no console error or request after the interactions")

    # JavaScript off: the summary and the first rows are there, the filters are not
    page2 = browser.new_page()
    page2.send("Emulation.setScriptExecutionDisabled", {"value": True})
    page2.navigate(url(path))
    equal(shown(page2), expected(data, lambda f: True), "no JavaScript: every (first) row is plain HTML")
    equal(page2.eval("getComputedStyle(document.getElementById('filters')).display"), "none",
          "no JavaScript: no filters")
    page2.send("Emulation.setScriptExecutionDisabled", {"value": False})

    # ---- against a baseline: the trend line, a new/persisting filter ----
    week2 = os.path.join(tempfile.mkdtemp(prefix="crm-audit-week2-"), "week2")
    shutil.copytree(sample, week2)
    acc = os.path.join(week2, "Account.csv")
    with open(acc, encoding="utf-8-sig", newline="") as f:
        text = f.read()
    with open(acc, "w", encoding="utf-8", newline="") as f:
        f.write(text.replace("TIDEWATER SHIPPING CO.", "Tidewater Shipping Co.")
                .replace("Kestrel Foods Pty Ltd", "Kestrel  Foods Pty Ltd"))
    status, bdata, _, _, bout = audit(week2, "--format", "html,json", "--fail-on", "never",
                                      "--baseline", os.path.join(os.path.dirname(path), "findings.json"))
    bpath = os.path.join(bout, "report.html")
    page = browser.new_page()
    page.navigate(url(bpath))
    equal(problems(page, url(bpath)), [], "baseline: no console error or request")
    trend = bdata["summary"]["trend"]["total"]
    for k in ("new", "persisting", "fixed"):
        equal(int(page.eval(f"document.querySelector('#trend [data-trend={k}]').textContent")), trend[k],
              f"baseline: the {k} count")
    equal(trend, {"new": 1, "persisting": len(data["findings"]) - 1, "fixed": 1, "gone": 0, "aged_out": 0},
          "baseline: 1 new, 1 fixed")
    equal(page.eval("document.querySelectorAll('details.gone tbody tr').length"), 1,
          "baseline: the fixed finding is listed")
    set_filter(page, "f-trend", "1")
    equal(shown(page), expected(bdata, lambda f: f["baseline"] == "new"), "baseline: the new filter")
    equal(page.eval("document.querySelectorAll('section.check:not([hidden]) .trend.new').length"), 1,
          "baseline: the new row is marked")
    set_filter(page, "f-trend", "2")
    equal(shown(page), expected(bdata, lambda f: f["baseline"] == "persisting"), "baseline: the persisting filter")

    # ---- hostile values: text, never markup or script ----
    data, path = produce(hostile)
    stripped = os.path.join(tempfile.mkdtemp(prefix="crm-audit-nocsp-"), "report.html")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    nocsp, n = re.subn(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", text)
    equal(n, 1, "hostile: one CSP meta to remove")
    with open(stripped, "w", encoding="utf-8") as f:
        f.write(nocsp)
    for what, p in (("hostile", path), ("hostile without the CSP", stripped)):
        page = browser.new_page()
        page.send("Page.addScriptToEvaluateOnNewDocument",
                  {"source": "window.__ran = 0; window.alert = function () { window.__ran++; };"})
        page.navigate(url(p))
        time.sleep(0.2)
        equal(problems(page, url(p)), [], f"{what}: no console error, request or dialog")
        equal(page.eval("window.__ran"), 0, f"{what}: alert never called")
        equal(page.eval("document.querySelectorAll('img, svg [onload], b, iframe').length"), 0,
              f"{what}: no element made from a value")
        equal(page.eval("document.scripts.length"), 2, f"{what}: only the page's two scripts")
        cells = page.eval("Array.from(document.querySelectorAll('table.findings tbody th'))"
                          ".map(th => th.firstChild.textContent)")
        check("<img src=x onerror=alert(1)>" in cells, f"{what}: the contact's name shows as text: {cells}")
        ev = page.eval("Array.from(document.querySelectorAll('ul.ev li')).map(li => li.textContent)")
        check("account </script><script>alert(1)</script>" in ev, f"{what}: the account's name shows as text")
        opts = page.eval("Array.from(document.querySelectorAll('#f-owner option')).map(o => o.textContent)")
        check(any(o.startswith('Ann "><svg onload=alert(2)> Owner') for o in opts),
              f"{what}: the owner's name shows as text: {opts}")
        set_filter(page, "f-q", "<img")
        # the contact's own findings (an unreadable value; stale: no activity, no change within a
        # year) and its contact role's (no Role; held across accounts; held by a stale contact), all
        # named after it, and the opportunity whose fix suggests the contact as primary
        equal(shown(page), Counter({("contact-role-missing-role", "00K0000000000B2"): 1,
                                    ("contact-role-foreign-account", "00K0000000000B2"): 1,
                                    ("contact-role-inactive-contact", "00K0000000000B2"): 1,
                                    ("contact-stale", "0030000000000A1"): 1,
                                    ("opportunity-no-primary-contact", "0060000000000B2"): 1,
                                    ("record-invalid-value", "0030000000000A1"): 1}),
              f"{what}: a search for '<img' finds the contact's rows")
        equal(page.eval("window.__ran"), 0, f"{what}: alert never called after searching")

print(f"browser test: {time.monotonic() - started:.1f} s; screenshots in {BUILD}/html-summary.png, html-check.png")
finish()

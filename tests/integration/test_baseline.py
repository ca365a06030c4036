"""--baseline: findings marked new or persisting by fingerprint, the fixed
counted per check and per owner, and a baseline that is not ours refused."""
import csv
import json
import os
import shutil
import tempfile

from common import FIXTURES, SOURCE_ROOT, audit, check, equal, finish, run

sample = os.path.join(FIXTURES, "sample-org")
tmp = tempfile.mkdtemp(prefix="crm-audit-baseline-")

status, before, *_, out1 = audit(sample, "--format", "json")
base = os.path.join(out1, "findings.json")
check(all("baseline" not in x for x in before["findings"]), "without --baseline no finding says new or persisting")
check("trend" not in before["summary"], "without --baseline no trend")

# the same export against itself: all persisting
status, same, *_ = audit(sample, "--format", "json", "--baseline", base)
equal(same["summary"]["trend"]["total"], {"new": 0, "persisting": len(before["findings"]), "fixed": 0, "gone": 0,
                                                 "aged_out": 0},
      "the same export: everything persists")

# next week: TIDEWATER SHIPPING CO. is renamed properly (one account-name-format fixed), and
# another account gets a double space (one new); every other finding persists
week2 = os.path.join(tmp, "week2")
shutil.copytree(sample, week2)
path = os.path.join(week2, "Account.csv")
with open(path, encoding="utf-8-sig", newline="") as f:
    rows = list(csv.reader(f))
h = rows[0]
ni, oi, ii = h.index("Name"), h.index("OwnerId"), h.index("Id")
fixed_row = next(r for r in rows if r[ni] == "TIDEWATER SHIPPING CO.")
fixed_row[ni] = "Tidewater Shipping Co."
new_row = next(r for r in rows if r[ni] == "Kestrel Foods Pty Ltd")
new_row[ni] = "Kestrel  Foods Pty Ltd"
with open(path, "w", encoding="utf-8", newline="") as f:
    csv.writer(f, lineterminator="\r\n").writerows(rows)
status, after, stdout, _, out2 = audit(week2, "--format", "json,xlsx", "--baseline", base)
n = len(before["findings"])
equal(after["summary"]["trend"]["total"], {"new": 1, "persisting": n - 1, "fixed": 1, "gone": 0,
                                                  "aged_out": 0}, "one new, one fixed")
equal(after["summary"]["trend"]["by_check"]["account-name-format"], {"new": 1, "persisting": 1, "fixed": 1, "gone": 0,
                                                                         "aged_out": 0},
      "per check: Test Account persists, TIDEWATER fixed, Kestrel new")
new = [x for x in after["findings"] if x["baseline"] == "new"]
equal([(x["check"], x["record"]) for x in new], [("account-name-format", new_row[ii][:15])], "the new finding")
equal(sum(1 for x in after["findings"] if x["baseline"] == "persisting"), n - 1, "the rest persist")
by_owner = after["summary"]["by_owner"]
equal(by_owner[new_row[oi][:15]]["trend"]["new"], 1, "the new finding's owner")
equal(by_owner[fixed_row[oi][:15]]["trend"]["fixed"], 1, "the fixed finding's owner")
equal(sum(o["trend"]["fixed"] for o in by_owner.values()), 1, "fixed counted once")
check("1 new, %d persisting, 1 fixed" % (n - 1) in stdout, "the summary says so")

equal([(g["check"], g["record"], g["as"]) for g in after["summary"]["trend"]["not_reported_now"]],
      [("account-name-format", fixed_row[ii][:15], "fixed")], "the fixed finding listed, with why")
import openpyxl
ws = openpyxl.load_workbook(os.path.join(out2, "report.xlsx"))["Not reported now"]
equal([list(r)[:5] for r in ws.iter_rows(values_only=True)],
      [["Check", "Object", "Record Id", "Owner", "Why"],
       ["account-name-format", "Account", fixed_row[ii][:15], after["summary"]["by_owner"][fixed_row[oi][:15]]["name"],
        "fixed"]], "report.xlsx: the sheet of findings not reported now")

# the same export a week later: findings of windowed checks (new within 7 days, engaged within 10...) age out,
# they are not "fixed"; a record deleted since is "gone", not fixed
week3 = os.path.join(tmp, "week3")
shutil.copytree(sample, week3)
path3 = os.path.join(week3, "Account.csv")
with open(path3, encoding="utf-8-sig", newline="") as f:
    rows3 = list(csv.reader(f))
rows3 = [r for r in rows3 if r[ni] != "TIDEWATER SHIPPING CO."]  # deleted (its name-format finding goes with it)
with open(path3, "w", encoding="utf-8", newline="") as f:
    csv.writer(f, lineterminator="\r\n").writerows(rows3)
status, later, stdout, *_ = audit(week3, "--format", "json", "--baseline", base, "--as-of", "2026-12-31")
gone = later["summary"]["trend"]["not_reported_now"]
check(all(g["as"] == "aged out" for g in gone if g["check"] in ("contact-new-or-moved", "account-new-review",
                                                                  "contact-role-suggested", "lead-engaged")),
      "windowed checks' findings age out")
check(any(g["as"] == "aged out" for g in gone), "six weeks later some findings have aged out")
tide = [g for g in gone if g["record"] == fixed_row[ii][:15] and g["check"] == "account-name-format"]
equal([g["as"] for g in tide], ["gone"], "a deleted record's finding is gone, not fixed")
t = later["summary"]["trend"]["total"]
equal(t["fixed"] + t["gone"] + t["aged_out"], len(gone), "the list and the counts agree")

# a check that did not run this time is not "fixed"
status, only, *_ = audit(week2, "--format", "json", "--baseline", base, "--only", "account-name-format")
equal(only["summary"]["trend"]["total"], {"new": 1, "persisting": 1, "fixed": 1, "gone": 0,
                                                                         "aged_out": 0},
      "--only: the other checks' baseline findings are not counted fixed")

# baselines that are not ours: exit 2, one clear line
bad = {
    "version.json": ('{"tool": {"name": "crm-audit", "version": "0.0.1"}, "findings": []}',
                     "written by crm-audit 0.0.1, not 0.1.0"),
    "tool.json": ('{"tool": {"name": "other"}, "findings": []}', 'expected "tool": {"name": "crm-audit"}'),
    "truncated.json": ('{"tool": {"name": "crm-audit",\n "version": "0.1.0"}, "findings": [', ":2:"),
    "array.json": ("[]", "expected a JSON object, found an array"),
    # nested 80,000 deep (once a stack overflow): the limit, with line and column
    "deep.json": ('{"tool": {"name": "crm-audit", "version": "0.1.0"}, "findings": [' + "[" * 80000,
                  ":1:129: expected at most 64 levels of nesting, found more"),
    "escape.json": ('{"tool": {"name": "crm-audit", "version": "0.1.0"},\n "findings": [{"check": "\\x"}]}',
                    ":2:27: expected an escape such as"),
    "trailing.json": ('{"tool": {"name": "crm-audit", "version": "0.1.0"}, "findings": []} {}',
                      ":1:69: expected the end of the file"),
    "nofp.json": ('{"tool": {"name": "crm-audit", "version": "0.1.0"}, "findings": [{"check": "x"}]}',
                  "finding 1 has no check or no 32-character fingerprint"),
}
for name, (text, phrase) in bad.items():
    p = os.path.join(tmp, name)
    open(p, "w").write(text)
    status, stdout, stderr = run("run", sample, "-o", os.path.join(tmp, "o-" + name), "-q", "--baseline", p)
    equal(status, 2, f"{name}: exit 2")
    check(stderr.startswith(p) and phrase in stderr and stderr.count("\n") == 1, f"{name}: {stderr!r}")
status, stdout, stderr = run("run", sample, "-o", os.path.join(tmp, "o-missing"), "-q", "--baseline",
                             os.path.join(tmp, "missing.json"))
equal(status, 2, "a missing baseline: exit 2")

# a fingerprint is the problem, not its fix (issue 18): only contact-domain-outlier's move target changes
# (Carl Diaz, globex.com under Acme Corp: the account with the website globex.com is another record next
# week) and the trend is 0 fixed, 0 new
case = os.path.join(SOURCE_ROOT, "tests", "checks", "contact-domain-outlier")
fingerprints = []
for week, globex in [("target1", "001000000000090"), ("target2", "001000000000091")]:
    d = os.path.join(tmp, week)
    shutil.copytree(case, d)
    with open(os.path.join(d, "Account.csv"), "a", encoding="utf-8", newline="") as f:
        f.write(f"{globex},false,Globex Inc,https://www.globex.com,Paris,France,005000000000001,"
                "2025-01-10T09:00:00.000Z\r\n")
    args = ["--format", "json", "--only", "contact-domain-outlier", "--as-of", "2026-11-20"]
    if fingerprints:
        args += ["--baseline", os.path.join(fingerprints[-1][1], "findings.json")]
    status, data, stdout, stderr, out = audit(d, *args)
    carl = next(x for x in data["findings"] if x["record"] == "003000000000003")
    equal(carl["fix"] and carl["fix"].get("AccountId"), globex, f"{week}: Carl's move target is {globex}")
    fingerprints.append((data, out))
week2 = fingerprints[1][0]
equal(week2["summary"]["trend"]["total"], {"new": 0, "persisting": len(week2["findings"]), "fixed": 0, "gone": 0,
                                           "aged_out": 0}, "only the move target changed: 0 fixed, 0 new")
status, text, _ = run("explain", "contact-domain-outlier")
check("Fingerprint" in text and "evidence: contact_domain" in text and "never the suggested fix" in text,
      f"explain shows the fingerprint's fields: {text}")

# config identity (issue 18): findings.json records the config's hash and each check's effective options; a
# check whose options changed since the baseline is "not comparable" (named, with the option), never fixed/new
import hashlib
ini = os.path.join(sample, "crm-audit.ini")
status, base_run, *_, base_out = audit(sample, "--format", "json", "--as-of", "2026-11-20")
equal(base_run["config"], {"path": ini, "hash": hashlib.sha256(open(ini, "rb").read()).hexdigest()},
      "findings.json: the config's path and SHA-256")
opts = {c["id"]: c["options"] for c in base_run["checks"]}
equal(opts["contact-stale"].get("window_days"), "365", "checks[].options: contact-stale's window_days")
check("stage_model" in opts["stage-committee-mismatch"], "checks[].options: the stage model of a check that reads it")
equal(opts["contact-role-suggested"].get("min_activities@Strategic"), "3", "a segment's own value")
base_path = os.path.join(base_out, "findings.json")
# the same export without the stage config (the 131 "fixed"): stage-committee-mismatch is not comparable
lines = open(ini, encoding="utf-8").read().split("\n")
kept, group = [], None
for line in lines:
    if line.startswith("["):
        group = line
    if group not in ("[stages]", "[stage-gates]"):
        kept.append(line)
no_stages = os.path.join(tmp, "no-stages.ini")
open(no_stages, "w", encoding="utf-8").write("\n".join(kept))
status, run2, stdout, *_ = audit(sample, "--format", "json", "--as-of", "2026-11-20", "--config", no_stages,
                                 "--baseline", base_path)
trend = run2["summary"]["trend"]
nc = {x["check"]: x for x in trend["not_comparable"]}
equal(sorted(nc), ["stage-assessment-mismatch", "stage-committee-mismatch"] if "stage-assessment-mismatch" in nc
      else ["stage-committee-mismatch"], "without the stage config: the stage checks are not comparable")
equal(sorted(c["option"] for c in nc["stage-committee-mismatch"]["changed"]), ["stage_gates", "stage_model"],
      "the options that changed are named")
equal(trend["total"]["fixed"] + trend["total"]["gone"] + trend["total"]["new"], 0,
      "a config change is not counted as work done: 0 fixed, 0 gone, 0 new")
check(all("baseline" not in x for x in run2["findings"] if x["check"] in nc), "their findings: neither new nor persisting")
check("not comparable: stage-committee-mismatch" in stdout and "stage_gates, stage_model changed" in stdout,
      f"the summary says which check and which options: {stdout}")
# one option of one check changed: that check alone
window = os.path.join(tmp, "window.ini")
open(window, "w", encoding="utf-8").write(open(ini, encoding="utf-8").read() +
                                          "\n[check.contact-stale]\nwindow_days = 90\n")
status, run3, *_ = audit(sample, "--format", "json", "--as-of", "2026-11-20", "--config", window,
                         "--baseline", base_path)
trend = run3["summary"]["trend"]
equal([(x["check"], x["changed"]) for x in trend["not_comparable"]],
      [("contact-stale", [{"option": "window_days", "was": "365", "now": "90"}]),
       ("contact-role-inactive-contact", [{"option": "contact-stale.window_days", "was": "365", "now": "90"}])],
      "contact-stale's window_days changed: it is not comparable, with was and now, and so is the check that "
      "applies contact-stale's rule (contact-role-inactive-contact); no other")
equal(trend["total"]["fixed"] + trend["total"]["new"], 0, "... and nothing counted fixed or new")
shutil.rmtree(tmp, ignore_errors=True)
finish()

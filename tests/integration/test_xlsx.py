"""report.xlsx read back with openpyxl against findings.json: the sheets, the
Summary's numbers, each check sheet's header and rows, the fix sheets against
fixes/*.csv; untrusted text kept as text; a sheet continued past the row
limit; two runs byte-identical; LibreOffice opens it (when installed)."""
import csv
import filecmp
import math
import json
import os
import re
import shutil
import subprocess
import tempfile

import openpyxl

from common import FIXTURES, audit, check, equal, finish

sample = os.path.join(FIXTURES, "sample-org")
tmp = tempfile.mkdtemp(prefix="crm-audit-xlsx-")
MARKER = "\u2026 [cut]"
FIXED = ["Severity", "Object", "Record Id", "Record name"]
AFTER = ["Related Ids", "Owner", "Message"]
TAIL = ["Fix", "Fix action"]


def excel_text(v):
    """A cell's text as Excel shows it: OOXML's _xHHHH_ escapes decoded (openpyxl leaves them)."""
    if not isinstance(v, str):
        return v
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), v)


def sheet_rows(ws):
    return [list(r) for r in ws.iter_rows(values_only=True)]


def summary_sections(ws):
    """{title: (header, rows)} for each titled table of the Summary."""
    rows = sheet_rows(ws)
    out = {}
    i = 0
    while i < len(rows):
        r = rows[i]
        if isinstance(r[0], str) and all(v is None for v in r[1:]) and i + 1 < len(rows) and rows[i + 1][0]:
            header = [h for h in rows[i + 1] if h is not None]
            body = []
            j = i + 2
            while j < len(rows) and any(v is not None for v in rows[j]):
                body.append(rows[j][:len(header)])
                j += 1
            out[r[0]] = (header, body)
            i = j
        else:
            i += 1
    return out


def base_name(cid, part):
    suffix = f" ({part})" if part > 1 else ""
    return cid[:31 - len(suffix)] + suffix


def expected_header(findings, names):
    """The header for these findings, names being their rows' Record name: an
    evidence key whose value is the record's name in every finding that has
    it gets no column (it would repeat Record name). Returns (header, keys,
    dropped keys)."""
    keys = []
    for x in findings:
        for k in x["evidence"]:
            if k not in keys:
                keys.append(k)
    dropped = [k for k in keys if all(isinstance(x["evidence"][k], str) and x["evidence"][k] == (n or "")
                                      for x, n in zip(findings, names) if k in x["evidence"])]
    kept = [k for k in keys if k not in dropped]
    return FIXED + AFTER + kept + TAIL, kept, dropped


def linkable(record):
    return bool(re.fullmatch(r"[A-Za-z0-9]+", record or ""))


def cell_of(value):
    """What a finding's JSON value reads back as."""
    if value == "" or value is None:
        return None
    return value


def rows_text(rows):
    """Evidence rows (a list of objects in findings.json) as one line of text:
    rows by " | ", a row's "column value" by ", " (an empty list left out),
    a list's words by ", ", a number with decimals to three digits."""
    def cell(v):
        if isinstance(v, list):
            return ", ".join(v)
        if isinstance(v, float):
            return "%.3g" % v
        if v is None:
            return "\u2014"
        return str(v)
    return " | ".join(", ".join(f"{k.replace('_', ' ')} {cell(v)}" for k, v in row.items() if v != [])
                      for row in rows)


# ---- the sample org, with findings.json beside it ----
status, data, stdout, stderr, out = audit(sample, "--format", "xlsx,json,fixes")
equal(status, 1, "sample-org: exit 1")
path = os.path.join(out, "report.xlsx")
check(os.path.exists(path), "report.xlsx written")
check(path in stdout, "report.xlsx named in the summary")
check(not [f for f in os.listdir(out) if ".tmp" in f or f.startswith("libxlsxwriter")], "no temporary file left")
wb = openpyxl.load_workbook(path)
record_url = "https://northwind-demo.my.salesforce.com/{id}"  # the sample's crm-audit.ini

with_findings = [c["id"] for c in data["checks"] if c["status"] == "ran" and c["findings"] > 0]
by_check = {cid: [x for x in data["findings"] if x["check"] == cid] for cid in with_findings}
fix_files = sorted(f[:-4] for f in os.listdir(os.path.join(out, "fixes")) if f.endswith(".csv"))
check(fix_files, "the sample has at least one fix file")
names = wb.sheetnames
equal(names[:3], ["Summary", "Coverage", "Win-Loss"], "Summary first, then the analytics sheets")
# structured evidence gets a sheet with one row per element, last: account-duplicate's pairs
dups = by_check.get("account-duplicate", [])
check(dups, "the sample has a duplicate group")
equal(names[-1], "account-duplicate pairs", "the pairs sheet comes last")
prow = sheet_rows(wb["account-duplicate pairs"])
equal(prow[0][:8], ["Record Id", "Record name", "a", "a_name", "b", "b_name", "score", "name_similarity"],
      "pairs: header")
want = [[x["record"], p["a"], p["b"], p["score"], ", ".join(p["matched"]) or None]
        for x in dups for p in x["evidence"]["pairs"]]
equal([[r[0], r[2], r[4], r[6], r[9]] for r in prow[1:]], want, "pairs: one row per pair, with score and signals")
names = [names[0]] + names[3:-1]
equal(names[1:1 + len(with_findings)], [base_name(c, 1) for c in with_findings],
      "one sheet per check with findings, in findings.json's order, named by the id cut to 31 characters")
equal(sorted(names[1 + len(with_findings):]), sorted(("fix " + f)[:31] for f in fix_files),
      "then one sheet per fix file")
check(all(len(n) <= 31 for n in names), "sheet names within 31 characters")

# the Summary
summary = wb["Summary"]
sec = summary_sections(summary)
equal(sorted(k for k in sec if k != "crm-audit report"),
      sorted(["Input", "Findings by severity", "Checks", "Fix files", "Findings by owner",
              "Lead migration (contacts-only CRM)", "Lead migration: top accounts"]), "Summary sections")
# the lead migration block: the same counts as findings.json's analytics.migration
mig = data["analytics"]["migration"]
rows = {r[0]: r[1] for r in summary.iter_rows(values_only=True) if r[0]}
equal((rows["all unconverted"], rows["convert to an existing account"], rows["spam: purge"], rows["grey: review quarterly"]),
      (mig["unconverted_leads"], mig["outcomes"]["convert_existing_account"], mig["outcomes"]["spam"],
       mig["outcomes"]["grey"]), "Summary: the lead migration counts")
about = {r[0]: r[1] for r in sheet_rows(summary)[1:6]}
equal(about.get("Export folder"), sample, "Summary: the export folder")
equal(about.get("As of"), data["as_of"], "Summary: as of")
equal(about.get("Record links"), f"each Record Id links to {record_url}", "Summary: what the Ids link to")
equal(about.get("Config"), os.path.join(sample, "crm-audit.ini"), "Summary: the config read")
header, rows = sec["Input"]
equal(header, ["Object", "File", "Rows", "Encoding", "Deleted rows skipped", "Blank rows skipped"], "Input header")
for r in rows:
    obj = data["input"][r[0]]
    equal((r[1], r[2], r[3], r[4], r[5]),
          (obj["file"] or "not in the export", obj["rows"], obj.get("encoding"), obj.get("deleted_rows_skipped"),
           obj.get("blank_rows_skipped")), f"Summary input {r[0]}")
equal(len(rows), len(data["input"]), "every object in the input table")
header, rows = sec["Findings by severity"]
got = {r[0]: r[1] for r in rows}
equal(got, {**data["summary"]["by_severity"], "total": len(data["findings"])}, "Summary: findings by severity")
header, rows = sec["Checks"]
equal(header, ["Check", "Title", "Severity", "Status", "Findings", "Reason", "Sheet", "Continued on", "Rows linked"],
      "Checks header")
equal(sorted(r[0] for r in rows), sorted(c["id"] for c in data["checks"]), "every check in the Summary")
summary_checks = {r[0]: r for r in rows}
for c in data["checks"]:
    r = summary_checks[c["id"]]
    equal((r[1], r[2], r[3]), (c["title"], c["severity"], c["status"]), f"Summary check {c['id']}")
    if c["status"] == "ran":
        equal(r[4], c["findings"], f"Summary count {c['id']}")
    else:
        equal((r[4], r[5]), (None, c["reason"]), f"Summary skip reason {c['id']}")
    equal(r[6], base_name(c["id"], 1) if c["id"] in with_findings else None, f"Summary sheet of {c['id']}")
    equal(r[8], sum(linkable(x["record"]) for x in by_check[c["id"]]) if c["id"] in with_findings else None,
          f"Summary rows linked of {c['id']}")
equal([r[0] for r in rows[:len(with_findings)]], with_findings, "checks with findings first (the chart's range)")
links = {c.value: c.hyperlink.location for c in summary["G"] if c.hyperlink}
equal(links, {base_name(c, 1): f"'{base_name(c, 1)}'!A1" for c in with_findings}, "Summary links to the check sheets")
header, rows = sec["Findings by owner"]
equal(header, ["Owner Id", "Owner name", "error", "warning", "info", "Total", "Active"], "owners header")
expected_owners = [[k or None, (v["name"] or "(not a user in the export)") if k else "(no owner)", v["error"],
                    v["warning"], v["info"], v["total"],
                    {True: "yes", False: "no", None: None}[v["active"]]]
                   for k, v in sorted(data["summary"]["by_owner"].items())]
equal(rows, expected_owners, "Summary: findings by owner, sorted by owner Id")
header, rows = sec["Fix files"]
equal(sorted(r[0] for r in rows), sorted(f"fixes/{f}.csv" for f in fix_files), "Summary: the fix files")
charts = summary._charts
equal(len(charts), 1, "a chart on the Summary")
if charts:
    ser = charts[0].series[0]
    first = 1 + [r[0] for r in sheet_rows(summary)].index(with_findings[0])
    last = first + len(with_findings) - 1
    equal((ser.cat.strRef.f if ser.cat.strRef else ser.cat.numRef.f, ser.val.numRef.f),
          (f"Summary!$A${first}:$A${last}", f"Summary!$E${first}:$E${last}"),
          "the chart reads the checks with findings")

# each check sheet: header, row count, rows in findings.json's order, the values
for cid in with_findings:
    ws = wb[base_name(cid, 1)]
    rows = sheet_rows(ws)
    findings = by_check[cid]
    header, keys, dropped = expected_header(findings, [r[FIXED.index("Record name")] for r in rows[1:]])
    equal(rows[0], header, f"{cid}: header")
    if cid in ("opportunity-missing-contact-roles", "contact-role-missing-role"):  # checked by hand
        equal(dropped, ["opportunity" if cid.startswith("opp") else "contact"],
              f"{cid}: no column repeating the record's name")
    equal(len(rows) - 1, len(findings), f"{cid}: one row per finding")
    equal(ws.freeze_panes, "A2", f"{cid}: header row frozen")
    check(ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:"), f"{cid}: autofilter")
    check(len(ws.conditional_formatting) > 0, f"{cid}: severity coloured")
    col = {h: i for i, h in enumerate(header)}
    equal([r[col["Record Id"]] for r in rows[1:]], [x["record"] or None for x in findings],
          f"{cid}: rows in findings.json's order")
    for r, x, cells in zip(rows[1:], findings, list(ws.iter_rows(min_row=2))):
        what = f"{cid} {x['record']}"
        equal(r[col["Severity"]], x["severity"], f"{what}: severity")
        equal(r[col["Object"]], x["object"], f"{what}: object")
        equal(r[col["Related Ids"]], ", ".join(x["related"]) or None, f"{what}: related")
        owner_name = data["summary"]["by_owner"][x["owner"]]["name"] if x["owner"] else None
        equal(r[col["Owner"]], owner_name or x["owner"] or None, f"{what}: owner (name, else Id)")
        equal(r[col["Message"]], x["message"], f"{what}: message")
        for k in keys:
            v = x["evidence"].get(k)
            if isinstance(v, list):
                # evidence rows read as text, as in report.html (the detail sheet has one row each)
                equal(r[col[k]], rows_text(v) or None, f"{what}: evidence {k} (rows as text)")
            else:
                equal(r[col[k]], cell_of(v), f"{what}: evidence {k}")
        fix = x["fix"] or {}
        equal((r[col["Fix"]], r[col["Fix action"]]), (fix.get("text"), fix.get("action")), f"{what}: fix")
        link = cells[col["Record Id"]]
        equal((link.value, link.hyperlink.target if link.hyperlink else None),
              (x["record"] or None, record_url.replace("{id}", x["record"]) if linkable(x["record"]) else None),
              f"{what}: the Record Id links to the record")
        for c in cells:
            check(c.data_type in ("s", "n", "b"), f"{what}: no formula cell ({c.coordinate} {c.data_type})")

# the fix sheets mirror fixes/*.csv (their review cells never prefixed with a quote: test_trust.py)
for f in fix_files:
    with open(os.path.join(out, "fixes", f + ".csv"), newline="", encoding="utf-8") as fp:
        expected = list(csv.reader(fp))
    got = [[v if v is not None else "" for v in r] for r in sheet_rows(wb[("fix " + f)[:31]])]
    equal(got, expected, f"fix sheet {f} equals fixes/{f}.csv")

# ---- untrusted text ----
U = "005000000000001"
long_name = "L" * 40000
emoji_long = "\U0001F600" * 20000  # 40,000 UTF-16 units
export = os.path.join(tmp, "untrusted")
os.mkdir(export)


def write_csv(name, header, rows):
    with open(os.path.join(export, name), "w", newline="", encoding="utf-8") as fp:
        w = csv.writer(fp)
        w.writerow(header)
        w.writerows(rows)


evil = '=HYPERLINK("http://evil","x")'
title = "Head\x01 of\tIT _x0041_ \U0001F600\ufffe"
write_csv("User.csv", ["Id", "Name", "IsActive"], [[U, "@SUM(A1:A9)", "true"]])
write_csv("Account.csv", ["Id", "Name", "OwnerId"],
          [["001000000000001", evil, U], ["001000000000002", long_name, U], ["001000000000003", emoji_long, U]])
write_csv("Contact.csv", ["Id", "AccountId", "FirstName", "LastName", "Title", "OwnerId"],
          [["003000000000001", "001000000000001", "Ann", "Lee", title, U]])
write_csv("Opportunity.csv", ["Id", "AccountId", "Name", "StageName", "IsClosed", "OwnerId", "CloseDate", "Amount"],
          [["006000000000001", "001000000000001", "+1 seats", "Prospecting", "false", U, "2026-12-01", "-5"],
           ["006000000000002", "001000000000002", "-2", "Prospecting", "false", U, "2026-12-01", "100"],
           ["006000000000003", "001000000000003", "=1+1", "Prospecting", "false", U, "2026-12-01", "100"],
           ["006000000000004", "001000000000001", "Deal 4", "Prospecting", "false", U, "2026-12-01", "100"]])
write_csv("OpportunityContactRole.csv", ["Id", "OpportunityId", "ContactId", "Role", "IsPrimary"],
          [["00K000000000001", "006000000000004", "003000000000001", "", "false"]])
status, udata, stdout, stderr, uout = audit(export, "--format", "xlsx,json", "--as-of", "2026-11-20")
check(status in (0, 1), f"untrusted export audited ({stderr.strip()})")
uwb = openpyxl.load_workbook(os.path.join(uout, "report.xlsx"))
for ws in uwb.worksheets:
    for row in ws.iter_rows():
        for c in row:
            check(c.data_type != "f", f"no formula anywhere ({ws.title} {c.coordinate})")
            check(c.hyperlink is None or c.hyperlink.target is None,
                  f"no external link without record_url ({ws.title})")
equal({r[0]: r[1] for r in sheet_rows(uwb["Summary"])[1:6]}.get("Record links"),
      "none (record_url is not set in the config)", "untrusted: no record links, and the Summary says so")
usec = {r[0]: r for r in summary_sections(uwb["Summary"])["Checks"][1]}
for c in udata["checks"]:
    if c["status"] == "ran" and c["findings"] == 0:
        equal((usec[c["id"]][3], usec[c["id"]][4], usec[c["id"]][6]), ("ran", 0, None),
              f"{c['id']}: ran, no finding, no sheet")
        check(base_name(c["id"], 1) not in uwb.sheetnames, f"{c['id']}: no sheet without findings")
ws = uwb["opportunity-missing-contact-rol"]
rows = sheet_rows(ws)
col = {h: i for i, h in enumerate(rows[0])}
by_record = {r[col["Record Id"]]: (r, cells) for r, cells in zip(rows[1:], ws.iter_rows(min_row=2))}
r, cells = by_record["006000000000001"]
acc = cells[col["account"]]
equal((acc.value, acc.data_type), (evil, "s"), "a formula-like Account name is that literal text")
name = cells[col["Record name"]]
equal((name.value, name.data_type), ("+1 seats", "s"), "an Opportunity name starting with + is text")
equal((cells[col["amount"]].value, cells[col["amount"]].data_type), (-5, "n"), "a typed number stays a number")
equal((r[col["Owner"]]), "@SUM(A1:A9)", "a user name starting with @ is text")
r, cells = by_record["006000000000002"]
equal((cells[col["Record name"]].data_type, r[col["Record name"]]), ("s", "-2"),
      "a name that looks like a number stays text")
equal(by_record["006000000000003"][0][col["Record name"]], "=1+1", "a name that looks like a formula stays text")
cut = by_record["006000000000002"][0][col["account"]]
equal((len(cut), cut.endswith(MARKER), cut[:100]), (32767, True, "L" * 100),
      "a value longer than 32,767 characters is cut, with a marker")
cut = by_record["006000000000003"][0][col["account"]]
units = len(cut.encode("utf-16-le")) // 2
check(units <= 32767 and cut.endswith(MARKER) and cut.startswith("\U0001F600" * 10),
      f"a non-BMP value is cut to 32,767 UTF-16 units on a character boundary ({units})")
ws = uwb["contact-role-missing-role"]
rows = sheet_rows(ws)
col = {h: i for i, h in enumerate(rows[0])}
equal(excel_text(rows[1][col["title"]]), "Head of\tIT _x0041_ \U0001F600",
      "control character and U+FFFE dropped, the emoji kept, _x0041_ kept literal (as Excel reads it)")
check("\x01" not in rows[1][col["Message"]] and "\U0001F600" in rows[1][col["Message"]], "the message too")

# ---- a sheet continued past the row limit ----
os.environ["CRM_AUDIT_XLSX_MAX_ROWS"] = "4"  # a header and 3 rows per sheet
status, sdata, _, _, sout = audit(sample, "--format", "xlsx,json,fixes")
del os.environ["CRM_AUDIT_XLSX_MAX_ROWS"]
swb = openpyxl.load_workbook(os.path.join(sout, "report.xlsx"))
ssec = summary_sections(swb["Summary"])
scheck = {r[0]: r for r in ssec["Checks"][1]}
expected_names = ["Summary"]
for cid in with_findings:
    findings = [x for x in sdata["findings"] if x["check"] == cid]
    parts = math.ceil(len(findings) / 3)
    names = [base_name(cid, p) for p in range(1, parts + 1)]
    expected_names += names
    got, record_names, headers = [], [], []
    for n in names:
        rows = sheet_rows(swb[n])
        headers.append(rows[0])
        check(1 < len(rows) <= 4, f"split {n}: at most 3 rows")
        got += [r[2] for r in rows[1:]]
        record_names += [r[3] for r in rows[1:]]
    for n, h in zip(names, headers):
        equal(h, expected_header(findings, record_names)[0], f"split {n}: header")
    equal(got, [x["record"] or None for x in findings], f"split {cid}: every row once, in order")
    equal(scheck[cid][7], ", ".join(names[1:]) or None, f"split {cid}: the Summary names the continuation sheets")
equal([n for n in swb.sheetnames if n not in ("Coverage", "Win-Loss", "account-duplicate pairs")][:len(expected_names)],
      expected_names,
      "continuation sheets follow their first sheet")
check(any(scheck[c][7] for c in with_findings), "the sample has a check long enough to split")
for f in fix_files:
    with open(os.path.join(sout, "fixes", f + ".csv"), newline="", encoding="utf-8") as fp:
        expected = list(csv.reader(fp))
    parts = math.ceil((len(expected) - 1) / 3)
    got = []
    for p in range(1, parts + 1):
        rows = [[v if v is not None else "" for v in r] for r in sheet_rows(swb[base_name("fix " + f, p)])]
        equal(rows[0], expected[0], f"split fix {f} part {p}: header")
        got += rows[1:]
    equal(got, expected[1:], f"split fix sheet {f}: every row once, in order")

# ---- past the workbook's link limit: the Record Ids stay, as plain text ----
own_links = len(with_findings) + len(fix_files)  # the Summary's links to its sheets come first
os.environ["CRM_AUDIT_XLSX_MAX_LINKS"] = str(own_links + 3)
status, ldata, _, _, lout = audit(sample, "--format", "xlsx,json,fixes")
del os.environ["CRM_AUDIT_XLSX_MAX_LINKS"]
lwb = openpyxl.load_workbook(os.path.join(lout, "report.xlsx"))
lsum = lwb["Summary"]
equal(len([c for c in lsum["G"] if c.hyperlink]) + len([c for c in lsum["C"] if c.hyperlink]), own_links,
      "capped: the Summary keeps its links to every sheet")
seen = []  # (record, linked) over the check sheets in sheet order
for cid in with_findings:
    ws = lwb[base_name(cid, 1)]
    for c in ws["C"][1:]:
        check(c.data_type == "s", f"capped {cid}: the Record Id is text")
        seen.append((c.value, c.hyperlink.target if c.hyperlink else None))
records = [x["record"] or None for cid in with_findings for x in ldata["findings"] if x["check"] == cid]
equal([v for v, _ in seen], records, "capped: every Record Id still there, in order")
first = [i for i, (v, _) in enumerate(seen) if linkable(v)][:3]
equal([i for i, (_, t) in enumerate(seen) if t], first, "capped: only the first 3 linkable rows link")
equal([seen[i][1] for i in first], [record_url.replace("{id}", seen[i][0]) for i in first], "capped: their URLs")
total = sum(linkable(v) for v, _ in seen)
lchecks = {r[0]: r for r in summary_sections(lsum)["Checks"][1]}
owner_of_row = [cid for cid in with_findings for _ in by_check[cid]]  # the check of each row of seen
equal([lchecks[cid][8] for cid in with_findings], [sum(owner_of_row[i] == cid for i in first) for cid in with_findings],
      "capped: Rows linked per check in the Summary")
lnote = {r[0]: r[1] for r in sheet_rows(lsum)[1:6]}.get("Record links") or ""
check(f"in the first 3 rows" in lnote and f"the other {total - 3} are plain text" in lnote
      and f"at most {own_links + 3} links" in lnote, f"capped: the Summary says where links stop ({lnote})")

# ---- the analytics sheets: findings.json's figures, a native chart each ----
cov, wl = data["analytics"]["coverage"], data["analytics"]["win_loss"]
crows = sheet_rows(wb["Coverage"])
cval = {r[0]: r[1] for r in crows if r and r[0]}
equal(cval["Open opportunities"], cov["open"], "Coverage: open opportunities")
equal(round(cval["With a primary contact role"], 4), cov["with_primary_share"], "Coverage: primary share")
equal(round(cval["Contact roles with a blank Role"], 4), cov["blank_role_share"], "Coverage: blank roles")
stage_rows = {r[0]: r for r in crows if r and r[0] in {x["stage"] for x in cov["by_stage"]}}
for x in cov["by_stage"]:
    equal((stage_rows[x["stage"]][1], round(stage_rows[x["stage"]][4], 4)), (x["open"], x["average_committee"]),
          f"Coverage: stage {x['stage']}")
equal(len(wb["Coverage"]._charts), 1, "Coverage: the committee-size-by-stage chart")
wrows = sheet_rows(wb["Win-Loss"])
wval = {r[0]: r[1:3] for r in wrows if r and r[0]}
equal(tuple(wval["Deals"]), (wl["won"]["deals"], wl["lost"]["deals"]), "Win-Loss: deals won and lost")
for role in wl["roles"]:
    got = [None if v is None else round(v, 4) for v in wval[role]]
    equal(got, [wl["won"]["roles"][role]["share"], wl["lost"]["roles"][role]["share"]], f"Win-Loss: {role}")
equal(len(wb["Win-Loss"]._charts), 1, "Win-Loss: the roles won-vs-lost chart")
check(any(r and r[0] and str(r[0]).startswith("Small sample") for r in wrows) == wl["small_sample"],
      "Win-Loss: the small-sample warning")

# ---- against a baseline: a column on the check sheets, a Trend block on the Summary ----
status, bdata, _, _, bout = audit(sample, "--format", "xlsx,json", "--baseline", os.path.join(out, "findings.json"))
bwb = openpyxl.load_workbook(os.path.join(bout, "report.xlsx"))
srows = sheet_rows(bwb["Summary"])
t = next(i for i, r in enumerate(srows) if r and r[0] and str(r[0]).startswith("Trend since the baseline"))
equal(srows[t + 1][:4], ["Check", "New", "Persisting", "Fixed"], "Summary: the trend header")
total = next(r for r in srows[t + 2:] if r and r[0] == "total")
equal(total[1:4], [0, len(bdata["findings"]), 0], "Summary: the same export again: everything persists")
first = base_name(with_findings[0], 1)
brows = sheet_rows(bwb[first])
col = brows[0].index("Since the baseline")
check(all(r[col] == "persisting" for r in brows[1:]), "check sheet: each row says persisting")
shutil.rmtree(bout, ignore_errors=True)

# ---- two runs, byte-identical ----
status2, _, _, _, out2 = audit(sample, "--format", "xlsx,json,fixes", "--jobs", "1")
check(filecmp.cmp(path, os.path.join(out2, "report.xlsx"), shallow=False), "two runs give byte-identical report.xlsx")

# ---- LibreOffice opens it ----
office = shutil.which("libreoffice") or shutil.which("soffice")
if office:
    conv = os.path.join(tmp, "converted")
    profile = "file://" + os.path.join(tmp, "lo-profile")
    p = subprocess.run([office, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "csv",
                        "--outdir", conv, path], capture_output=True, text=True, timeout=240)
    equal(p.returncode, 0, f"LibreOffice converts report.xlsx ({p.stderr.strip()})")
    csv_path = os.path.join(conv, "report.csv")
    text = open(csv_path, encoding="utf-8", errors="replace").read() if os.path.exists(csv_path) else ""
    check("Findings by severity" in text, "LibreOffice read the Summary")
else:
    print("LibreOffice not installed: conversion not checked")

shutil.rmtree(tmp, ignore_errors=True)
for d in (out, uout, sout, lout, out2):
    shutil.rmtree(d, ignore_errors=True)
finish()

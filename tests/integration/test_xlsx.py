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
AFTER = ["Related Ids", "Owner Id", "Owner name", "Message"]
TAIL = ["Fix", "Fix action", "Fingerprint"]


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


def expected_header(findings, record_url):
    keys = []
    for x in findings:
        for k in x["evidence"]:
            if k not in keys:
                keys.append(k)
    return FIXED + (["Link"] if record_url else []) + AFTER + keys + TAIL, keys


def cell_of(value):
    """What a finding's JSON value reads back as."""
    if value == "" or value is None:
        return None
    if isinstance(value, (list, dict)):
        return json.dumps(value)  # structured evidence: its JSON text (compared parsed, below)
    return value


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
fix_files = sorted(f[:-4] for f in os.listdir(os.path.join(out, "fixes")))
check(fix_files, "the sample has at least one fix file")
names = wb.sheetnames
equal(names[0], "Summary", "Summary first")
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
about = {r[0]: r[1] for r in sheet_rows(summary)[1:4]}
equal(about.get("Export folder"), sample, "Summary: the export folder")
equal(about.get("As of"), data["as_of"], "Summary: as of")
header, rows = sec["Input"]
equal(header, ["Object", "File", "Rows", "Encoding", "Deleted rows skipped", "Blank rows skipped"], "Input header")
for r in rows:
    obj = data["input"][r[0]]
    equal((r[1], r[2], r[3], r[4], r[5]),
          (obj["file"], obj["rows"], obj.get("encoding"), obj.get("deleted_rows_skipped"),
           obj.get("blank_rows_skipped")), f"Summary input {r[0]}")
equal(len(rows), len(data["input"]), "every object in the input table")
header, rows = sec["Findings by severity"]
got = {r[0]: r[1] for r in rows}
equal(got, {**data["summary"]["by_severity"], "total": len(data["findings"])}, "Summary: findings by severity")
header, rows = sec["Checks"]
equal(header, ["Check", "Title", "Severity", "Status", "Findings", "Reason", "Sheet", "Continued on"], "Checks header")
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
equal([r[0] for r in rows[:len(with_findings)]], with_findings, "checks with findings first (the chart's range)")
links = {c.value: c.hyperlink.location for c in summary["G"] if c.hyperlink}
equal(links, {base_name(c, 1): f"'{base_name(c, 1)}'!A1" for c in with_findings}, "Summary links to the check sheets")
header, rows = sec["Findings by owner"]
equal(header, ["Owner Id", "Owner name", "error", "warning", "info", "Total"], "owners header")
expected_owners = [[k or None, (v["name"] if k else "(no owner)"), v["error"], v["warning"], v["info"], v["total"]]
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
    header, keys = expected_header(findings, record_url)
    equal(rows[0], header, f"{cid}: header")
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
        equal(r[col["Owner Id"]], x["owner"], f"{what}: owner")
        if x["owner"]:
            equal(r[col["Owner name"]], data["summary"]["by_owner"][x["owner"]]["name"], f"{what}: owner name")
        equal(r[col["Message"]], x["message"], f"{what}: message")
        for k in keys:
            v = x["evidence"].get(k)
            if isinstance(v, (list, dict)):
                equal(json.loads(r[col[k]]), v, f"{what}: evidence {k} (JSON)")
            else:
                equal(r[col[k]], cell_of(v), f"{what}: evidence {k}")
        fix = x["fix"] or {}
        equal((r[col["Fix"]], r[col["Fix action"]], r[col["Fingerprint"]]),
              (fix.get("text"), fix.get("action"), x["fingerprint"]), f"{what}: fix and fingerprint")
        link = cells[col["Link"]]
        equal((link.value, link.hyperlink.target if link.hyperlink else None),
              (record_url.replace("{id}", x["record"]),) * 2, f"{what}: link to the record")
        for c in cells:
            check(c.data_type in ("s", "n", "b"), f"{what}: no formula cell ({c.coordinate} {c.data_type})")

# the fix sheets mirror fixes/*.csv
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
equal((r[col["Owner name"]]), "@SUM(A1:A9)", "a user name starting with @ is text")
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
    got = []
    for n in names:
        rows = sheet_rows(swb[n])
        equal(rows[0], expected_header(findings, record_url)[0], f"split {n}: header")
        check(1 < len(rows) <= 4, f"split {n}: at most 3 rows")
        got += [r[2] for r in rows[1:]]
    equal(got, [x["record"] or None for x in findings], f"split {cid}: every row once, in order")
    equal(scheck[cid][7], ", ".join(names[1:]) or None, f"split {cid}: the Summary names the continuation sheets")
equal(swb.sheetnames[:len(expected_names)], expected_names, "continuation sheets follow their first sheet")
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
for d in (out, uout, sout, out2):
    shutil.rmtree(d, ignore_errors=True)
finish()

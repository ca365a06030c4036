"""The report sections in report.html and report.xlsx: a section that could
not be computed still shows, titled, with why (and in the page's "Not run"
list); coverage per segment adds up to all open opportunities; the Summary's
Checks table gives a reason only for the checks that did not run."""
import html
import os
import re
import shutil
import tempfile

import openpyxl

from common import FIXTURES, audit, check, equal, finish

sample = os.path.join(FIXTURES, "sample-org")
config = os.path.join(sample, "crm-audit.ini")
tmp = tempfile.mkdtemp(prefix="crm-audit-sections-")


def sheet_rows(ws):
    return [list(r) for r in ws.iter_rows(values_only=True)]


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def table_after(rows, title):
    """The rows of the table titled title on a sheet: after its title and header, up to a blank row."""
    for i, r in enumerate(rows):
        if r[0] == title:
            body = []
            for x in rows[i + 2:]:
                if not any(v is not None for v in x):
                    break
                body.append(x)
            return rows[i + 1], body
    return None, []


# ---- 1. the sample without OpportunityContactRole.csv: coverage and win-loss skipped ----
export = os.path.join(tmp, "no-roles")
shutil.copytree(sample, export)
os.remove(os.path.join(export, "OpportunityContactRole.csv"))
os.remove(os.path.join(export, "crm-audit.ini"))
status, data, stdout, stderr, out = audit(export, "--config", config, "--format", "json,html,xlsx",
                                          "--fail-on", "never")
equal(status, 0, "the export without contact roles audits")
why = "OpportunityContactRole.csv is not in the export"
equal(data["analytics"]["coverage"], {"skipped": why}, "findings.json: coverage skipped, with why (unchanged)")
equal(data["analytics"]["win_loss"], {"skipped": why}, "findings.json: win-loss skipped, with why (unchanged)")
page = read(os.path.join(out, "report.html"))
for sid, title in (("coverage", "Contact-role coverage of open opportunities"), ("win-loss", "Win-loss buying committee")):
    m = re.search(rf'<section id="{sid}"[^>]*>(.*?)</section>', page, re.S)
    check(m, f"report.html: the {sid} section is there though skipped")
    if m:
        text = html.unescape(re.sub(r"<[^>]+>", "", m.group(1)))
        check(title in text, f"report.html: {sid} has its title")
        check(why in text, f"report.html: {sid} says why it was not computed")
    check(f'<a href="#{sid}">' in page.split("</nav>")[0], f"report.html: {sid} in the navigation")
m = re.search(r'<div class="notices skipped"[^>]*>(.*?)</div>', page, re.S)
check(m, "report.html: the Not run box")
if m:
    items = [html.unescape(re.sub(r"<[^>]+>", "", li)) for li in re.findall(r"<li>(.*?)</li>", m.group(1), re.S)]
    item = [i for i in items if i.startswith(why + ":")]
    equal(len(item), 1, "Not run: one line for the missing file")
    if item:
        check("opportunity-missing-contact-roles" in item[0], "Not run: the checks skipped for it")
        check("Contact-role coverage of open opportunities" in item[0] and "Win-loss buying committee" in item[0],
              "Not run: the analytics skipped for it, beside the checks")
wb = openpyxl.load_workbook(os.path.join(out, "report.xlsx"))
equal(wb.sheetnames[:3], ["Summary", "Coverage", "Win-Loss"], "report.xlsx: the skipped sections keep their sheets")
for name, title in (("Coverage", "Contact-role coverage of open opportunities"), ("Win-Loss", "Win-loss buying committee")):
    rows = [r[0] for r in sheet_rows(wb[name]) if r[0]] if name in wb.sheetnames else None
    equal(rows, [title, f"Not computed: {why}."], f"report.xlsx: {name} is its title and why")

# ---- 2. coverage per segment adds up (the sample: Fjordline's account is not in the export) ----
status, data, stdout, stderr, out = audit(sample, "--config", config, "--format", "json,html,xlsx",
                                          "--as-of", "2026-11-20")
cov = data["analytics"]["coverage"]
check("(no segment)" not in cov["by_segment"], "findings.json: by_segment lists the segments only (unchanged)")
in_segments = sum(v["open"] for v in cov["by_segment"].values())
check(in_segments < cov["open"], "the sample has an open opportunity in no segment")
want = {**{k: v["open"] for k, v in cov["by_segment"].items()}, "(no segment)": cov["open"] - in_segments}
page = read(os.path.join(out, "report.html"))
m = re.search(r"<caption>Per segment</caption>.*?<tbody>(.*?)</tbody>", page, re.S)
check(m, "report.html: the per-segment table")
if m:
    got = {html.unescape(a): int(b.replace(",", "")) for a, b in
           re.findall(r'<th scope="row">(.*?)</th><td class="num">([\d,]+)</td>', m.group(1))}
    equal(got, want, "report.html: per segment, and the open opportunities in none")
    equal(sum(got.values()), cov["open"], "report.html: the segments add up to all open opportunities")
wb = openpyxl.load_workbook(os.path.join(out, "report.xlsx"))
header, body = table_after(sheet_rows(wb["Coverage"]), "Per segment")
equal(header[:2], ["Segment", "Open"], "report.xlsx: the per-segment header")
got = {r[0]: r[1] for r in body}
equal(got, want, "report.xlsx: per segment, and the open opportunities in none")
nos = [r for r in body if r[0] == "(no segment)"]
if nos:
    equal(nos[0][2], 1, "report.xlsx: Fjordline has a contact role")

# ---- 3. the Summary's Checks table: a reason only where a check did not run ----
reasons = {c["id"]: c.get("reason") for c in data["checks"]}
header, body = table_after(sheet_rows(wb["Summary"]), "Checks")
col = header.index("Reason")
for r in body:
    if r[3] == "ran":
        equal(r[col], None, f"report.xlsx Checks: no reason for {r[0]}, which ran")
    else:
        equal(r[col], reasons[r[0]], f"report.xlsx Checks: {r[0]}'s reason")
check(any(r[3] == "ran" for r in body), "the sample has checks that ran")
ro = os.path.join(tmp, "only")
status, data, stdout, stderr, out = audit(sample, "--config", config, "--format", "json,xlsx",
                                          "--only", "account-missing-website", "--fail-on", "never")
reasons = {c["id"]: c.get("reason") for c in data["checks"]}
header, body = table_after(sheet_rows(openpyxl.load_workbook(os.path.join(out, "report.xlsx"))["Summary"]), "Checks")
got = {r[0]: (r[3], r[col]) for r in body}
equal(got["account-missing-website"], ("ran", None), "--only: the check that ran has no reason")
skipped = [k for k, v in got.items() if v[0] != "ran"]
check(skipped, "--only: the others are listed as not run")
for k in skipped:
    check(got[k][1] and got[k][1] == reasons[k] and got[k][1] != k, f"--only: {k}'s reason, not its id")

shutil.rmtree(tmp, ignore_errors=True)
finish()

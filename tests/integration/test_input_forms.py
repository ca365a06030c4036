"""Forms of input that must be read right, not refused: opportunity stages
without IsClosed, Ids whose case a spreadsheet changed, blank rows, a pipe
in place of a file."""
import os
import shutil
import tempfile

from common import audit, check, equal, finish

tmp = tempfile.mkdtemp(prefix="crm-audit-forms-")
# the checks these forms are about: the others would flag the tiny exports' missing addresses and websites
RECORD_CHECKS = ("--only", "record-duplicate-id,record-dangling-reference,record-invalid-value")


def export(name, files):
    d = os.path.join(tmp, name)
    os.mkdir(d)
    for fname, text in files.items():
        with open(os.path.join(d, fname), "w", encoding="utf-8", newline="") as f:
            f.write(text)
    return d


# No IsClosed column: the stage decides. Closed Won, Closed - Lost, Won, Lost are closed;
# with [stages] open, exactly the listed stages are open.
opps = ("Id,Name,StageName,AccountId\n"
        "006000000000001,A,Prospecting,\n"
        "006000000000002,B,Closed - Won,\n"
        "006000000000003,C,Lost,\n"
        "006000000000004,D,Negotiation/Review,\n"
        "006000000000005,E,Verbal Commit,\n")
roles = "Id,OpportunityId,ContactId,Role,IsPrimary\n"
d = export("stages", {"Opportunity.csv": opps, "OpportunityContactRole.csv": roles})
status, data, *_ = audit(d, "--only", "opportunity-missing-contact-roles")
equal(sorted(x["record"] for x in data["findings"]), ["006000000000001", "006000000000004", "006000000000005"],
      "without IsClosed: closed/won/lost stages are closed")
cfg = os.path.join(tmp, "stages.ini")
open(cfg, "w").write("[stages]\nopen = Prospecting;Negotiation/Review\n")
status, data, *_ = audit(d, "--only", "opportunity-missing-contact-roles", "--config", cfg)
equal(sorted(x["record"] for x in data["findings"]), ["006000000000001", "006000000000004"],
      "[stages] open decides when IsClosed is absent")

# An 18-character Id upper-cased by a spreadsheet still names its record: the suffix restores the case.
d = export("case", {
    "Account.csv": "Id,Name\n001Nq00000J1MwVIAV,Acme\n",
    "Contact.csv": "Id,AccountId,LastName\n003000000000001,001NQ00000J1MWVIAV,Lee\n003000000000002,001nq00000j1mwviav,Kim\n",
})
status, data, *_ = audit(d, *RECORD_CHECKS)
equal([x for x in data["findings"] if x["check"] == "record-dangling-reference"], [],
      "upper- and lower-cased 18-character Ids resolve")

# Rows of empty fields (a spreadsheet's leftovers) are skipped and counted, not reported.
d = export("blank", {"Account.csv": "Id,Name,Website\n001000000000001,Acme,acme.com\n,,\n,,\n"})
status, data, stdout, *_ = audit(d, *RECORD_CHECKS)
equal(data["input"]["Account"]["rows"], 1, "blank rows are not records")
equal(data["input"]["Account"]["blank_rows_skipped"], 2, "blank rows counted")
equal(data["findings"], [], "blank rows are not findings")
check("blank rows: 2 in Account.csv skipped" in stdout, "blank rows said in the summary")

# A named pipe in place of a file is refused at once, not waited on.
d = export("fifo", {"Account.csv": "Id,Name\n001000000000001,Acme\n"})
os.mkfifo(os.path.join(d, "Lead.csv"))
status, data, stdout, stderr, _ = audit(d, *RECORD_CHECKS)
equal((status, stderr), (2, f"{d}/Lead.csv:1:1: expected a regular file, found a pipe, socket or device\n"),
      "a pipe is refused")

# One byte that is not UTF-8 makes the file Windows-1252, and the summary says where.
d = os.path.join(tmp, "mixed")
os.mkdir(d)
with open(os.path.join(d, "Contact.csv"), "wb") as f:
    f.write(b"Id,LastName\n003000000000001,Lee\n003000000000002,M\xfcller\n")
status, data, stdout, *_ = audit(d, *RECORD_CHECKS)
check("Contact.csv read as windows-1252 (line 3 is not UTF-8)" in stdout, "the line that is not UTF-8")

# A column full of values a spreadsheet reformatted: one line in the summary, besides the findings.
rows = "".join(f"00T00000000{i:04d},Call,{1 + i % 12}/{1 + i % 28}/2026\n" for i in range(12))
d = export("excel", {"Task.csv": "Id,Subject,ActivityDate\n" + rows})
status, data, stdout, *_ = audit(d, *RECORD_CHECKS)
equal(len(data["findings"]), 12, "each unreadable value is a finding")
check("unreadable: 12 values of ActivityDate in Task.csv, such as '1/1/2026' (was the file re-saved by a "
      "spreadsheet?)" in stdout, "the summary points at the spreadsheet")

# Known fields far to the right of a wide export (hundreds of custom fields) keep their type.
filler = ",".join(f"Custom_{i}__c" for i in range(600))
blanks = "," * 599
d = export("wide", {"Account.csv": f"Id,Name,{filler},ParentId,AnnualRevenue\n"
                                   f"001000000000001,Parent,{blanks},,100\n"
                                   f"001000000000002,Child,{blanks},001000000000001IAA,abc\n"})
status, data, *_ = audit(d, *RECORD_CHECKS)
equal([(x["check"], x["record"], x["evidence"]["field"]) for x in data["findings"]],
      [("record-invalid-value", "001000000000002", "AnnualRevenue")],
      "column 603: the 18-character ParentId resolves, the bad number is reported")

# Rows without an Id, and bad values on rows that share an Id, get distinct fingerprints.
d = export("fingerprints", {"Account.csv": "Id,Name,AnnualRevenue\n,A,x\n,B,y\n"
                                            "001000000000001,C,qq\n001000000000001,D,zz\n"})
status, data, *_ = audit(d, *RECORD_CHECKS)
fps = [x["fingerprint"] for x in data["findings"]]
equal(len(fps), 7, "2 rows without Id, 4 bad values, 1 repeated Id")
equal(len(set(fps)), len(fps), "fingerprints are distinct")
check("an Account row without an Id (Account.csv line 2)" in [x["message"] for x in data["findings"]],
      "a row without an Id names its object and line")

# Old Macintosh line endings (CR only): lines are still counted.
d = os.path.join(tmp, "cr")
os.mkdir(d)
open(os.path.join(d, "Account.csv"), "wb").write(b'Id,Name\r001000000000001,A\r001000000000002,B\r001000000000003,"C\r')
status, data, stdout, stderr, _ = audit(d, *RECORD_CHECKS)
equal((status, stderr), (2, f"{d}/Account.csv:4:2: expected a closing quote for the field that opens here, "
                            "found the end of the file\n"), "CR-only file: the line of the quote")

# A header below blank lines: its errors name its line.
d = export("header-low", {"Account.csv": "\n\nId,Name,Name\n001000000000001,A,B\n"})
status, data, stdout, stderr, _ = audit(d, *RECORD_CHECKS)
equal((status, stderr), (2, f"{d}/Account.csv:3:3: expected each column once, found Name again (first at column 2)\n"),
      "header on line 3")

# Two files for one object (names differ only in case): refused, both named.
d = export("twice", {"Account.csv": "Id,Name\n001000000000001,A\n", "account.csv": "Id,Name\n001000000000002,B\n"})
status, data, stdout, stderr, _ = audit(d, *RECORD_CHECKS)
equal((status, stderr), (2, f"{d}: two files for Account: Account.csv and account.csv; keep one\n"),
      "two files for one object")

shutil.rmtree(tmp, ignore_errors=True)
finish()

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
check("read as windows-1252: Contact.csv (line 3 is not UTF-8)" in stdout, "the line that is not UTF-8")

# A column full of values a spreadsheet reformatted (two-digit years): one line in the summary, besides the findings.
rows = "".join(f"00T00000000{i:04d},Call,{1 + i % 12}/{13 + i}/26\n" for i in range(12))
d = export("excel", {"Task.csv": "Id,Subject,ActivityDate\n" + rows})
status, data, stdout, *_ = audit(d, *RECORD_CHECKS)
equal(len(data["findings"]), 12, "each unreadable value is a finding")
check("unreadable: 12 values of ActivityDate in Task.csv, such as '1/13/26' (was the file re-saved by a "
      "spreadsheet?)" in stdout, "the summary points at the spreadsheet")
# Impossible days are not a spreadsheet's doing: no such hint.
rows = "".join(f"00T00000000{i:04d},Call,2026-02-{29 + i % 2} 00:00:00\n" for i in range(12))
d = export("impossible", {"Task.csv": "Id,Subject,ActivityDate\n" + rows})
status, data, stdout, *_ = audit(d, *RECORD_CHECKS)
equal(sorted({x["message"] for x in data["findings"]}),
      ["ActivityDate '2026-02-29 00:00:00' is not a calendar date", "ActivityDate '2026-02-30 00:00:00' is not a calendar date"],
      "an impossible day is said as such")
check("unreadable: 12 values of ActivityDate in Task.csv, such as '2026-02-29 00:00:00' (not calendar dates)\n"
      in stdout, "the summary says why, without the spreadsheet")

# A locale's date among ISO dates is not the column's form: reported, not read.
d = export("iso-and-locale", {"Task.csv": "Id,Subject,ActivityDate\n00T000000000001,Call,2026-03-01\n"
                                          "00T000000000002,Call,31/12/2026\n"})
status, data, stdout, *_ = audit(d, *RECORD_CHECKS)
equal([x["message"] for x in data["findings"]],
      ["ActivityDate '31/12/2026' cannot be read: the other dates of Task.csv ActivityDate are written YYYY-MM-DD "
       "(typed by hand, or reformatted by a spreadsheet?)"], "a locale date among ISO dates")
equal([x for x in data["inferred"] if x["what"].startswith("date order")], [], "no order inferred for an ISO column")

# As the Data Export Service writes it: Windows-1252, every field quoted, Date fields with a time,
# NULs inside a rich-text field. Read, the NULs dropped and counted, the dates past due found.
d = os.path.join(tmp, "data-export")
os.mkdir(d)
with open(os.path.join(d, "Opportunity.csv"), "wb") as f:
    f.write(b'"Id","Name","StageName","IsClosed","IsWon","CloseDate","Notes__c"\r\n'
            b'"006000000000001","Caf\xe9","Negociaci\xf3n","false","false","2023-05-11 00:00:00","<p>a\0\0</p>"\r\n'
            b'"006000000000002","B","Prospecting","false","false","2023-05-11T00:00:00.000Z","\0x"\r\n'
            b'"006000000000003","C","Prospecting","false","false","2024-05-11T00:00:00.000+0000",""\r\n')
status, data, stdout, stderr, _ = audit(d, "--only", "opportunity-past-close-date,record-invalid-value",
                                        "--as-of", "2024-01-01")
check(status in (0, 1), "a Data Export with NULs and Date fields with a time is read, not refused")
equal(data["input"]["Opportunity"]["control_bytes_dropped"], {"Notes__c": 3}, "NULs counted per column")
check("control bytes: 3 dropped from values in Opportunity.csv (Notes__c 3)" in stdout, "NULs said in the summary")
equal(sorted(x["record"] for x in data["findings"] if x["check"] == "opportunity-past-close-date"),
      ["006000000000001", "006000000000002"], "Date fields with a time are dates")
equal([x for x in data["findings"] if x["check"] == "record-invalid-value"], [], "no date is unreadable")
check("control_bytes_dropped" not in audit(export("no-nul", {"Account.csv": "Id,Name\n001000000000001,A\n"}),
                                           *RECORD_CHECKS)[1]["input"]["Account"], "no key without control bytes")

# A report's "Export details": dates in the user's locale, the order read from the values and said.
d = export("report", {"Opportunity.csv": "Id,Name,StageName,IsClosed,CloseDate\n"
                                         "006000000000001,A,Prospecting,false,25/04/2023\n"
                                         "006000000000002,B,Prospecting,false,05/11/2023\n"
                                         "006000000000003,C,Prospecting,false,05/01/2024\n"})
status, data, stdout, *_ = audit(d, "--only", "opportunity-past-close-date,record-invalid-value", "--as-of", "2023-12-01")
equal([x for x in data["inferred"] if x["what"].startswith("date order")], [{"what": "date order of Opportunity.csv CloseDate", "value": "dmy",
                          "from": "values such as 25/04/2023", "override": "[input] date_order"}], "the order inferred")
check("inferred: date order of Opportunity.csv CloseDate = dmy, from values such as 25/04/2023 (override: [input] "
      "date_order)" in stdout, "the order said in the summary")
# 25 April and 5 November 2023 are past on 1 December 2023; 5 January 2024 is not
equal(sorted(x["record"] for x in data["findings"]), ["006000000000001", "006000000000002"], "read day first")
# values that contradict each other: no guess
d = export("report-mixed", {"Opportunity.csv": "Id,Name,StageName,IsClosed,CloseDate\n"
                                               "006000000000001,A,Prospecting,false,25/04/2023\n"
                                               "006000000000002,B,Prospecting,false,04/25/2023\n"
                                               "006000000000003,C,Prospecting,false,05/11/2023\n"})
cfg = os.path.join(tmp, "mdy.ini")
open(cfg, "w").write("[input]\ndate_order = mdy\n")
status, data, stdout, *_ = audit(d, "--only", "record-invalid-value", "--config", cfg)
equal([x["message"] for x in data["findings"]],
      ["CloseDate '05/11/2023' cannot be read: month or day first, and Opportunity.csv CloseDate has dates written "
       "both ways"], "the date either order reads is not guessed (and no config line would read it)")
equal(data["findings"][0]["record"], "006000000000003", "a mixed column's unread date: one finding per row")
check(any("mixes month-first dates (such as 04/25/2023, line 3) and day-first ones (such as 25/04/2023, line 2)" in n
          for n in data["notices"]), "the contradiction is said")
# ten of them: the summary's unreadable line says why, not "re-saved by a spreadsheet?"
rows = ["006000000000001,A,Prospecting,false,25/04/2023", "006000000000002,B,Prospecting,false,04/25/2023"]
rows += [f"0060000000001{i:02d},C{i},Prospecting,false,0{1 + i % 9}/0{1 + (i + 1) % 9}/2023" for i in range(10)]
d = export("report-mixed-10", {"Opportunity.csv": "Id,Name,StageName,IsClosed,CloseDate\n" + "\n".join(rows) + "\n"})
status, data, stdout, *_ = audit(d, "--only", "record-invalid-value", "--config", cfg)
line = [l for l in stdout.splitlines() if "unreadable:" in l]
check(len(line) == 1 and "dates written both month first and day first" in line[0] and "spreadsheet" not in line[0],
      f"ten dates of a mixed column: the summary says why ({line})")
# no value tells the order and no [input] date_order: one finding for the column, cured by one config line,
# not one per row blaming the CRM; an impossible date beside them stays one per row
d = export("report-untold", {"Opportunity.csv": "Id,Name,StageName,IsClosed,CloseDate,Amount\n"
                                                "006000000000001,A,Prospecting,false,05/11/2023,1\n"
                                                "006000000000002,B,Prospecting,false,01/02/2024,x\n"
                                                "006000000000003,C,Prospecting,false,12/03/2024,3\n"
                                                "006000000000004,D,Prospecting,false,07/07/2024,4\n"})
status, data, stdout, *_ = audit(d, "--only", "record-invalid-value")
found = sorted((x["message"], x["record"]) for x in data["findings"])
equal(found, [("3 values of Opportunity.csv CloseDate are dates whose order (month or day first) no value tells, "
               "such as 05/11/2023 (line 2), 01/02/2024 (line 3), 12/03/2024 (line 4)", ""),
              ("Amount 'x' cannot be read: expected a plain number such as 12500.50", "006000000000002")],
      "one finding for the column (07/07/2024 reads the same either way), one for the bad number")
col = [x for x in data["findings"] if x["record"] == ""][0]
equal(col["fix"]["text"],
      "set [input] date_order = mdy or dmy (the values are not read until then)", "the cure is the config line")
equal((col["evidence"]["count"], col["evidence"]["field"], col["evidence"]["file"]), (3, "CloseDate", "Opportunity.csv"),
      "evidence: the count, the column")

# Every file's input error in one run, one a line, in the compiler's form.
d = export("errors", {"Account.csv": "Id,Name\n001000000000001,A,extra\n",
                      "Contact.csv": "Id,LastName\n003000000000001,\"Lee\n",
                      "Lead.csv": "Id,LastName\n00Q000000000001,Kim\n"})
status, data, stdout, stderr, _ = audit(d, *RECORD_CHECKS)
equal((status, stderr), (2, f"{d}/Account.csv:2:3: expected 2 fields as in the header, found 3 (an unquoted comma?)\n"
                            f"{d}/Contact.csv:2:2: expected a closing quote for the field that opens here, found the "
                            "end of the file\n"), "both files' errors, exit 2")

# Known fields far to the right of a wide export (hundreds of custom fields) keep their type.
filler = ",".join(f"Custom_{i}__c" for i in range(600))
blanks = "," * 599
d = export("wide", {"Account.csv": f"Id,Name,{filler},ParentId,AnnualRevenue\n"
                                   f"001000000000001,Parent,{blanks},,100\n"
                                   f"001000000000002,Child,{blanks},001000000000001AAA,abc\n"})
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

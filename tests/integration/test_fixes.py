"""fixes/*.csv round-trip against findings.json: one row per finding that
carries the file's action, in findings.json's order; RFC 4180 quoting; the
columns Data Loader maps as they are, then review columns (record names,
account names) in which values a spreadsheet would run as formulas are
neutralised; a column no row sets left out; beside each file but the plans
(merges, conversions) a NAME.sdl mapping the real columns alone, warning to
keep "Insert null values" off when some row leaves a column blank; stale
files of an earlier run removed, a file of the user's kept."""
import csv
import os
import shutil
import tempfile

from common import FIXTURES, audit, check, equal, finish

REVIEW = {  # action: the review columns after the mapped ones
    "add-contact-role": ["Opportunity name (review)", "Contact name (review)", "Record's account (review)"],
    "move-contact": ["Record name (review)", "Account name (review)", "Record's account (review)"],
    "merge-accounts": ["Master name (review)", "Duplicate name (review)"],
    "convert-lead": ["Lead name (review)", "Account name (review)", "Record's account (review)"],
    "update-contact-role": ["Record name (review)", "Record's account (review)"],
    "delete-contact": ["Record name (review)", "Record's account (review)"],
    "delete-lead": ["Record name (review)", "Record's account (review)"],
}
FILES = {  # action: (file, [(column, fix field)])
    "add-contact-role": ("contact-roles-to-insert.csv",
                         [("OpportunityId", "OpportunityId"), ("ContactId", "ContactId"), ("Role", "Role"),
                          ("IsPrimary", "IsPrimary")]),
    "move-contact": ("contacts-to-update.csv", [("Id", "ContactId"), ("AccountId", "AccountId")]),
    "merge-accounts": ("accounts-to-merge.csv", [("MasterId", "MasterId"), ("DuplicateId", "DuplicateId")]),
    "convert-lead": ("leads-to-convert.csv",
                     [("LeadId", "LeadId"), ("AccountId", "AccountId"), ("ConvertedStatus", "ConvertedStatus")]),
    "update-contact-role": ("contact-roles-to-update.csv", [("Id", "Id"), ("Role", "Role"), ("IsPrimary", "IsPrimary")]),
    "delete-contact": ("delete-contact.csv", [("Id", "Id")]),  # contact-riffraff's spam (an action of its own)
    "delete-lead": ("delete-lead.csv", [("Id", "Id")]),  # lead-riffraff's spam
}
PLANS = {"merge-accounts", "convert-lead"}  # for merge/convert tools and API scripts: their mapping says so
NULLS = 'Keep Data Loader\'s "Insert null\n# values" setting off'


def text(v):
    """A mapped column's value: as it is (Data Loader imports it)."""
    if v is None:
        return ""
    if v is True:
        return "true"
    if v is False:
        return "false"
    return str(v)


def neutral(v):
    """A review column's value: neutralised."""
    return "'" + v if v[:1] in ("=", "+", "-", "@", "\t", "\r") else v


def exported_ids(export):
    """{first 15 characters: the Id as its own row wrote it} over the export's files."""
    ids = {}
    for name in os.listdir(export):
        if name.lower().endswith(".csv"):
            with open(os.path.join(export, name), newline="", encoding="utf-8-sig", errors="replace") as fp:  # Ids are ASCII
                for row in csv.DictReader(fp):
                    v = (row.get("Id") or "").strip()
                    if len(v) in (15, 18):
                        ids[v[:15]] = v
    return ids


def round_trip(out, data, what, ids=None):
    """ids: the export's Ids as they came in (fix files write Ids so; findings.json has 15 characters)."""
    ids = ids or {}
    fixes = os.path.join(out, "fixes")
    written = sorted(os.listdir(fixes)) if os.path.isdir(fixes) else []
    actions = {}
    for x in data["findings"]:
        if x["fix"] and "action" in x["fix"]:
            actions.setdefault(x["fix"]["action"], []).append(x["fix"])
    equal(written, sorted([FILES[a][0] for a in actions] + [FILES[a][0][:-4] + ".sdl" for a in actions]),
          f"{what}: one file per action with rows, and its mapping")
    for action, fixes_ in actions.items():
        name, cols = FILES[action]
        # a column no fix sets is left out; one that some fixes leave blank needs "Insert null values" off
        cols = [(c, f) for c, f in cols if any(text(fx.get(f)) != "" for fx in fixes_)]
        blank_some = any(text(fx.get(f)) == "" for c, f in cols for fx in fixes_)
        raw = open(os.path.join(fixes, name), "rb").read()
        check(raw.endswith(b"\r\n") and not raw.startswith(b"\xef\xbb\xbf"), f"{what}: {name} CRLF, no BOM")
        rows = list(csv.reader(open(os.path.join(fixes, name), newline="", encoding="utf-8")))
        equal(rows[0], [c for c, _ in cols] + REVIEW[action], f"{what}: {name} header: mapped, then review")
        def as_exported(v):  # an Id, or a ';'-separated list of them
            return ";".join(ids.get(i, i) for i in v.split(";")) if isinstance(v, str) else v
        expected = [[text(as_exported(fx.get(field)) if col.endswith("Id") else fx.get(field))
                     for col, field in cols] for fx in fixes_]
        equal([r[:len(cols)] for r in rows[1:]], expected, f"{what}: {name} rows")
        check(all(len(r) == len(cols) + len(REVIEW[action]) for r in rows[1:]), f"{what}: {name} row widths")
        # the mapping: the mapped columns onto themselves, no review column, '#' comments; a plan's says it is
        # no Data Loader import
        sdl_text = open(os.path.join(fixes, name[:-4] + ".sdl"), encoding="utf-8").read()
        equal("This file is a plan, not a Data Loader import" in sdl_text, action in PLANS,
              f"{what}: {name[:-4]}.sdl says whether Data Loader imports the file")
        equal("choose this file in Data Loader's mapping" in sdl_text, action not in PLANS,
              f"{what}: {name[:-4]}.sdl: Data Loader's mapping step named for imports only")
        sdl = sdl_text.splitlines()
        equal([l for l in sdl if not l.startswith("#")], [f"{c}={c}" for c, _ in cols], f"{what}: {name[:-4]}.sdl")
        check(sdl and sdl[0].startswith("#"), f"{what}: {name[:-4]}.sdl starts with a comment header")
        equal(NULLS in sdl_text, blank_some, f"{what}: {name[:-4]}.sdl: 'Insert null values' off iff a cell is blank")


sample = os.path.join(FIXTURES, "sample-org")
status, data, stdout, stderr, out = audit(sample, "--format", "json,fixes")
equal(stderr, "", "sample: no error")
round_trip(out, data, "sample", exported_ids(sample))
check(any(x["fix"] and x["fix"].get("action") == "update-contact-role" for x in data["findings"]),
      "the sample has update-contact-role fixes")
check(f"{out}/fixes/contact-roles-to-update.csv (+ contact-roles-to-update.sdl)\n" in stdout,
      f"the summary names the fix file and its mapping: {stdout}")
check(f"{out}/fixes/accounts-to-merge.csv (+ accounts-to-merge.sdl)\n" in stdout, "a plan has its mapping too")
# a mapping no run wrote is the user's (issue 18: the tool deleted a user's CSV in fixes/): the rerun
# refuses and changes nothing; with --force it runs and the file stays where it was
mine = os.path.join(out, "fixes", "delete-account.sdl")
open(mine, "w").write("Id=Id\n")
status2, _, _, stderr2, _ = audit(sample, "--format", "json,fixes", "-o", out)
equal(status2, 2, "a folder holding a file no run wrote: refused")
check("fixes/delete-account.sdl" in stderr2 and "--force" in stderr2, f"the refusal names the file: {stderr2}")
check(os.path.exists(mine), "the user's file is kept")
status2, *_ = audit(sample, "--format", "json,fixes", "-o", out, "--force")
equal(open(mine).read(), "Id=Id\n", "--force: the user's file stays, as it was")

# the Data-Export-like fixture has no IsPrimary column: no fix sets it, so no file writes or maps it
status, data, stdout, stderr, out = audit(os.path.join(FIXTURES, "data-export"), "--format", "json,fixes")
rows = list(csv.reader(open(os.path.join(out, "fixes", "contact-roles-to-update.csv"), newline="")))
equal(rows[0], ["Id", "Role", "Record name (review)", "Record's account (review)"], "data-export: no IsPrimary column")
check(len(rows) > 1 and all(r[1] for r in rows[1:]), "data-export: every row sets the Role")
sdl = open(os.path.join(out, "fixes", "contact-roles-to-update.sdl"), encoding="utf-8").read()
check("IsPrimary" not in sdl and "Role=Role" in sdl and NULLS not in sdl, f"data-export: the .sdl maps Id, Role: {sdl}")
round_trip(out, data, "data-export", exported_ids(os.path.join(FIXTURES, "data-export")))
# leads-to-convert.csv: lead-matches-account's conversions and lead-engaged's new-account ones
converts = [x for x in data["findings"] if x["fix"] and x["fix"].get("action") == "convert-lead"]
equal(sorted({x["check"] for x in converts}), ["lead-engaged", "lead-matches-account"], "convert-lead: both lead checks")
check(all(x["fix"]["ConvertedStatus"] == "Qualified" for x in converts), "convert-lead: the default status")

# role names that a spreadsheet would execute, or that need quoting
tmp = tempfile.mkdtemp(prefix="crm-audit-fixes-")
d = os.path.join(tmp, "export")
os.mkdir(d)
open(os.path.join(d, "Opportunity.csv"), "w").write(
    "Id,Name,StageName,IsClosed\n006000000000001,Deal,Prospecting,false\n")
open(os.path.join(d, "Contact.csv"), "w").write(
    "Id,LastName,Title\n003000000000001,=Ade,CFO\n003000000000002,Bo,CTO\n003000000000003,Cy,Counsel\n")
open(os.path.join(d, "OpportunityContactRole.csv"), "w").write(
    "Id,OpportunityId,ContactId,Role,IsPrimary\n"
    "00K000000000001,006000000000001,003000000000001,,false\n"
    "00K000000000002,006000000000001,003000000000002,,false\n"
    "00K000000000003,006000000000001,003000000000003,,false\n")
open(os.path.join(d, "crm-audit.ini"), "w").write(
    '[roles]\n+Evil = cfo\n@Buyer, "Chief" = cto\nLegal = counsel\n')
status, data, stdout, stderr, out = audit(d, "--format", "json,fixes")
equal(stderr, "", "hostile roles: no error")
round_trip(out, data, "hostile roles")
rows = list(csv.reader(open(os.path.join(out, "fixes", "contact-roles-to-update.csv"), newline="")))
# findings.json order: opportunity-no-primary-contact first (no role ranks above another, no activity: the first)
equal(rows[0], ["Id", "Role", "IsPrimary", "Record name (review)", "Record's account (review)"], "the header")
equal(rows[1], ["00K000000000001", "", "true", "'=Ade", ""], "the primary suggestion; the review name neutralised")
# the picklist values Data Loader imports are written as they are (quoted where CSV needs it); the names are not
equal(rows[2:], [["00K000000000001", "+Evil", "", "'=Ade", ""], ["00K000000000002", "@Buyer, \"Chief\"", "", "Bo", ""],
                 ["00K000000000003", "Legal", "", "Cy", ""]], "mapped columns as they are, quoted")
raw = open(os.path.join(out, "fixes", "contact-roles-to-update.csv"), newline="").read()
check('"@Buyer, ""Chief"""' in raw, "RFC 4180 quoting of a mapped value")
sdl = open(os.path.join(out, "fixes", "contact-roles-to-update.sdl"), encoding="utf-8").read()
check(NULLS in sdl and "IsPrimary=IsPrimary" in sdl, f"blank cells: the .sdl says to keep 'Insert null values' off: {sdl}")

# Ids as they came in: 15 characters, 18 characters, or each as its own row had it
def id_export(name, role_ids):
    e = os.path.join(tmp, name)
    os.mkdir(e)
    open(os.path.join(e, "Opportunity.csv"), "w").write(
        "Id,Name,StageName,IsClosed\n006000000000001AAA,Deal,Prospecting,false\n")
    open(os.path.join(e, "Contact.csv"), "w").write(
        "Id,LastName,Title\n003000000000001,Ade,CFO\n003000000000002,Bo,CTO\n")
    open(os.path.join(e, "OpportunityContactRole.csv"), "w").write(
        "Id,OpportunityId,ContactId,Role,IsPrimary\n" + "".join(
            f"{rid},006000000000001,00300000000000{k + 1},,false\n" for k, rid in enumerate(role_ids)))
    return e


for name, role_ids in [("ids15", ["00K000000000001", "00K5g0000Kr03Of"]),
                       ("ids18", ["00K000000000001EAA", "00K5g0000Kr03OfEQI"]),
                       ("mixed", ["00K000000000001", "00K5g0000Kr03OfEQI"])]:
    e = id_export(name, role_ids)
    status, data, stdout, stderr, out = audit(e, "--format", "json,fixes")
    equal(stderr, "", f"{name}: no error")
    round_trip(out, data, name, exported_ids(e))
    rows = list(csv.reader(open(os.path.join(out, "fixes", "contact-roles-to-update.csv"), newline="")))
    # findings.json order: the primary suggestion (the first role), then each role without a Role
    equal([r[0] for r in rows[1:]], [role_ids[0]] + role_ids, f"{name}: Ids in the fix file as they came in")
    check(all(len(x["record"]) == 15 for x in data["findings"] if x["record"]), f"{name}: findings.json keeps 15")

# a later run without that action removes the stale file
open(os.path.join(d, "OpportunityContactRole.csv"), "w").write(
    "Id,OpportunityId,ContactId,Role,IsPrimary\n00K000000000001,006000000000001,003000000000001,Champion,true\n")
status, data2, *_ = audit(d, "--format", "json,fixes", "-o", out)
equal(os.listdir(os.path.join(out, "fixes")), [], "stale fix file removed")
shutil.rmtree(tmp, ignore_errors=True)
finish()

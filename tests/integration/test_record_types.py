"""Record types, per-segment enabled/severity and conventions, on small exports
written here. Every expected figure below is counted from the rows written."""
import csv
import io
import os
import shutil
import tempfile

from common import audit, check, equal, finish

tmp = tempfile.mkdtemp(prefix="crm-audit-rt-")
STORE, CUSTOMER = "012000000000001AAA", "012000000000002AAA"
RECORD_TYPES = ("Id,Name,DeveloperName,SobjectType,IsActive\n"
                f"{STORE},Store,Store,Account,true\n{CUSTOMER},Customer,Customer_Account,Account,true\n")
ONLY = "account-missing-website,account-name-format,contact-personal-email"


def write_csv(path, head, rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(head)
    for r in rows:
        w.writerow([r.get(k, "") for k in head])
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())


def acc_id(n):
    return "001%012d" % n


def export(name, accounts, record_types=True, ini=None, contacts=()):
    d = os.path.join(tmp, name)
    os.mkdir(d)
    write_csv(os.path.join(d, "Account.csv"), ["Id", "Name", "Website", "RecordTypeId", "BillingCity",
                                               "BillingCountry"], accounts)
    if contacts:
        write_csv(os.path.join(d, "Contact.csv"), ["Id", "AccountId", "LastName", "Email"], contacts)
    if record_types:
        with open(os.path.join(d, "RecordType.csv"), "w", encoding="utf-8") as f:
            f.write(RECORD_TYPES)
    if ini:
        with open(os.path.join(d, "crm-audit.ini"), "w", encoding="utf-8") as f:
            f.write(ini)
    return d


def store(n):
    # coded, all capitals (XX and AAA: five capitals, no lower case), no website
    return {"Id": acc_id(n), "Name": "XX-AAA-%08d" % (12345600 + n), "RecordTypeId": STORE,
            "BillingCity": "Madrid", "BillingCountry": "Spain"}


def customer(n, name=None, website=None):
    return {"Id": acc_id(n), "Name": name or "Company %d Ltd" % n,
            "Website": "company%d.com" % n if website is None else website,
            "RecordTypeId": CUSTOMER, "BillingCity": "Madrid", "BillingCountry": "Spain"}


# 30 stores (1-30) and 40 customers (31-70); customers 31-33 have no website, 34-35 all-capital names.
# Missing websites: 30 + 3 = 33 of 70 (47%), all capitals 30 + 2 = 32 of 70 (46%): no convention for
# all accounts, but 30 of the 30 stores are one (at least 20, more than half).
ACCOUNTS = [store(n) for n in range(1, 31)] + [
    customer(n, website="" if n <= 33 else None,
             name="OMEGA HOLDINGS %d" % n if n in (34, 35) else None) for n in range(31, 71)]
# contacts with a gmail address: 4 at stores, 3 at customers, 2 without an account
CONTACTS = [{"Id": "003%012d" % k, "AccountId": acc_id(a), "LastName": "P%d" % k, "Email": "p%d@gmail.com" % k}
            for k, a in enumerate([1, 2, 3, 4, 40, 41, 42])] + [
    {"Id": "003%012d" % k, "LastName": "P%d" % k, "Email": "p%d@gmail.com" % k} for k in (7, 8)]


def by_check(data, cid):
    return [x for x in data["findings"] if x["check"] == cid]


def records(data, cid):
    return sorted(x["record"] for x in by_check(data, cid))


def stats(data, cid):
    return {c["id"]: c for c in data["checks"]}[cid].get("stats", {})


# ---- no config: the record types scope the conventions ----
d = export("plain", ACCOUNTS, contacts=CONTACTS)
# one open deal at a store (with a role) and one at a customer: the analytics per record type
with open(os.path.join(d, "Opportunity.csv"), "w", encoding="utf-8") as f:
    f.write("Id,AccountId,Name,StageName,IsClosed,IsWon,CloseDate\n"
            f"006000000000001AAA,{acc_id(1)},Deal 1,Prospecting,false,false,2027-01-01\n"
            f"006000000000002AAA,{acc_id(40)},Deal 2,Prospecting,false,false,2027-01-01\n")
with open(os.path.join(d, "OpportunityContactRole.csv"), "w", encoding="utf-8") as f:
    f.write("Id,OpportunityId,ContactId,Role,IsPrimary\n"
            "00K000000000001AAA,006000000000001AAA,003000000000000,Champion,true\n")
status, data, stdout, *_ = audit(d, "--only", ONLY, "--fail-on", "never")
by_segment = data["analytics"]["coverage"]["by_segment"]
equal({k: (v["open"], v["with_contact_role"]) for k, v in by_segment.items()}, {"Customer": (1, 0), "Store": (1, 1)},
      "coverage per record type, by name")
equal([x for x in data["inferred"] if x["what"].startswith("segments")], [{"what": "segments for the conventions (record types)", "value": "Customer (40), Store (30)",
                          "from": "Account.RecordTypeId and RecordType.csv Name", "override": "[segments] field"}],
      "the record types inferred as segments, by name")
check("inferred: segments for the conventions (record types) = Customer (40), Store (30)" in stdout,
      "the inference in the summary")
web = by_check(data, "account-missing-website")
conv = [x for x in web if x["record"] == ""]
equal(len(conv), 1, "one convention finding for the stores' missing websites")
equal(records(data, "account-missing-website"), [""] + [acc_id(n)[:15] for n in (31, 32, 33)],
      "no per-record finding for the stores, the three customers still listed")
c = conv[0]
equal((c["severity"], c["object"]), ("info", "Account"), "a convention is information about the Account object")
ev = c["evidence"]
equal((ev["rule"], ev["segment"], ev["count"], ev["records"], ev["share"]),
      ("Account without a website", "Store", 30, 30, 1), "rule, scope, count and share")
equal([x["id"] for x in ev["examples"]], [acc_id(n)[:15] for n in range(1, 6)], "five example stores, in file order")
equal(ev["examples"][0]["name"], "XX-AAA-12345601", "examples carry the record's name")
equal(ev["opt_in"], "[check.account-missing-website@Store] convention_share = 1", "how to opt back in")
check("Store" in c["message"] and "30 of 30" in c["message"], "the message names the segment and the count")
check("[segments] field = Account.RecordType" in c["fix"]["text"], "the fix says the segment needs [segments] field")
equal(stats(data, "account-missing-website")["folded_into_conventions"], 30, "30 findings folded")
check("  convention: account-missing-website 30 of 30 accounts of segment 'Store' (100.0%)" in stdout,
      "the convention in the summary")
names = by_check(data, "account-name-format")
equal(records(data, "account-name-format"), ["", acc_id(34)[:15], acc_id(35)[:15]],
      "all capitals folded for the stores, not for the two customers")
nconv = [x for x in names if x["record"] == ""][0]
equal((nconv["evidence"]["rule"], nconv["evidence"]["count"]), ("all capitals", 30), "the name rule of the convention")
equal(len(by_check(data, "contact-personal-email")), 9, "9 contacts: too few for a convention")
fingerprint = c["fingerprint"]

# the fingerprint is the rule's and the scope's: the same with other stores
d = export("fewer-stores", ACCOUNTS[2:], contacts=CONTACTS)
status, data, *_ = audit(d, "--only", ONLY, "--fail-on", "never")
again = [x for x in by_check(data, "account-missing-website") if x["record"] == ""]
equal([(x["fingerprint"], x["evidence"]["count"]) for x in again], [(fingerprint, 28)],
      "the convention's fingerprint does not depend on the records in it")

# ---- every account a store: the convention of the whole object; tiny exports are never swallowed ----
d = export("all-stores", [store(n) for n in range(1, 26)])
status, data, *_ = audit(d, "--only", "account-missing-website", "--fail-on", "never")
web = by_check(data, "account-missing-website")
equal([x["record"] for x in web], [""], "one finding for 25 stores")
check("segment" not in web[0]["evidence"] and web[0]["evidence"]["count"] == 25, "the object's convention, no segment")
equal(web[0]["evidence"]["opt_in"], "[check.account-missing-website] convention_share = 1", "opt-in for the object")
d = export("tiny", [store(n) for n in range(1, 20)])
status, data, *_ = audit(d, "--only", "account-missing-website", "--fail-on", "never")
equal(len(by_check(data, "account-missing-website")), 19, "19 stores: fewer than 20, each listed")
d = export("opt-in", [store(n) for n in range(1, 26)], ini="[check.account-missing-website]\nconvention_share = 1\n")
status, data, *_ = audit(d, "--only", "account-missing-website", "--fail-on", "never")
equal(len(by_check(data, "account-missing-website")), 25, "convention_share = 1: every record listed again")

# the share is of the records the rule looked at: 25 gmail addresses among 25 emails, 35 contacts without one
d = export("gmail", [customer(n) for n in range(31, 71)], contacts=[
    {"Id": "003%012d" % k, "AccountId": acc_id(31 + k % 40), "LastName": "P%d" % k,
     "Email": "p%d@gmail.com" % k if k < 25 else ""} for k in range(60)])
status, data, *_ = audit(d, "--only", "contact-personal-email", "--fail-on", "never")
mail = by_check(data, "contact-personal-email")
equal([(x["record"], x["object"], x["evidence"]["count"], x["evidence"]["records"]) for x in mail],
      [("", "Contact", 25, 25)], "25 of the 25 contacts with an email: a convention (not 25 of 60)")
check("25 of 25 contacts (100.0%)" in mail[0]["message"], "the contacts' convention message")

# ---- [segments] field = Account.RecordType: enabled and severity per segment ----
INI = ("[segments]\nfield = Account.RecordType\n"
       "[check.account-missing-website@Store]\nenabled = false\n"
       "[check.account-name-format@Store]\nconvention_share = 1\n"
       "[check.account-name-format@Customer]\nseverity = warning\n"
       "[check.contact-personal-email@Store]\nenabled = false\n")
d = export("segmented", ACCOUNTS, ini=INI, contacts=CONTACTS)
status, data, *_ = audit(d, "--only", ONLY, "--fail-on", "never")
equal([x["what"] for x in data["inferred"] if x["what"].startswith("segments")][0], "segments (record types)", "the configured record type segments")
equal(records(data, "account-missing-website"), [acc_id(n)[:15] for n in (31, 32, 33)],
      "website off for the stores: no finding and no convention")
names = by_check(data, "account-name-format")
equal(len(names), 32, "the stores' names listed again (convention_share = 1), with the two customers")
equal(sorted((x["record"], x["severity"]) for x in names if x["record"] in (acc_id(34)[:15], acc_id(35)[:15])),
      [(acc_id(34)[:15], "warning"), (acc_id(35)[:15], "warning")], "the customers' severity")
equal({x["severity"] for x in names if x["record"] not in (acc_id(34)[:15], acc_id(35)[:15])}, {"info"},
      "the stores keep the check's severity")
equal(records(data, "contact-personal-email"), sorted("003%012d" % k for k in (4, 5, 6, 7, 8)),
      "contacts of stores dropped; customers' and account-less contacts (segment 0) kept")

# the same config with RecordTypeId: by name too
d = export("by-id-field", ACCOUNTS, ini=INI.replace("Account.RecordType\n", "Account.RecordTypeId\n"))
status, data, *_ = audit(d, "--only", "account-missing-website", "--fail-on", "never")
equal(records(data, "account-missing-website"), [acc_id(n)[:15] for n in (31, 32, 33)], "RecordTypeId names too")

# no RecordType.csv: segments by Id, and said
d = export("no-rt", ACCOUNTS, record_types=False,
           ini=f"[segments]\nfield = Account.RecordType\n[check.account-missing-website@{STORE}]\nenabled = false\n")
status, data, stdout, *_ = audit(d, "--only", "account-missing-website", "--fail-on", "never")
equal(records(data, "account-missing-website"), [acc_id(n)[:15] for n in (31, 32, 33)], "the Id as the segment")
check(any("no RecordType.csv" in n for n in data["notices"]), "a notice: no RecordType.csv to name them")
check("warning: [segments] field is the record type" in stdout, "the notice in the summary")
d = export("no-rt-by-name", ACCOUNTS, record_types=False,
           ini="[segments]\nfield = Account.RecordType\n[check.account-missing-website@Store]\nenabled = false\n")
status, data, *_ = audit(d, "--only", "account-missing-website", "--fail-on", "never")
check(any("segment 'Store'" in n and "matches no account" in n and "no RecordType.csv" in n
          for n in data["notices"]), "a segment named for a record type the export cannot name: said")
equal(len(by_check(data, "account-missing-website")), 1 + 3, "nothing disabled: the stores' convention (by Id), 3 others")
d = export("no-rt-plain", ACCOUNTS, record_types=False)
status, data, *_ = audit(d, "--only", "account-missing-website", "--fail-on", "never")
conv = [x for x in by_check(data, "account-missing-website") if x["record"] == ""]
equal([x["evidence"]["segment"] for x in conv], [STORE[:15]],
      "without RecordType.csv the convention's segment is the Id")

# Account.RecordType without a RecordTypeId column: a clear input error
d = os.path.join(tmp, "no-column")
os.mkdir(d)
write_csv(os.path.join(d, "Account.csv"), ["Id", "Name"], [{"Id": acc_id(1), "Name": "A"}])
with open(os.path.join(d, "crm-audit.ini"), "w") as f:
    f.write("[segments]\nfield = Account.RecordType\n")
status, data, stdout, stderr, _ = audit(d)
equal(status, 2, "no RecordTypeId column: exit 2")
check("expected a column RecordTypeId" in stderr, "the message names the column")

shutil.rmtree(tmp, ignore_errors=True)
finish()

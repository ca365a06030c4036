"""The account checks on small exports written by hand: each expected finding
below is worked out from the rows, not copied from the program."""
import csv
import io
import os
import tempfile

from common import audit, check, equal, finish

tmp = tempfile.mkdtemp(prefix="crm-audit-accounts-")
HEAD = ["Id", "Name", "Type", "ParentId", "Website", "Phone", "BillingCity", "BillingPostalCode", "BillingCountry",
        "CreatedDate", "CreatedById", "LastActivityDate", "OwnerId"]


def export(name, accounts, files=None, ini=None):
    d = os.path.join(tmp, name)
    os.mkdir(d)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(HEAD)
    for a in accounts:
        w.writerow([a.get(k, "") for k in HEAD])
    with open(os.path.join(d, "Account.csv"), "w", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())
    for fname, text in (files or {}).items():
        with open(os.path.join(d, fname), "w", encoding="utf-8", newline="") as f:
            f.write(text)
    if ini:
        with open(os.path.join(d, "crm-audit.ini"), "w", encoding="utf-8") as f:
            f.write(ini)
    return d


def acc(n, name, **kw):
    base = {"Id": "001%012d" % n, "Name": name, "BillingCity": "Chicago", "BillingCountry": "United States",
            "CreatedDate": "2024-01-%02dT10:00:00Z" % (1 + n % 28), "LastActivityDate": "2026-11-01"}
    base.update(kw)
    return base


def by_check(data, cid):
    return {x["record"]: x for x in data["findings"] if x["check"] == cid}


# ---- duplicates: a transitive group of three, the survivor, a parent and its child, twins abroad ----
contacts = "Id,AccountId,LastName\n" + "".join("003%012d,001%012d,C%d\n" % (k, 2, k) for k in range(3))
d = export("dups", [
    acc(1, "Acme, Inc.", Website="www.acme.com"),
    acc(2, "ACME Incorporated", Website="acme.com", CreatedDate="2025-06-01T00:00:00Z"),  # 3 contacts: survivor
    acc(3, "Acme Inc", Phone="(312) 555-0100"),             # the same name, no website
    # 4 under 5, in Berlin with one website: twins by every signal, but a parent and its child never are
    acc(4, "Acme Inc", ParentId="001000000000005", BillingCity="Berlin", BillingCountry="Germany", Website="acme.de"),
    acc(5, "Acme Inc", BillingCity="Berlin", BillingCountry="Germany", Website="acme.de"),
    # a typo in the legal form leaves a word "incorporatd": acme's words all in it (0.8) + 3's phone (0.1) + the city
    acc(8, "Acme Incorporatd", Phone="+1 312 555 0100"),
    acc(6, "Globex GmbH", BillingCity="Berlin", BillingCountry="Germany"),
    acc(7, "Globex Corporation", Website="globex.com"),    # another jurisdiction (GmbH vs Corp, DE vs US)
], files={"Contact.csv": contacts})
status, data, *_ = audit(d, "--only", "account-duplicate", "--fail-on", "never")
dups = list(by_check(data, "account-duplicate").values())
equal(len(dups), 1, "one group")
g = dups[0]
equal(g["record"], "001000000000002", "the survivor has the most related records (3 contacts)")
equal(sorted(g["related"]), ["001000000000001", "001000000000003", "001000000000008"],
      "the group: 1, 2, 3 and 8 (through 3); not 4 and 5 (Germany, another website; a parent and its child)")
# 1-2 share a website and 3-8 a phone, but the two halves meet only by name and city (2-3, 1-3): too little to
# merge on; the group is reported, its merge left to a person
equal(g["fix"], {"text": "confirm that they are one company before merging 'Acme, Inc.' (001000000000001), "
                         "'Acme Inc' (001000000000003), 'Acme Incorporatd' (001000000000008) into 'ACME Incorporated' "
                         "(001000000000002): the pairs that join them agree on the name and the city but on no "
                         "website, phone, street address or postal code, so accounts-to-merge.csv leaves them out "
                         "(and the other checks take them for separate accounts)"},
      "name and city alone join the group: no merge row")
equal(g["evidence"]["merge_evidence"], False, "merge_evidence: false")
equal({c["id"]: c for c in data["checks"]}["account-duplicate"]["stats"]["groups_without_merge_evidence"], 1,
      "the group without merge evidence counted")
# the same with 3 on acme.com: every member joined by a website or a phone, merged
d = export("dups-strong", [
    acc(1, "Acme, Inc.", Website="www.acme.com"),
    acc(2, "ACME Incorporated", Website="acme.com", CreatedDate="2025-06-01T00:00:00Z"),
    acc(3, "Acme Inc", Phone="(312) 555-0100", Website="acme.com"),
    acc(8, "Acme Incorporatd", Phone="+1 312 555 0100"),
], files={"Contact.csv": contacts})
status, sdata, *_ = audit(d, "--only", "account-duplicate", "--fail-on", "never")
sg = list(by_check(sdata, "account-duplicate").values())
equal([(x["fix"].get("action"), x["fix"].get("MasterId"), x["fix"].get("DuplicateId"), x["evidence"]["merge_evidence"])
       for x in sg], [("merge-accounts", "001000000000002", "001000000000001;001000000000003;001000000000008", True)],
      "joined by websites and a phone: the merge")
check("up to three accounts at a time" in sg[0]["fix"]["text"], "a group of four: merged in steps")
pairs = {frozenset((p["a"], p["b"])): p for p in g["evidence"]["pairs"]}
p12 = pairs[frozenset(("001000000000001", "001000000000002"))]
check("domain" in p12["matched"] and p12["names"] == "same name", f"1-2: same name and domain: {p12}")
p38 = pairs[frozenset(("001000000000003", "001000000000008"))]
equal((p38["names"], p38["matched"], round(p38["score"], 2)),
      ("one name's words all in the other", ["name", "phone", "city"], 0.92),
      "3-8: the words contained, the same phone written two ways, the same city")
check(all(p["score"] >= 0.85 for p in pairs.values()), "every pair above the threshold")
stats = {c["id"]: c for c in data["checks"]}["account-duplicate"]["stats"]
check(stats["candidate_pairs"] >= 3, f"candidate pairs counted: {stats}")
# a higher threshold leaves the typo (0.92) out
cfg = os.path.join(tmp, "strict.ini")
open(cfg, "w").write("[check.account-duplicate]\nthreshold = 0.95\n")
status, data, *_ = audit(d, "--only", "account-duplicate", "--config", cfg, "--fail-on", "never")
equal([sorted([x["record"]] + x["related"]) for x in data["findings"]],
      [["001000000000001", "001000000000002", "001000000000003"]], "threshold 0.95: without the typo")

# the survivor's reason is the rule that decided: related records, else the oldest, else the first by Id
contacts = "Id,AccountId,LastName\n003000000000044,001000000000044,Ua\n003000000000045,001000000000045,Ub\n"
d = export("tie-breaks", [
    acc(40, "Initech LLC", Phone="555-0140", CreatedDate="2024-03-05T10:00:00Z"),
    acc(41, "Initech, LLC", Phone="555-0140", CreatedDate="2023-02-01T10:00:00Z"),  # no related records: older
    acc(42, "Hooli Inc", Phone="555-0142", CreatedDate="2024-05-05T10:00:00Z"),  # the same second: the lower Id
    acc(43, "Hooli, Inc.", Phone="555-0142", CreatedDate="2024-05-05T10:00:00Z"),
    acc(44, "Umbrella Corp", Phone="555-0144", CreatedDate="2024-02-02T10:00:00Z"),
    acc(45, "Umbrella Corp.", Phone="555-0144", CreatedDate="2022-07-07T10:00:00Z"),  # one contact each: older
], files={"Contact.csv": contacts})
status, data, *_ = audit(d, "--only", "account-duplicate", "--fail-on", "never")
merges = {x["record"]: x["fix"]["text"] for x in data["findings"]}
equal(sorted(merges), ["001000000000041", "001000000000042", "001000000000045"], "tie-breaks: the survivors")
equal(merges.get("001000000000041"), "merge 'Initech LLC' (001000000000040) into 'Initech, LLC' (001000000000041), "
      "which was created earlier (2023-02-01T10:00:00Z): none of them has related records",
      "no related records: the oldest")
equal(merges.get("001000000000042"), "merge 'Hooli, Inc.' (001000000000043) into 'Hooli Inc' (001000000000042), "
      "the first by Id: none of them has related records, and none was created earlier", "a tie on both: the Id")
equal(merges.get("001000000000045"), "merge 'Umbrella Corp' (001000000000044) into 'Umbrella Corp.' "
      "(001000000000045), which ties for the most related records (1) and was created earlier (2022-07-07T10:00:00Z)",
      "a tie on related records: the oldest")
check(not any("most related records (0)" in t for t in merges.values()), "never 'the most related records (0)'")

# ---- hierarchy: a missing parent, itself, a 3-cycle with one account under it, a deep chain ----
chain = [acc(20 + k, "Chain %d" % k, ParentId=("001%012d" % (19 + k)) if k else "") for k in range(7)]
d = export("tree", [
    acc(10, "Orphan Branch", ParentId="001999999999999"),
    acc(11, "Selfie", ParentId="001000000000011"),
    acc(12, "Ring A", ParentId="001000000000013"),
    acc(13, "Ring B", ParentId="001000000000014"),
    acc(14, "Ring C", ParentId="001000000000012"),
    acc(15, "Under the ring", ParentId="001000000000012"),
    acc(16, "Fine Parent"),
    acc(17, "Fine Child", ParentId="001000000000016"),
] + chain)
status, data, *_ = audit(d, "--only", "account-hierarchy", "--fail-on", "never")
h = by_check(data, "account-hierarchy")
equal(h["001000000000010"]["evidence"]["problem"], "missing parent", "a parent not in the export")
equal(h["001000000000011"]["evidence"]["problem"], "own parent", "its own parent")
# the cycle once, on its first row, with its length; its other accounts have no finding
equal(h["001000000000012"]["evidence"]["problem"], "cycle", "the cycle, on its first row")
equal(h["001000000000012"]["evidence"]["cycle_length"], 3, "a cycle of 3")
equal(h["001000000000012"]["evidence"]["cycle_shown"], 3, "all 3 named")
equal(h["001000000000012"]["evidence"]["cycle"], "'Ring A' → 'Ring B' → 'Ring C' → 'Ring A'", "the ring")
check("001000000000013" not in h and "001000000000014" not in h, "the cycle's other accounts: no finding")
equal(h["001000000000015"]["evidence"]["problem"], "leads into a cycle", "under a cycle")
# Chain 0 is the top; Chain k has k ancestors: 5 and 6 are deeper than 4; the branch is reported on
# Chain 5, its first account too deep, with Chain 6 under it counted
equal(sorted(r for r, x in h.items() if x["evidence"]["problem"] == "too deep"),
      ["001000000000025"], "deeper than max_depth 4: the first on the branch")
equal(h["001000000000025"]["evidence"]["depth"], 5, "Chain 5 has 5 ancestors")
equal(h["001000000000025"]["evidence"]["below"], 1, "Chain 6 under it")
check(h["001000000000025"]["message"].endswith("(at most 4), and the 1 account under it deeper still"),
      h["001000000000025"]["message"])
check("001000000000016" not in h and "001000000000017" not in h, "a sound parent and child are fine")
equal(len(data["findings"]), 5, "nothing else, and each account at most once")

# ---- websites, addresses, names ----
d = export("fields", [
    acc(30, "Good Co", Website="https://www.good.example.co.uk/about"),
    acc(31, "Blank Site"),
    acc(32, "Placeholder Site", Website="N/A"),
    acc(33, "Mailbox Site", Website="gmail.com"),
    acc(34, "Text Site", Website="Our Website"),
    acc(35, "Email Site", Website="info@emailsite.com"),
    acc(36, "No City", BillingCity=""),
    acc(37, "ACME  HOLDINGS"),
    acc(38, "test account"),
    acc(39, "jane@doe.com"),
    acc(40, "IBM"),
], ini="[check.account-missing-address]\nrequired = BillingCity;BillingCountry;BillingState\n")
status, data, *_ = audit(d, "--only", "account-missing-website,account-invalid-website,account-missing-address,"
                         "account-name-format", "--fail-on", "never")
missing = by_check(data, "account-missing-website")
equal(sorted(missing), ["001000000000031", "001000000000032"] + sorted(
    "001%012d" % n for n in (36, 37, 38, 39, 40)), "blank and placeholder websites are missing")
invalid = by_check(data, "account-invalid-website")
equal(sorted(invalid), ["001000000000033", "001000000000034", "001000000000035"], "invalid websites")
check("personal mailbox" in invalid["001000000000033"]["message"], "gmail.com: a personal mailbox provider")
check("space" in invalid["001000000000034"]["message"], "text with a space")
check("email address" in invalid["001000000000035"]["message"], "an email address")
addr = by_check(data, "account-missing-address")
equal(sorted(addr), ["001000000000036"], "only the blank city (BillingState is not in the export)")
equal(addr["001000000000036"]["evidence"]["missing"], "BillingCity", "the field named")
stats = {c["id"]: c for c in data["checks"]}["account-missing-address"]["stats"]
equal(stats["required_columns_not_in_export"], 1, "the absent required column is counted, not flagged per row")
names = by_check(data, "account-name-format")
equal(sorted(names), ["001000000000037", "001000000000038", "001000000000039"], "badly formatted names (IBM is fine)")
equal(names["001000000000037"]["evidence"]["problems"], "double spaces, all capitals", "both reasons named")
check("test" in names["001000000000038"]["evidence"]["problems"] and
      "all lower case" in names["001000000000038"]["evidence"]["problems"], "test name, all lower case")
check("email address" in names["001000000000039"]["evidence"]["problems"], "an email as the name")
# no Website column at all: the website checks are skipped with the reason, not failed
d = export("nosite", [acc(50, "Anything")])
os.rename(os.path.join(d, "Account.csv"), os.path.join(d, "a.tmp"))
rows = list(csv.reader(open(os.path.join(d, "a.tmp"), encoding="utf-8")))
keep = [i for i, h in enumerate(rows[0]) if h != "Website"]
with open(os.path.join(d, "Account.csv"), "w", encoding="utf-8", newline="") as f:
    csv.writer(f).writerows([[r[i] for i in keep] for r in rows])
os.remove(os.path.join(d, "a.tmp"))
status, data, *_ = audit(d, "--fail-on", "never")
reason = {c["id"]: c.get("reason") for c in data["checks"]}
equal(reason["account-missing-website"], "Account.csv has no Website column", "skipped with the reason")

# ---- the new-account review and stagnant accounts (as of 2026-11-20) ----
users = ("Id,Name,Department,IsActive\n005000000000001,Olga Ops,Operations,true\n"
         "005000000000002,Rita Rep,Sales,true\n005000000000003,Ivan Import,Integration,true\n")
opps = ("Id,AccountId,Name,StageName,CloseDate,IsClosed,CreatedDate\n"
        "006000000000001,001000000000063,Old deal,Closed Won,2026-03-01,true,2025-01-01T00:00:00Z\n")
tasks = ("Id,WhoId,WhatId,Subject,ActivityDate,CreatedDate\n"
         "00T000000000001,,001000000000064,Call,2026-06-01,2026-06-01T00:00:00Z\n")
d = export("review", [
    acc(60, "New by Ops", CreatedDate="2026-11-10T09:00:00Z", CreatedById="005000000000001AAA"),
    acc(61, "New by Rep", CreatedDate="2026-11-10T09:00:00Z", CreatedById="005000000000002",
        LastActivityDate=""),
    acc(62, "Old Quiet", CreatedDate="2020-01-01T00:00:00Z", LastActivityDate="2024-05-05"),
    acc(63, "Old with a recent close", CreatedDate="2020-01-01T00:00:00Z", LastActivityDate=""),
    acc(64, "Old with a task", CreatedDate="2020-01-01T00:00:00Z", LastActivityDate=""),
    acc(65, "New by importer", CreatedDate="2026-10-20T09:00:00Z", CreatedById="005000000000003"),
    acc(66, "Too old to review", CreatedDate="2026-10-01T09:00:00Z", CreatedById="005000000000002"),
], files={"User.csv": users, "Opportunity.csv": opps, "Task.csv": tasks},
    ini="[audit]\nas_of = 2026-11-20\nops_users = Department=Operations;005000000000003\n")
status, data, *_ = audit(d, "--only", "account-new-review,account-stagnant,account-missing-website",
                         "--fail-on", "never")
review = by_check(data, "account-new-review")
equal(sorted(review), ["001000000000061"], "reviewed: created within 35 days, not by an ops user (by field or Id)")
check("Rita Rep" in review["001000000000061"]["message"], "the creator's name")
equal(review["001000000000061"]["evidence"]["other_findings"], "account-missing-website",
      "the review lists the account's other findings")
stagnant = by_check(data, "account-stagnant")
equal(sorted(stagnant), ["001000000000062"], "stagnant: no sign of life in 365 days (a close in March and a "
      "task in June keep the others alive)")
check("since 2024-05-05" in stagnant["001000000000062"]["message"], "the last sign of life named")

# ---- per-segment options: [segments] field = Type and [check.ID@SEGMENT] ----
d = export("segments", [
    acc(70, "Quiet Strategic", Type="Strategic", CreatedDate="2020-01-01T00:00:00Z", LastActivityDate="2024-05-05"),
    acc(71, "Quiet Prospect", Type="Prospect", CreatedDate="2020-01-01T00:00:00Z", LastActivityDate="2024-05-05"),
    acc(72, "No City Strategic", Type="Strategic", BillingCity=""),
    acc(73, "No City Prospect", Type="Prospect", BillingCity=""),
], ini="[audit]\nas_of = 2026-11-20\n[segments]\nfield = Type\n"
       "[check.account-stagnant@Strategic]\nwindow_days = 1000\n"
       "[check.account-missing-address@Prospect]\nrequired = BillingCountry\n")
status, data, *_ = audit(d, "--only", "account-stagnant,account-missing-address", "--fail-on", "never")
equal(sorted(by_check(data, "account-stagnant")), ["001000000000071"],
      "stagnant: 930 days quiet is within a Strategic account's 1,000-day window, not a Prospect's 365")
equal(sorted(by_check(data, "account-missing-address")), ["001000000000072"],
      "address: a Prospect needs only a country; a Strategic account the default country and city")

# ---- contact-domain-outlier when the website is the odd one out ----
contacts = ("Id,AccountId,LastName,Email\n" + "".join("003%012d,%s,C%d,c%d@globex.com\n" % (k, "001000000000080", k, k)
                                                       for k in range(3))
            + "003000000000009,001000000000081,Solo,solo@initech.com\n")
d = export("website-odd", [acc(80, "Globex", Website="www.globex-corp.com"),
                           acc(81, "Initech", Website="initech-systems.com")], files={"Contact.csv": contacts})
status, data, *_ = audit(d, "--only", "contact-domain-outlier", "--format", "json,fixes", "--fail-on", "never")
out = by_check(data, "contact-domain-outlier")
equal(sorted(out), ["003000000000000", "003000000000001", "003000000000002", "003000000000009"], "all four differ")
for r in ("003000000000000", "003000000000001", "003000000000002"):
    x = out[r]
    check(x["evidence"].get("website_suspect") is True and "check Globex's Website" in x["fix"]["text"]
          and "action" not in x["fix"], f"{r}: 3 of Globex's 3 contacts use globex.com: the website is suspect, no move")
check("website_suspect" not in out["003000000000009"]["evidence"],
      "one contact alone is not a majority against the website")

# ---- a parent and its child never end in one group, not even through a third account ----
d = export("tree-dup", [
    acc(90, "Acme Inc", Website="acme.com", BillingCity="Berlin", BillingCountry="Germany"),
    acc(91, "Acme Corp", Website="acme.com", BillingCity="Berlin", BillingCountry="Germany",
        ParentId="001000000000090"),
    acc(92, "ACME", Website="acme.com", BillingCity="Berlin", BillingCountry="Germany"),
])
status, data, *_ = audit(d, "--only", "account-duplicate", "--fail-on", "never")
groups = [sorted([x["record"]] + x["related"]) for x in data["findings"]]
equal(groups, [["001000000000090", "001000000000092"]],
      "90 and 92 are one company; 91 is 90's child, so it joins neither (pairs in Id order: 90-92 first)")
finish()

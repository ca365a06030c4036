"""Issue 15's duplicates beyond accounts: contacts and deals under accounts
that account-duplicate groups (an org loaded twice), leads that are already
contacts (lead-riffraff and lead-matches-account leave them to
lead-is-contact, the migration counts agree), and the figures on the
gen-ai demo export (loaded twice: 20 contact twins under merged accounts, 7 lead twins, 11 open
deal twins among its 29)."""
import csv
import os
import sys
import tempfile

from common import SOURCE_ROOT, audit, check, equal, finish

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = os.path.join(HERE, "..", "checks")


def write(folder, name, header, rows):
    with open(os.path.join(folder, name + ".csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


def by_check(data, cid):
    return [x for x in data["findings"] if x["check"] == cid]


# ---- contacts and deals under the two copies of one account ----
d = tempfile.mkdtemp(prefix="crm-audit-dup-")
T = "2025-01-10T09:00:00.000Z"
write(d, "Account", ["Id", "IsDeleted", "Name", "Phone", "Website", "BillingCity", "BillingCountry", "OwnerId",
                     "CreatedDate"],
      [["001000000000001", "false", "Kwik-E-Mart", "555-0100", "kwikemart.com", "Springfield", "United States",
        "005000000000001", T],
       ["001000000000002", "false", "Kwik-E-Mart", "555-0100", "kwikemart.com", "Springfield", "United States",
        "005000000000001", "2025-01-11T09:00:00.000Z"],
       ["001000000000003", "false", "Lard Lad Donuts", "555-0199", "lardlad.com", "Springfield", "United States",
        "005000000000001", T]])
write(d, "Contact", ["Id", "IsDeleted", "AccountId", "FirstName", "LastName", "Title", "Email", "Phone", "OwnerId",
                     "CreatedDate"],
      [["003000000000001", "false", "001000000000001", "Apu", "Nahasapeemapetilon", "Owner", "", "555-0100",
        "005000000000001", T],
       ["003000000000002", "false", "001000000000002", "Apu", "Nahasapeemapetilon", "owner", "", "",
        "005000000000001", T],
       # one name under both copies, but another title: two people (a father and son)
       ["003000000000003", "false", "001000000000001", "Sanjay", "Nahasapeemapetilon", "Clerk", "", "",
        "005000000000001", T],
       ["003000000000004", "false", "001000000000002", "Sanjay", "Nahasapeemapetilon", "Manager", "", "",
        "005000000000001", T],
       # one name under an account of no group: no
       ["003000000000005", "false", "001000000000001", "Manjula", "Nahasapeemapetilon", "", "", "",
        "005000000000001", T],
       ["003000000000006", "false", "001000000000003", "Manjula", "Nahasapeemapetilon", "", "", "",
        "005000000000001", T]])
write(d, "Opportunity", ["Id", "IsDeleted", "AccountId", "Name", "StageName", "Amount", "CloseDate", "IsClosed",
                         "IsWon", "OwnerId", "CreatedDate", "Probability"],
      [["006000000000001", "false", "001000000000001", "Kwik-E-Mart - Slushie machines 2026", "Proposal", "10000",
        "2026-12-01", "false", "false", "005000000000001", T, "50"],
       ["006000000000002", "false", "001000000000002", "Slushie machines", "Proposal", "10200", "2026-12-03",
        "false", "false", "005000000000001", "2025-01-11T09:00:00.000Z", "50"],
       ["006000000000003", "false", "001000000000003", "Slushie machines", "Proposal", "10000", "2026-12-01",
        "false", "false", "005000000000001", T, "50"],
       # the org's own lost stage (a stage model from Probability): a duplicate is closed with it (closed_stage is
       # not set)
       ["006000000000004", "false", "001000000000003", "Squishees", "Lost - No Budget", "900", "2025-06-01",
        "true", "false", "005000000000001", T, "0"]])
status, data, _, err, out = audit(d, "--as-of", "2026-11-20", "--format", "json,fixes")
with open(os.path.join(out, "fixes", "opportunities-to-close.csv"), newline="", encoding="utf-8") as f:
    rows = list(csv.reader(f))
equal(rows, [["Id", "StageName", "Record name (review)", "Record's account (review)", "Kept opportunity (review)"],
             ["006000000000002", "Lost - No Budget", "Slushie machines", "Kwik-E-Mart",
              "006000000000001 Kwik-E-Mart - Slushie machines 2026"]],
      "opportunities-to-close.csv: the org's own lost stage, the kept deal's Id and name after the Data Loader "
      "columns")
equal(len(by_check(data, "account-duplicate")), 1, "the two copies are one account-duplicate group")
dups = by_check(data, "contact-duplicate")
equal([(x["record"], x["related"], x["evidence"]["matched_on"]) for x in dups],
      [("003000000000001", ["003000000000002"], "name-across-duplicate-accounts")],
      "contact-duplicate: Apu under both copies (no title or phone differing); not Sanjay (two titles), "
      "not Manjula (another company)")
check(dups and "under duplicate accounts" in dups[0]["message"], "contact-duplicate says why")
deals = by_check(data, "opportunity-duplicate")
equal([(x["record"], x["related"]) for x in deals], [("006000000000002", ["006000000000001"])],
      "opportunity-duplicate: the deal under both copies (2.0% apart, 2 days); not Lard Lad's")
check(deals and "a duplicate of account" in deals[0]["message"], "opportunity-duplicate names the other copy")
check(deals and deals[0]["evidence"].get("kept_id") == "006000000000001", "opportunity-duplicate: evidence.kept_id")
# without account-duplicate's groups, each copy is its own account
status, data, _, err, _ = audit(d, "--as-of", "2026-11-20", "--format", "json", "--skip", "account-duplicate")
equal(by_check(data, "contact-duplicate") + by_check(data, "opportunity-duplicate"), [],
      "without account-duplicate, nothing across accounts")

# ---- a group account-duplicate leaves to a person (the name alone) is two accounts to the others ----
d = tempfile.mkdtemp(prefix="crm-audit-dup-")
write(d, "Account", ["Id", "IsDeleted", "Name", "OwnerId", "CreatedDate"],
      [["001000000000001", "false", "Sanders", "005000000000001", T],
       ["001000000000002", "false", "Sanders", "005000000000001", T]])
write(d, "Contact", ["Id", "IsDeleted", "AccountId", "FirstName", "LastName", "OwnerId", "CreatedDate"],
      [["003000000000001", "false", "001000000000001", "Ned", "Flanders", "005000000000001", T],
       ["003000000000002", "false", "001000000000002", "Ned", "Flanders", "005000000000001", T]])
write(d, "Opportunity", ["Id", "IsDeleted", "AccountId", "Name", "StageName", "Amount", "CloseDate", "IsClosed",
                         "IsWon", "OwnerId", "CreatedDate"],
      [["006000000000001", "false", "001000000000001", "Chicken dinners", "Proposal", "500", "2026-12-01", "false",
        "false", "005000000000001", T],
       ["006000000000002", "false", "001000000000002", "Chicken dinners", "Proposal", "500", "2026-12-01", "false",
        "false", "005000000000001", T]])
status, data, _, err, out = audit(d, "--as-of", "2026-11-20", "--format", "json,fixes")
acc = by_check(data, "account-duplicate")
equal([(x["evidence"]["merge_evidence"], "fix" in x and "merge-accounts" == x["fix"].get("action")) for x in acc],
      [(False, False)], "two bare Sanders: one group, no merge evidence, no merge row")
check(acc and "agree on the name but on no website" in acc[0]["fix"]["text"] and "city" not in acc[0]["fix"]["text"],
      "account-duplicate's fix text says only what agreed: the name (neither has a city)")
equal(by_check(data, "contact-duplicate") + by_check(data, "opportunity-duplicate"), [],
      "a group without merge evidence is two accounts: no contact merged, no deal closed across them")
check(not os.path.exists(os.path.join(out, "fixes", "opportunities-to-close.csv")), "no opportunities-to-close.csv")

# ---- contact-duplicate's survivor is the copy under the account the merge keeps ----
d = tempfile.mkdtemp(prefix="crm-audit-dup-")
write(d, "Account", ["Id", "IsDeleted", "Name", "Phone", "Website", "OwnerId", "CreatedDate"],
      [["001000000000001", "false", "Kwik-E-Mart", "555-0100", "kwikemart.com", "005000000000001",
        "2025-01-10T09:00:00.000Z"],
       ["001000000000002", "false", "Kwik-E-Mart", "555-0100", "kwikemart.com", "005000000000001",
        "2025-01-10T09:30:00.000Z"]])
# Homer's copy under the second account is the older contact: the account's master (created 30 minutes
# earlier) keeps its copy all the same
write(d, "Contact", ["Id", "IsDeleted", "AccountId", "FirstName", "LastName", "OwnerId", "CreatedDate"],
      [["003000000000001", "false", "001000000000002", "Homer", "Simpson", "005000000000001",
        "2025-01-09T09:00:00.000Z"],
       ["003000000000002", "false", "001000000000001", "Homer", "Simpson", "005000000000001",
        "2025-01-10T09:00:00.000Z"]])
status, data, _, err, out = audit(d, "--as-of", "2026-11-20", "--format", "json,fixes")
acc = by_check(data, "account-duplicate")
equal([(x["record"], x["related"]) for x in acc], [("001000000000001", ["001000000000002"])],
      "same-day reload: the account created 30 minutes earlier survives (1 related record each)")
check(acc and "created earlier (2025-01-10T09:00:00.000Z)" in acc[0]["fix"]["text"],
      "the fix text says the rule: created earlier, with the timestamp")
equal([(x["record"], x["related"]) for x in by_check(data, "contact-duplicate")],
      [("003000000000002", ["003000000000001"])],
      "contact-duplicate keeps Homer under the account master, not the older copy under the merged-away one")

# ---- the fix files agree: a merged-away lead is not converted, a conversion goes into the account master ----
d = tempfile.mkdtemp(prefix="crm-audit-dup-")
write(d, "Account", ["Id", "IsDeleted", "Name", "Phone", "Website", "OwnerId", "CreatedDate"],
      [["001000000000001", "false", "Kwik-E-Mart", "555-0100", "", "005000000000001", "2025-01-10T09:00:00.000Z"],
       ["001000000000002", "false", "Kwik-E-Mart", "555-0100", "kwikemart.com", "005000000000001",
        "2025-01-10T09:30:00.000Z"]])
write(d, "Lead", ["Id", "IsDeleted", "FirstName", "LastName", "Company", "Email", "Status", "IsConverted", "OwnerId",
                  "CreatedDate"],
      # a same-day reload: the first in the file was created an hour later
      [["00Q000000000001", "false", "Sanjay", "Nahasapeemapetilon", "Kwik-E-Mart", "sanjay@kwikemart.com", "Open",
        "false", "005000000000001", "2025-02-01T10:00:00.000Z"],
       ["00Q000000000002", "false", "Sanjay", "Nahasapeemapetilon", "Kwik-E-Mart", "sanjay@kwikemart.com", "Open",
        "false", "005000000000001", "2025-02-01T09:00:00.000Z"]])
status, data, _, err, out = audit(d, "--as-of", "2026-11-20", "--format", "json,fixes")
equal([(x["record"], x["related"]) for x in by_check(data, "account-duplicate")],
      [("001000000000001", ["001000000000002"])], "Kwik-E-Mart: one phone, merged into 001 (created earlier)")
equal([(x["record"], x["related"], x["evidence"]["survivor_reason"]) for x in by_check(data, "lead-duplicate")],
      [("00Q000000000002", ["00Q000000000001"], "created earlier")],
      "Sanjay's twin leads, one day: 001 merged into 002, created an hour earlier")
with open(os.path.join(out, "fixes", "leads-to-convert.csv"), newline="", encoding="utf-8") as f:
    rows = list(csv.DictReader(f))
equal([(r["LeadId"], r["AccountId"]) for r in rows], [("00Q000000000002", "001000000000001")],
      "leads-to-convert.csv: the master lead only, into the account master (its domain is on 002, merged away)")
mine = {x["record"]: x for x in by_check(data, "lead-matches-account")}
check(mine.get("00Q000000000001", {}).get("evidence", {}).get("merged_into") == "00Q000000000002",
      "lead-matches-account: the merged-away lead's evidence names its master")
check(mine.get("00Q000000000002", {}).get("evidence", {}).get("account_merged_away") == "Kwik-E-Mart"
      and "accounts-to-merge.csv merges into it" in mine["00Q000000000002"]["fix"]["text"],
      "lead-matches-account says the conversion goes into the master of the account matched")
mg = data["analytics"]["migration"]
equal((mg["outcomes"]["convert_existing_account"], mg["outcomes"]["merged_duplicate"]), (1, 1),
      "migration: one conversion, one duplicate (not two conversions)")
equal(sum(mg["outcomes"].values()), mg["unconverted_leads"], "migration: the outcomes still partition the leads")

# ---- leads that are contacts: one cause, one finding ----
case = os.path.join(CASES, "lead-is-contact")
contacts = {"00Q000000000001", "00Q000000000002", "00Q000000000003", "00Q000000000005"}
for skip in ([], ["--skip", "lead-is-contact"]):
    status, data, _, err, out = audit(case, "--format", "json,fixes", *skip)
    others = {x["record"] for x in data["findings"] if x["check"] in ("lead-matches-account", "lead-riffraff")}
    if not skip:
        equal({x["record"] for x in by_check(data, "lead-is-contact")}, contacts, "lead-is-contact's leads")
        equal(others & contacts, set(), "lead-matches-account and lead-riffraff leave them to lead-is-contact")
        with open(os.path.join(out, "fixes", "leads-to-convert.csv"), newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        equal(list(rows[0])[:4], ["LeadId", "ContactId", "AccountId", "ConvertedStatus"],
              "leads-to-convert.csv: ContactId beside AccountId, the review columns after")
        equal({r["LeadId"]: r["ContactId"] for r in rows if r["ContactId"]},
              {"00Q000000000001": "003000000000001", "00Q000000000002": "003000000000002",
               "00Q000000000003": "003000000000003", "00Q000000000005": "003000000000004"},
              "leads-to-convert.csv: each onto its contact")
    else:
        equal(others & contacts, contacts, "without lead-is-contact, the other lead checks report them")
    mg = data["analytics"]["migration"]
    equal(sum(mg["outcomes"].values()), mg["unconverted_leads"],
          f"migration{' without lead-is-contact' if skip else ''}: every unconverted lead has one outcome")

# ---- domain families: one company's domains under other suffixes, a group's shared domain ----
d = tempfile.mkdtemp(prefix="crm-audit-dom-")
write(d, "Account", ["Id", "IsDeleted", "Name", "ParentId", "Website", "BillingCity", "BillingCountry", "OwnerId",
                     "CreatedDate"],
      [["001000000000001", "false", "Acme Corp", "", "www.acme.com", "Miami", "United States", "005000000000001", T],
       # acme.es is the website of an unrelated account: acme.es is not Acme Corp's
       ["001000000000002", "false", "Acme Iberia SL", "", "acme.es", "Madrid", "Spain", "005000000000001", T],
       # an agency group: the parent's website is the group's domain, its agencies have their own
       ["001000000000003", "false", "Omnigroup", "", "omnigroup.com", "New York", "United States",
        "005000000000001", T],
       ["001000000000004", "false", "Bright Agency", "001000000000003", "brightagency.com", "New York",
        "United States", "005000000000001", T],
       ["001000000000005", "false", "Vivid Agency", "001000000000003", "vividagency.com", "New York",
        "United States", "005000000000001", T],
       # a parent without a website whose agencies' contacts share the group's domain
       ["001000000000006", "false", "Wpx Holdings", "", "", "London", "United Kingdom", "005000000000001", T],
       ["001000000000007", "false", "Red Agency", "001000000000006", "redagency.co.uk", "London",
        "United Kingdom", "005000000000001", T],
       ["001000000000008", "false", "Blue Agency", "001000000000006", "blueagency.co.uk", "London",
        "United Kingdom", "005000000000001", T],
       ["001000000000009", "false", "Globex", "", "globex.com", "Springfield", "United States", "005000000000001",
        T]])
write(d, "Contact", ["Id", "IsDeleted", "AccountId", "FirstName", "LastName", "Email", "OwnerId", "CreatedDate"],
      [["003000000000001", "false", "001000000000001", "Ana", "Paz", "ana.paz@acme.com.ec", "005000000000001", T],
       ["003000000000002", "false", "001000000000001", "Luis", "Mora", "luis.mora@acme.es", "005000000000001", T],
       ["003000000000003", "false", "001000000000004", "Kim", "Lee", "kim.lee@omnigroup.com", "005000000000001", T],
       ["003000000000004", "false", "001000000000007", "Tom", "Hale", "tom.hale@wpxgroup.com", "005000000000001", T],
       ["003000000000005", "false", "001000000000008", "Sue", "Park", "sue.park@wpxgroup.com", "005000000000001", T],
       ["003000000000006", "false", "001000000000005", "Max", "Roe", "max.roe@globex.com", "005000000000001", T]])
write(d, "Lead", ["Id", "IsDeleted", "FirstName", "LastName", "Company", "Email", "City", "Country", "IsConverted",
                  "OwnerId", "CreatedDate"],
      [["00Q000000000001", "false", "Eva", "Sol", "Acme", "eva.sol@acme.com.ec", "Guayaquil", "Ecuador", "false",
        "005000000000001", T],
       # acme.de is of the family of acme.com, but the lead is in Germany and Acme Corp in the United States
       ["00Q000000000002", "false", "Uwe", "Kern", "Acme GmbH", "uwe.kern@acme.de", "Berlin", "Germany", "false",
        "005000000000001", T],
       # redagency.ie and redagency.co.uk: two national domains, two national companies as far as the export says
       ["00Q000000000003", "false", "Pat", "Nolan", "Red Agency", "pat.nolan@redagency.ie", "", "", "false",
        "005000000000001", T]])
status, data, _, err, _ = audit(d, "--as-of", "2026-11-20", "--format", "json")
equal(sorted((x["record"], x["evidence"]["contact_domain"]) for x in by_check(data, "contact-domain-outlier")),
      [("003000000000002", "acme.es"), ("003000000000006", "globex.com")],
      "contact-domain-outlier: acme.com.ec is Acme's (one name, another suffix); the group's domain under one of "
      "its agencies (the parent's website), and one its contacts share under two agencies, are the group's; "
      "acme.es is another account's website, globex.com another company's")
stats = next(c for c in data["checks"] if c["id"] == "contact-domain-outlier")["stats"]
equal((stats["joined_same_name_other_suffix"], stats["joined_hierarchy_or_duplicate_group"]), (1, 3),
      "contact-domain-outlier: what joined the domains, counted")
leads = {x["record"]: x for x in by_check(data, "lead-matches-account")}
equal(sorted(leads), ["00Q000000000001"], "lead-matches-account: acme.com.ec's lead is Acme Corp's; not acme.de's (another country), not "
      "redagency.ie's (two national domains)")
lead = leads.get("00Q000000000001")
equal(lead and (lead["related"], lead["evidence"].get("domain_rule")),
      (["001000000000001"], "same-name-other-suffix"), "lead-matches-account: the rule that joined the domains")

# ---- the options ----
ini = os.path.join(tempfile.mkdtemp(prefix="crm-audit-opt-"), "crm-audit.ini")
with open(ini, "w", encoding="utf-8") as f:
    f.write("[audit]\nas_of = 2026-11-20\n[check.lead-duplicate]\nname_and_phone = false\n"
            "[check.lead-is-contact]\nmatch_by_name = false\n"
            "[check.opportunity-duplicate]\namount_tolerance = 0.03\nclosed_stage = Duplicate\n")
status, data, _, err, out = audit(os.path.join(CASES, "lead-duplicate"), "--config", ini, "--format", "json")
equal(sorted(x["record"] for x in by_check(data, "lead-duplicate")), ["00Q000000000002", "00Q000000000004"],
      "lead-duplicate name_and_phone = false: Carl Diaz's phone joins nothing")
status, data, _, err, out = audit(os.path.join(CASES, "lead-is-contact"), "--config", ini, "--format", "json")
equal(sorted(x["record"] for x in by_check(data, "lead-is-contact")), ["00Q000000000001", "00Q000000000003"],
      "lead-is-contact match_by_name = false: by email alone")
status, data, _, err, out = audit(os.path.join(CASES, "opportunity-duplicate"), "--config", ini,
                                  "--format", "json,fixes")
equal(sorted(x["record"] for x in by_check(data, "opportunity-duplicate")),
      ["006000000000003", "00600000000000G", "00600000000000H"],
      "opportunity-duplicate amount_tolerance 0.03: 002 is 4.0% from 001 and 5.9% from 003; 003 2.0% from 001; "
      "Globex's 00G 1.6% from 00C, 00H 0% from 00E")
with open(os.path.join(out, "fixes", "opportunities-to-close.csv"), newline="", encoding="utf-8") as f:
    equal(sorted((r["Id"], r["StageName"]) for r in csv.DictReader(f)),
          [("006000000000003", "Duplicate"), ("00600000000000G", "Duplicate"), ("00600000000000H", "Duplicate")],
          "opportunities-to-close.csv: the closed_stage")

# ---- the gen-ai demo export, loaded twice ----
real = os.path.join(SOURCE_ROOT, "..", "shared", "data", "real", "sfdc-gen-ai-demo")
if os.path.isdir(real):
    status, data, _, err, out = audit(real, "--format", "json,fixes")
    equal(len(by_check(data, "account-duplicate")), 47, "gen-ai demo: 47 account twins")
    # 18 of the 47 account groups agree on the name alone (person-like accounts: 'Neddy Sanders', 'BSSSH Inc.'):
    # accounts-to-merge.csv leaves them to a person, and so do the contact and deal checks (32 and 12 before)
    equal(len(by_check(data, "contact-duplicate")), 20, "gen-ai demo: the 20 contact twins under merged accounts")
    equal(len(by_check(data, "lead-duplicate")), 7, "gen-ai demo: the 7 lead twins")
    equal(len(by_check(data, "opportunity-duplicate")), 11,
          "gen-ai demo: 11 open deal twins under merged accounts (17 are closed; BSSSH Inc.'s is left)")
    # Joe Szyslak, Liza and Margery Sampson are leads and, by name and phone, contacts (person accounts)
    equal(len(by_check(data, "lead-is-contact")), 6, "gen-ai demo: 3 people, each a lead twice, are contacts")
    for name, n in (("leads-to-merge", 7), ("opportunities-to-close", 11)):
        with open(os.path.join(out, "fixes", name + ".csv"), newline="", encoding="utf-8") as f:
            equal(sum(1 for _ in csv.reader(f)) - 1, n, f"gen-ai demo: {name}.csv rows")
        check(os.path.exists(os.path.join(out, "fixes", name + ".sdl")), f"gen-ai demo: {name}.sdl beside it")
finish()

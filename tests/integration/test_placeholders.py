"""Never a harmful fix (issue 13, point 4): a value many records of an object
share is a placeholder, never evidence that two records are the same nor on
its own a reason to call a person spam; placeholder emails get "find the real
address", not a delete; a check that would delete more than max_delete_share
of an object has its delete rows withheld, its findings kept, and the summary
says so."""
import csv
import os
import shutil
import tempfile

from common import audit, check, equal, finish

tmp = tempfile.mkdtemp(prefix="crm-audit-placeholders-")


def export(name, files):
    d = os.path.join(tmp, name)
    os.mkdir(d)
    for f, text in files.items():
        with open(os.path.join(d, f), "w", newline="") as fp:
            fp.write(text)
    return d


def by_check(data, check_id):
    return [x for x in data["findings"] if x["check"] == check_id]


def rows_of(out, name):
    path = os.path.join(out, "fixes", name)
    return list(csv.reader(open(path, newline=""))) if os.path.exists(path) else None


# ---- 1. placeholders by frequency ----
# 30 accounts (a value held by 5 or more of them is common: max(5, log2 30)). Twelve share the phone
# 555-0100, among them Lumentop and Lumenton, one letter apart: the name alone scores 0.78, a shared phone
# would add 0.10 and reach the 0.85 threshold. Vandelay Industries / Vandelay Industrie share a phone only
# they have (a real duplicate pair), and the three Pendant Publishing accounts one of their own (a group of 3).
accounts = ["Id,Name,Phone,BillingCountry"]
names = ["Lumentop", "Lumenton"] + [f"Zephyr{c}{c}x Labs" for c in "ABCDEFGHIJ"]
for i, n in enumerate(names):
    accounts.append(f"00100000000{i:04d},{n},555-0100,US")
accounts += ["001000000000100,Vandelay Industries,555-0177,US", "001000000000101,Vandelay Industrie,555-0177,US",
             "001000000000102,Pendant Publishing,555-0166,US", "001000000000103,Pendant Publishin,555-0166,US",
             "001000000000104,Pendant Publishng,555-0166,US"]
for i in range(13):
    accounts.append(f"00100000000{200 + i:04d},Other {chr(65 + i)}x{i},555-{1000 + i},US")
# contacts: 8 share nobody@initrode.com (a shared mailbox, each a different person), a General Manager has
# xxx@xxx.com, Anna Vogel twice with one address (a real duplicate), one spam contact by name
contacts = ["Id,FirstName,LastName,Title,Email,AccountId"]
for i in range(8):
    contacts.append(f"00300000000{i:04d},Person,Number{chr(65 + i)},Clerk,nobody@initrode.com,00100000000{200 + i:04d}")
contacts += ["003000000000100,Maria,Lopez,General Manager,xxx@xxx.com,001000000000200",
             "003000000000101,Anna,Vogel,CFO,anna.vogel@vandelay.com,001000000000100",
             "003000000000102,Anna,Vogel,CFO,Anna.Vogel@vandelay.com ,001000000000101",
             "003000000000103,Asdf,Asdf,,asdf@vandelay.com,001000000000101"]
for i in range(18):
    contacts.append(f"00300000000{300 + i:04d},First{chr(65 + i)},Last{chr(65 + i)},,p{i}@vandelay.com,001000000000100")
# leads: the General Manager and the Media Director of the issue (xxx@xxx.com), one at example.com,
# one at a reserved top-level domain, a test@ address, and one spam lead by name; 20 ordinary ones
leads = ["Id,FirstName,LastName,Title,Company,Email,IsConverted,Phone"]  # rows without a phone end in ","
leads += ["00Q000000000001,Jorge,Ramos,General Manager,Cervecería Sur,xxx@xxx.com,false,",
          "00Q000000000002,Lucía,Paz,Media Director,Cervecería Sur,xxx@xxx.com,false,",
          "00Q000000000003,Tom,Berg,Buyer,Bergbau AG,tom@example.com,false,",
          "00Q000000000004,Eva,Lind,Buyer,Lind Oy,eva@lind.invalid,false,",
          "00Q000000000005,Lea,Vogt,Buyer,Somecorp,test@somecorp.com,false,",
          "00Q000000000006,Test,Test,,Test Company,test@test.com,false,",
          # at a company that is an account (by its name and phone): converted, and told to find the address
          "00Q000000000007,Ana,Ruiz,CFO,Other Ax0,xxx@xxx.com,false,+1 555-1000"]
for i in range(20):
    leads.append(f"00Q00000000{100 + i:04d},Lead{chr(65 + i)},Person{chr(65 + i)},,Firm {chr(65 + i)},"
                 f"l{i}@firm{i}.com,false,")
d = export("placeholders", {"Account.csv": "\n".join(accounts) + "\n", "Contact.csv": "\n".join(contacts) + "\n",
                            "Lead.csv": "\n".join(leads) + "\n"})
status, data, stdout, stderr, out = audit(d, "--as-of", "2026-11-20")
equal(stderr, "", "placeholders: no error")

groups = {frozenset([x["record"]] + x["related"]) for x in by_check(data, "account-duplicate")}
lumen = {"001000000000000", "001000000000001"}
check(not any(lumen <= g for g in groups), "a phone on 12 of 30 accounts is no evidence: Lumentop/Lumenton apart")
check(frozenset({"001000000000100", "001000000000101"}) in groups, "a real pair with its own phone is found")
check(frozenset({"001000000000102", "001000000000103", "001000000000104"}) in groups,
      "a real group of three with its own phone is found")
check(any("555" in n and "Phone" in n and "12" in n for n in data["notices"]),
      f"the summary names the placeholder phone: {data['notices']}")
check("placeholders: 1 Phone value held by 5 or more of the 30 Account records" in stdout,
      "the notice is in the stdout summary")
# the value as the export writes it (the matcher's digits would not be found by a search of the file)
check("(such as '555-0100' on 12)" in stdout, f"the notice shows the value as written: {stdout}")

cdup = by_check(data, "contact-duplicate")
equal([sorted([x["record"]] + x["related"]) for x in cdup], [["003000000000101", "003000000000102"]],
      "contact-duplicate: Anna Vogel twice, never the 8 people of one shared mailbox")
riff = {x["record"]: x for x in by_check(data, "contact-riffraff")}
gm = riff.get("003000000000100")
check(gm and gm["evidence"]["class"] == "placeholder-email" and not gm["fix"].get("action")
      and "placeholder email: find the real address" in gm["fix"]["text"],
      f"xxx@xxx.com on a General Manager: find the real address, no delete ({gm})")
shared = [riff.get(f"00300000000{i:04d}") for i in range(8)]
check(all(x and x["evidence"]["class"] == "placeholder-email" and "held by 8 contacts" in x["message"]
          for x in shared), "a mailbox 8 contacts share: a placeholder email, not spam")
equal(riff["003000000000103"]["evidence"]["class"], "spam", "a placeholder name is still spam")
equal([r[0] for r in rows_of(out, "delete-contact.csv")[1:]], ["003000000000103"], "delete-contact.csv: the spam alone")

lriff = {x["record"]: x for x in by_check(data, "lead-riffraff")}
for lid, what in [("00Q000000000001", "General Manager"), ("00Q000000000002", "Media Director"),
                  ("00Q000000000003", "example.com"), ("00Q000000000004", ".invalid"), ("00Q000000000005", "test@")]:
    x = lriff.get(lid)
    check(x and x["evidence"]["class"] != "spam" and x["evidence"].get("placeholder_email") is True
          and "find the real address" in x["message"] and "find the real address" in x["fix"]["text"]
          and not x["fix"].get("action"), f"lead {lid} ({what}): not spam, find the real address ({x})")
equal(lriff["00Q000000000006"]["evidence"]["class"], "spam", "Test Test is still spam")
conv = {x["record"]: x for x in by_check(data, "lead-matches-account")}.get("00Q000000000007")
check(conv and conv["fix"].get("action") == "convert-lead" and conv["evidence"].get("placeholder_email") is True
      and conv["fix"]["text"].endswith("; placeholder email: find the real address"),
      f"a matched lead with a placeholder email: converted, find the real address ({conv})")
equal([r[0] for r in rows_of(out, "delete-lead.csv")[1:]], ["00Q000000000006"], "delete-lead.csv: the spam alone")
check(not any("fixes withheld" in n for n in data["notices"]), "1 of 27 leads, 1 of 30 contacts: nothing withheld")

# ---- 2. the sanity bound on deletes ----
# 10 contacts, 3 of them spam by name: 30% > 10%
rows = ["Id,FirstName,LastName,Email"]
for i in range(7):
    rows.append(f"00300000000{i:04d},Real{chr(65 + i)},Person{chr(65 + i)},r{i}@acme.com")
for i, (first, last) in enumerate([("asdf", "asdf"), ("qwerty", "qwerty"), ("xxx", "xxx")]):
    rows.append(f"00300000000{100 + i:04d},{first},{last},a{i}@acme.com")
d = export("bound", {"Contact.csv": "\n".join(rows) + "\n"})
status, data, stdout, stderr, out = audit(d, "--as-of", "2026-11-20")
equal(stderr, "", "bound: no error")
spam = [x for x in by_check(data, "contact-riffraff") if x["evidence"]["class"] == "spam"]
equal(len(spam), 3, "bound: the three spam findings stay")
check(all(x["fix"].get("action") == "delete-contact" for x in spam), "bound: findings.json keeps their fix")
equal(rows_of(out, "delete-contact.csv"), None, "bound: delete-contact.csv withheld")
check(not os.path.exists(os.path.join(out, "fixes", "delete-contact.sdl")), "bound: no mapping either")
notice = [n for n in data["notices"] if "fixes withheld" in n]
equal(notice, ["fixes withheld: contact-riffraff would delete 3 of the 10 Contact records (30%), more than [audit] "
               "max_delete_share = 0.10 allows: fixes/delete-contact.csv leaves these rows out (the findings stay); "
               "review the findings, and raise max_delete_share to write them"], "bound: the notice")
check("warning: fixes withheld: contact-riffraff would delete 3 of the 10" in stdout, "bound: said in the summary")
html = open(os.path.join(out, "report.html"), encoding="utf-8").read()
check("fixes withheld" in html, "bound: said in report.html")

# the key raises the bound; an impossible value is a config error
with open(os.path.join(d, "crm-audit.ini"), "w") as fp:
    fp.write("[audit]\nmax_delete_share = 0.5\n")
status, data, stdout, stderr, out = audit(d, "--as-of", "2026-11-20")
equal(len(rows_of(out, "delete-contact.csv") or []) - 1, 3, "max_delete_share = 0.5: the three rows written")
check(not any("fixes withheld" in n for n in data["notices"]), "max_delete_share = 0.5: nothing withheld")
with open(os.path.join(d, "crm-audit.ini"), "w") as fp:
    fp.write("[audit]\nmax_delete_share = 10%\n")
status, data, stdout, stderr, out = audit(d, "--as-of", "2026-11-20")
equal(status, 2, "max_delete_share = 10%: a config error")
check("crm-audit.ini:2" in stderr and "max_delete_share" in stderr and "'10%'" in stderr,
      f"max_delete_share: the message names the line and the value ({stderr.strip()})")

# ---- 3. an export whose emails are all placeholders (an anonymised or demo org) ----
# 24 of 25 contacts at example.com, one spam by name: one convention finding for the placeholder emails,
# the spam contact still its own finding (spam is no convention); convention_share = 1 lists them again
rows = ["Id,FirstName,LastName,Email"]
for i in range(24):
    rows.append(f"00300000000{i:04d},Given{chr(65 + i)},Family{chr(65 + i)},person{i}@example.com")
rows.append("003000000000100,asdf,asdf,asdf@example.com")
d = export("anonymised", {"Contact.csv": "\n".join(rows) + "\n"})
status, data, stdout, stderr, out = audit(d, "--as-of", "2026-11-20")
rif = by_check(data, "contact-riffraff")
conv = [x for x in rif if x["record"] == ""]
equal(len(conv), 1, "anonymised: one convention finding")
equal((conv[0]["evidence"]["rule"], conv[0]["evidence"]["count"], conv[0]["evidence"]["records"]),
      ("placeholder email", 24, 25), "anonymised: the convention counts 24 of the 25 contacts")
equal([x["evidence"]["class"] for x in rif if x["record"]], ["spam"], "anonymised: the spam contact stays on its own")
check("convention: contact-riffraff 24 of 25" in stdout, "anonymised: the summary says the convention")
with open(os.path.join(d, "crm-audit.ini"), "w") as fp:
    fp.write("[check.contact-riffraff]\nconvention_share = 1\n")
status, data, stdout, stderr, out = audit(d, "--as-of", "2026-11-20")
equal(sum(1 for x in by_check(data, "contact-riffraff") if x["evidence"].get("class") == "placeholder-email"), 24,
      "anonymised: convention_share = 1 lists each placeholder email again")

shutil.rmtree(tmp, ignore_errors=True)
finish()

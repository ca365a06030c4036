"""What most records share because of how the org works is said once, not per
record (issue 13's conventions, beyond format rules): a data load that
created most accounts or contacts within the review window, most contacts
kept without an account. A move is always its own finding; below the share,
or with convention_share = 1, every record is listed. A lead whose Company
holds a record Id says so."""
import os
import shutil
import tempfile

from common import audit, check, equal, finish

tmp = tempfile.mkdtemp(prefix="crm-audit-folds-")


def export(name, files, ini=None):
    d = os.path.join(tmp, name)
    os.mkdir(d)
    for f, rows in files.items():
        with open(os.path.join(d, f), "w", newline="") as fp:
            fp.write("\n".join(rows) + "\n")
    if ini:
        with open(os.path.join(d, "crm-audit.ini"), "w") as fp:
            fp.write(ini)
    return d


def of(data, cid):
    return [x for x in data["findings"] if x["check"] == cid]


# 30 accounts, 25 of them created on 2026-11-18 (a load; 25/30 > 0.5 and >= 20), 5 in 2024; as-of 2026-11-20.
# 40 contacts: 24 created on 2026-11-18 (24/40 > 0.5), 30 without an account (30/40 > 0.5), 30-39 under
# accounts 20-29; one contact moved since
# the previous export (its own finding, whatever the share).
acc = ["Id,Name,Website,BillingCity,BillingCountry,CreatedDate,CreatedById"]
for i in range(30):
    day = "2026-11-18" if i < 25 else "2024-03-01"
    acc.append(f"00100000000{i:04d},Company {chr(65 + i % 26)}{i},c{i}.com,Lyon,France,{day}T09:00:00Z,005000000000001")
con = ["Id,FirstName,LastName,Email,AccountId,CreatedDate,LastModifiedDate"]
for i in range(40):
    day = "2026-11-18" if i < 24 else "2024-03-01"
    account = f"00100000000{i - 10:04d}" if i >= 30 else ""
    con.append(f"00300000000{i:04d},Given{i},Family{i},p{i}@c{i}.com,{account},{day}T09:00:00Z,{day}T09:00:00Z")
d = export("load", {"Account.csv": acc, "Contact.csv": con})
# the previous export: the same contacts, 35 then under account 24 (now 25); the 24 new ones were not there yet
prev_rows = ["Id,FirstName,LastName,AccountId"]
for i in range(24, 40):
    account = f"00100000000{i - 10:04d}" if i >= 30 else ""
    prev_rows.append(f"00300000000{i:04d},Given{i},Family{i},{'001000000000024' if i == 35 else account}")
prev = export("load-previous", {"Contact.csv": prev_rows})
status, data, stdout, stderr, out = audit(d, "--as-of", "2026-11-20", "--previous", prev,
                                          "--only", "account-new-review,contact-new-or-moved,contact-orphan")
equal(stderr, "", "load: no error")

nr = of(data, "account-new-review")
equal([(x["record"], x["evidence"]["count"], x["evidence"]["records"]) for x in nr], [("", 25, 30)],
      "account-new-review: 25 of 30 accounts created in the window: one finding for the load")
check("a data load" in nr[0]["message"] and "review the load as a whole" in nr[0]["fix"]["text"],
      f"account-new-review: the finding says it is a load and what to do: {nr[0]['message']} / {nr[0]['fix']}")
nm = of(data, "contact-new-or-moved")
folded = [x for x in nm if x["record"] == ""]
equal([(x["evidence"]["rule"], x["evidence"]["count"], x["evidence"]["records"]) for x in folded],
      [("new contact", 24, 40)], "contact-new-or-moved: 24 of 40 new: one finding")
equal([x["record"] for x in nm if x["record"]], ["003000000000035"], "contact-new-or-moved: the move stays listed")
orph = of(data, "contact-orphan")
equal([(x["record"], x["evidence"].get("rule"), x["evidence"].get("count")) for x in orph], [("", "no account", 30)],
      "contact-orphan: 30 of 40 without an account: one finding")
check("convention: contact-orphan 30 of 40" in stdout, "the summary says it")

# convention_share = 1 lists every record again
status, data, *_ = audit(d, "--as-of", "2026-11-20", "--only", "account-new-review,contact-orphan",
                         "--config", os.path.join(export("cfg", {}, "[check.account-new-review]\nconvention_share = 1\n"
                                                         "[check.contact-orphan]\nconvention_share = 1\n"),
                                                  "crm-audit.ini"))
equal((len(of(data, "account-new-review")), len(of(data, "contact-orphan"))), (25, 30),
      "convention_share = 1: each record listed")

# below the share (10 of 30 new accounts, 8 of 40 orphans): each record, as before
acc2 = [acc[0]] + [r.replace("2026-11-18", "2024-03-01") if k > 10 else r for k, r in enumerate(acc[1:], 1)]
con2 = [con[0]] + [r.replace(",,", ",00100000000" + "0001,") if 8 < k <= 30 else r for k, r in enumerate(con[1:], 1)]
d2 = export("few", {"Account.csv": acc2, "Contact.csv": con2})
status, data, *_ = audit(d2, "--as-of", "2026-11-20", "--only", "account-new-review,contact-orphan")
equal((len(of(data, "account-new-review")), all(x["record"] for x in of(data, "account-new-review"))), (10, True),
      "10 of 30 new: each listed")
equal((len(of(data, "contact-orphan")), all(x["record"] for x in of(data, "contact-orphan"))), (8, True),
      "8 of 40 without an account: each listed")

# a lead whose Company is the Id of an account of the export (an import mapped the wrong column)
d3 = export("lead-id", {"Account.csv": ["Id,Name", "001000000000009,Lead Account"],
                        "Lead.csv": ["Id,FirstName,LastName,Company,Email,IsConverted",
                                     "00Q000000000001,Ana,Ruiz,001000000000009AAA,ana@ruizco.es,false",
                                     "00Q000000000002,Bo,Lind,Lindgren AB,bo@lindgren.se,false"]})
status, data, *_ = audit(d3, "--as-of", "2026-11-20", "--only", "lead-riffraff")
msg = {x["record"]: x["message"] for x in of(data, "lead-riffraff")}
check("Company holds the Id 001000000000009AAA of account 'Lead Account', not a company name" in
      msg.get("00Q000000000001", ""), f"a Company that is an account's Id is said: {msg}")
check("(Lindgren AB)" in msg.get("00Q000000000002", ""), f"a real company name as it is: {msg}")

shutil.rmtree(tmp, ignore_errors=True)
finish()

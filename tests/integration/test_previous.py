"""--previous DIR (the last export): contact-new-or-moved names the contacts that
moved to another account (old and new account), the contacts not in the
previous export, and the run counts the contacts gone since (findings.json
summary.previous, and the printed summary). The previous export is the
sample org edited by hand: one contact under another account, one missing,
one more that is gone from the current export."""
import csv
import io
import os
import shutil
import tempfile

from common import FIXTURES, audit, check, equal, finish, run

sample = os.path.join(FIXTURES, "sample-org")
tmp = tempfile.mkdtemp(prefix="crm-audit-previous-")
prev = os.path.join(tmp, "previous")
os.makedirs(prev)

with open(os.path.join(sample, "Contact.csv"), encoding="utf-8", newline="") as f:
    rows = list(csv.reader(f))
header, body = rows[0], rows[1:]
ID, DEL, ACC = header.index("Id"), header.index("IsDeleted"), header.index("AccountId")
live = [r for r in body if r[DEL].strip().lower() not in ("1", "true")]
ids = [r[ID][:15] for r in live]
once = [r for r in live if ids.count(r[ID][:15]) == 1 and r[ACC].strip()]

moved, missing = once[10], once[20]           # two ordinary contacts with an account
other_account = next(r[ACC] for r in once if r[ACC][:15] != moved[ACC][:15])
edited = []
for r in body:
    if r is missing:
        continue                               # not in the previous export: new since
    if r is moved:
        r = list(r)
        r[ACC] = other_account                 # under another account then
    edited.append(r)
gone = list(once[30])
gone[ID] = "0035g0000ZZZZZZ"                   # a contact deleted since
edited.append(gone)
out = io.StringIO()
csv.writer(out, lineterminator="\n").writerows([header] + edited)
with open(os.path.join(prev, "contact.CSV"), "w", encoding="utf-8", newline="") as f:
    f.write(out.getvalue())                    # the file name matches case-insensitively

status, data, stdout, stderr, _ = audit(sample, "--previous", prev)
equal((status, stderr), (1, ""), "--previous: the run as usual")
found = [x for x in data["findings"] if x["check"] == "contact-new-or-moved"]
mv = [x for x in found if x["evidence"].get("change") == "moved"]
equal([x["record"] for x in mv], [moved[ID][:15]], "one contact moved")
if mv:
    ev = mv[0]["evidence"]
    equal(ev["previous_account_id"], other_account[:15], "moved: the old account's Id")
    equal(ev["account_id"], moved[ACC][:15], "moved: the new account's Id")
    accounts = {r["Id"][:15]: r["Name"] for r in csv.DictReader(open(os.path.join(sample, "Account.csv"),
                                                                      encoding="utf-8-sig", newline=""))}
    check(accounts[other_account[:15]] in mv[0]["message"] and accounts[moved[ACC][:15]] in mv[0]["message"],
          f"moved: the message names both accounts: {mv[0]['message']}")
    check(other_account[:15] in mv[0]["related"] and moved[ACC][:15] in mv[0]["related"],
          "moved: both accounts related")
new = {x["record"]: x for x in found if x["evidence"].get("change") == "new"}
check(missing[ID][:15] in new, "the contact missing from the previous export is new")
if missing[ID][:15] in new:
    equal(new[missing[ID][:15]]["evidence"]["in_previous_export"], False, "new: not in the previous export")
# the others that are new were created within the window, and were in the previous export too
recent = [x for k, x in new.items() if k != missing[ID][:15]]
check(recent and all(x["evidence"]["created_within_window"] and x["evidence"]["in_previous_export"]
                     for x in recent), "the other new contacts: created within the window")
summary = data["summary"].get("previous")
equal(summary, {"contacts": len(set(ids)) - 1 + 1, "contacts_gone": 1}, "summary.previous")
check("previous export: " in stdout and "1 of them gone since" in stdout, "the printed summary counts them")

# without --previous: no summary.previous, no moved finding
status, data, stdout, _, _ = audit(sample)
check("previous" not in data["summary"], "no summary.previous without --previous")
check(not any(x["evidence"].get("change") == "moved" for x in data["findings"]), "nothing moved without --previous")

# a previous folder without Contact.csv, or none at all: exit 2, with a message
empty = os.path.join(tmp, "empty")
os.makedirs(empty)
shutil.copy(os.path.join(sample, "Account.csv"), empty)
status, stdout, stderr = run("run", sample, "-o", os.path.join(tmp, "out"), "--quiet", "--previous", empty)
equal(status, 2, "--previous without Contact.csv: exit 2")
check("Contact.csv" in stderr and empty in stderr, f"--previous without Contact.csv: says so: {stderr}")
status, stdout, stderr = run("run", sample, "-o", os.path.join(tmp, "out"), "--quiet", "--previous",
                             os.path.join(tmp, "nope"))
equal(status, 2, "--previous to nothing: exit 2")
check("--previous" in stderr, f"--previous to nothing: says so: {stderr}")
# a broken previous Contact.csv: its file, line and column
with open(os.path.join(empty, "Contact.csv"), "w", encoding="utf-8") as f:
    f.write('Id,AccountId\n0035g0000AAAAAA,"x"y\n')
status, stdout, stderr = run("run", sample, "-o", os.path.join(tmp, "out"), "--quiet", "--previous", empty)
equal(status, 2, "--previous with a broken Contact.csv: exit 2")
check("Contact.csv:2:" in stderr, f"--previous with a broken Contact.csv: the line: {stderr}")

shutil.rmtree(tmp, ignore_errors=True)
finish()

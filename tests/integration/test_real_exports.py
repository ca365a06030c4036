"""Real Salesforce demo-org exports written by others (../shared/data/real):
every file of ours is read, with the right row counts. Skips (77) when the
folder is absent."""
import csv
import os
import sys

from common import SOURCE_ROOT, audit, check, equal, finish

real = os.path.join(SOURCE_ROOT, "..", "shared", "data", "real")
if not os.path.isdir(real):
    print(f"skip: {real} is absent (a clone outside the workplace)")
    sys.exit(77)

OBJECTS = ("Account", "Contact", "Lead", "Opportunity", "OpportunityContactRole", "Task", "Event", "User")
exports = sorted(d for d in os.listdir(real) if os.path.isdir(os.path.join(real, d)))
check(len(exports) >= 2, "two real exports")
for name in exports:
    d = os.path.join(real, name)
    status, data, stdout, stderr, out = audit(d)
    check(status in (0, 1), f"{name}: read without error ({status}: {stderr.strip()})")
    if not data:
        continue
    for obj in OBJECTS:
        path = os.path.join(d, obj + ".csv")
        if not os.path.exists(path):
            equal(data["input"][obj]["file"], None, f"{name}: {obj} absent")
            continue
        with open(path, newline="", encoding="utf-8-sig") as f:
            rows = list(csv.DictReader(f))
        live = [r for r in rows if (r.get("IsDeleted") or "").strip().lower() not in ("1", "true", "yes")]
        equal(data["input"][obj]["rows"], len(live), f"{name}: {obj} rows")
        equal(data["input"][obj]["encoding"], "utf-8", f"{name}: {obj} encoding")
    # the files are consistent exports: no value is unreadable and no Id repeats
    bad = [x for x in data["findings"] if x["check"] in ("record-invalid-value", "record-duplicate-id")]
    equal(bad, [], f"{name}: no unreadable value, no repeated Id")
    # the opportunities have no contact-role file: those checks are skipped with the reason
    reasons = {c["id"]: c.get("reason") for c in data["checks"]}
    if not os.path.exists(os.path.join(d, "OpportunityContactRole.csv")):
        equal(reasons["opportunity-missing-contact-roles"], "OpportunityContactRole.csv is not in the export",
              f"{name}: skipped for lack of contact roles")
    # never a harmful fix: no delete file covers more than 10% of its object (data-cloud's 102 contacts and 60
    # leads all at example.com are real people with placeholder emails, not spam)
    fixes = os.path.join(out, "fixes")
    for f in sorted(os.listdir(fixes)) if os.path.isdir(fixes) else []:
        if f.startswith("delete-") and f.endswith(".csv"):
            obj = {"delete-contact.csv": "Contact", "delete-lead.csv": "Lead"}[f]
            rows = len(list(csv.reader(open(os.path.join(fixes, f), newline="")))) - 1
            check(rows <= 0.10 * data["input"][obj]["rows"], f"{name}: {f} deletes {rows} of "
                  f"{data['input'][obj]['rows']} {obj} records")
    if name == "sfdc-gen-ai-demo":
        # the data set was loaded twice: its 47 pairs of accounts are real duplicates, shared phones or not
        equal(sum(x["check"] == "account-duplicate" for x in data["findings"]), 47, f"{name}: duplicate groups")
finish()

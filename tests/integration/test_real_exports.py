"""Real Salesforce demo-org exports written by others (../shared/data/real),
run as a new user would: no flag, no config (issue 13). Every file of ours is
read, with the right row counts; as-of is inferred from the newest timestamp
and the stage model from the opportunities, both said in the summary and in
findings.json; no delete file covers more than 10% of an object's records.
Skips (77) when the folder is absent."""
import csv
import json
import os
import sys
import tempfile
import unicodedata

from common import SOURCE_ROOT, check, equal, finish, run

real = os.path.join(SOURCE_ROOT, "..", "shared", "data", "real")
if not os.path.isdir(real):
    print(f"skip: {real} is absent (a clone outside the workplace)")
    sys.exit(77)

OBJECTS = ("Account", "Contact", "Lead", "Opportunity", "OpportunityContactRole", "Task", "Event", "User")
exports = sorted(d for d in os.listdir(real) if os.path.isdir(os.path.join(real, d)))
check(len(exports) >= 2, "two real exports")


def fold(s):
    return "".join(c for c in unicodedata.normalize("NFKD", s or "") if not unicodedata.combining(c)).lower()


def inferred(data, *words):
    """The `inferred` entries whose `what` holds every word (case and accents folded; '-' as a space)."""
    return [e for e in data.get("inferred") or [] if all(w in fold(e.get("what")).replace("-", " ") for w in words)]


for name in exports:
    d = os.path.join(real, name)
    # no flag, no config: an empty working folder, so no crm-audit.ini is found
    work = tempfile.mkdtemp(prefix="crm-audit-real-")
    out = os.path.join(work, "out")
    status, stdout, stderr = run("run", d, "-o", out, cwd=work)
    check(status in (0, 1), f"{name}: read without error ({status}: {stderr.strip()})")
    if not os.path.exists(os.path.join(out, "findings.json")):
        check(False, f"{name}: findings.json written")
        continue
    with open(os.path.join(out, "findings.json"), encoding="utf-8") as f:
        data = json.load(f)
    newest = ""
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
        # the newest timestamp of the files the run reads, for as-of
        for r in rows:
            for k in ("SystemModstamp", "LastModifiedDate", "CreatedDate"):
                newest = max(newest, (r.get(k) or "")[:10])
    # as-of: the export's newest timestamp, not today, said in findings.json and the summary
    equal(data["as_of"], newest, f"{name}: as-of inferred from the newest timestamp")
    asof = inferred(data, "as of")
    check(asof and newest in str(asof[0].get("value")), f"{name}: an inferred as-of entry: {data.get('inferred')!r}")
    check(newest in stdout.splitlines()[0] if stdout else False, f"{name}: the summary gives as-of {newest}")
    # the stage model: inferred from the opportunities (no config) and said
    stage = inferred(data, "stage")
    check(stage, f"{name}: an inferred stage model: {data.get('inferred')!r}")
    for e in stage[:1]:
        check(e["what"] in stdout, f"{name}: the summary shows the inferred stage model")
    # never propose a harmful fix: no delete file covers more than 10% of an object's records (data-cloud's
    # 102 contacts and 60 leads, all at example.com, are real people with placeholder emails, not spam)
    fixes = os.path.join(out, "fixes")
    for f in sorted(os.listdir(fixes)) if os.path.isdir(fixes) else []:
        obj = {"delete-contact.csv": "Contact", "delete-lead.csv": "Lead", "delete-account.csv": "Account"}.get(f)
        if not obj and f.startswith("delete-"):
            check(False, f"{name}: a delete file of an unknown object: {f}")
        if not obj:
            continue
        with open(os.path.join(fixes, f), newline="", encoding="utf-8-sig") as fh:
            n = sum(1 for _ in csv.reader(fh)) - 1
        total = data["input"][obj]["rows"]
        check(n <= 0.10 * total, f"{name}: {f} deletes {n} of {total} {obj} records (more than 10%)")
    if name == "sfdc-gen-ai-demo":
        # the data set was loaded twice: its 47 pairs of accounts are real duplicates, shared phones or not
        equal(sum(x["check"] == "account-duplicate" for x in data["findings"]), 47, f"{name}: duplicate groups")
        # a merge needs more than the name: each merged group's members are joined by pairs that agree on a
        # website, a phone, a street address or a postal code; the groups that agree on the name (and city)
        # alone are reported but not merged (every field but the name blank, or a family's phone shared by
        # many; a pair at one street address in one city, such as the two Homer Sampsons, is merged)
        groups = [x for x in data["findings"] if x["check"] == "account-duplicate"]
        for x in groups:
            strong = any(set(p["matched"]) & {"domain", "phone", "postal code", "street address"}
                         for p in x["evidence"]["pairs"])
            equal(x["evidence"]["merge_evidence"], strong, f"{name}: {x['record']}: merge evidence (one pair each)")
            equal(x["fix"].get("action") == "merge-accounts", strong, f"{name}: {x['record']}: merged only with it")
        with open(os.path.join(out, "fixes", "accounts-to-merge.csv"), newline="", encoding="utf-8-sig") as fh:
            equal(sum(1 for _ in csv.reader(fh)) - 1, sum(x["evidence"]["merge_evidence"] for x in groups),
                  f"{name}: accounts-to-merge.csv has the groups with merge evidence")
    # the files are consistent exports: no value is unreadable and no Id repeats
    bad = [x for x in data["findings"] if x["check"] in ("record-invalid-value", "record-duplicate-id")]
    equal(bad, [], f"{name}: no unreadable value, no repeated Id")
    # the opportunities have no contact-role file: those checks are skipped with the reason
    reasons = {c["id"]: c.get("reason") for c in data["checks"]}
    if not os.path.exists(os.path.join(d, "OpportunityContactRole.csv")):
        equal(reasons["opportunity-missing-contact-roles"], "OpportunityContactRole.csv is not in the export",
              f"{name}: skipped for lack of contact roles")
finish()

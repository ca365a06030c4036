"""The audit of fixtures/sample-org against its reviewed expected findings,
findings.json's shape, and determinism."""
import csv
import filecmp
import os
import shutil
import tempfile

from common import FIXTURES, audit, check, equal, finish

sample = os.path.join(FIXTURES, "sample-org")
IMPLEMENTED = {"record-duplicate-id", "record-dangling-reference", "record-invalid-value",
               "opportunity-missing-contact-roles", "opportunity-no-primary-contact", "contact-role-missing-role",
               "contact-domain-outlier", "contact-personal-email", "contact-invalid-email", "contact-orphan",
               "contact-duplicate", "contact-left-company", "contact-stale", "contact-new-or-moved",
               "contact-riffraff", "contact-role-inactive-contact"}

status, data, stdout, stderr, out = audit(sample)
equal(status, 1, "sample-org: exit 1 (it has errors)")
equal(stderr, "", "sample-org: nothing on stderr with --quiet")

# the reviewed expected findings: exactly these (check, object, record)
with open(os.path.join(sample, "expected-findings.tsv"), newline="", encoding="utf-8") as f:
    rows = list(csv.reader(f, delimiter="\t"))
equal(rows[0], ["check", "object", "record"], "expected-findings.tsv header")
expected = {tuple(r) for r in rows[1:]}
got = {(x["check"], x["object"], x["record"]) for x in data["findings"]}
for missing in sorted(expected - got):
    check(False, f"expected finding not reported: {missing}")
for extra in sorted(got - expected):
    check(False, f"unexpected finding: {extra}")
for cid in IMPLEMENTED:
    check(any(e[0] == cid for e in expected), f"the sample has at least one {cid} finding")

# findings.json's shape (INTERFACE.md)
equal(list(data), ["tool", "as_of", "input", "checks", "findings", "summary", "analytics"], "top-level keys")
equal(data["tool"], {"name": "crm-audit", "version": "0.1.0"}, "tool")
equal(data["as_of"], "2026-11-20", "as_of from the sample's crm-audit.ini")
for obj in ("Account", "Contact", "Lead", "Opportunity", "OpportunityContactRole", "Task", "Event", "User"):
    check(data["input"][obj]["file"] == obj + ".csv" and data["input"][obj]["rows"] > 0, f"input {obj}")
keys = ["check", "severity", "object", "record", "related", "owner", "message", "evidence", "fix", "fingerprint"]
for x in data["findings"]:
    equal(list(x), keys, f"finding keys {x['check']} {x['record']}")
    check(len(x["record"]) in (0, 15), f"record Id as 15 characters: {x['record']}")
    check(all(len(r) == 15 for r in x["related"]), f"related Ids as 15 characters: {x['related']}")
    check(len(x["fingerprint"]) == 32, "fingerprint")
    check(x["message"] and x["fix"] and x["fix"].get("text"), f"message and fix text: {x['check']} {x['record']}")
fps = [(x["check"], x["fingerprint"]) for x in data["findings"]]
equal(len(fps), len(set(fps)), "fingerprints unique")
ran = {c["id"]: c for c in data["checks"]}
for cid in IMPLEMENTED:
    equal(ran[cid]["status"], "ran", f"{cid} ran")
    equal(ran[cid]["findings"], sum(1 for x in data["findings"] if x["check"] == cid), f"{cid} count")
by_sev = data["summary"]["by_severity"]
equal(sum(by_sev.values()), len(data["findings"]), "summary.by_severity adds up")
equal(sum(v["total"] for v in data["summary"]["by_owner"].values()), len(data["findings"]), "by_owner adds up")
# order: registry order, then record Id
order = [c["id"] for c in data["checks"]]
check(all((order.index(a["check"]), a["object"], a["record"]) <= (order.index(b["check"]), b["object"], b["record"])
          for a, b in zip(data["findings"], data["findings"][1:])), "findings in registry order, then by record")

# the evidence of a contact role without Role suggests a role from the title, as an importable update
roles = [x for x in data["findings"] if x["check"] == "contact-role-missing-role"]
suggested = [x for x in roles if x["fix"].get("action") == "update-contact-role"]
check(len(suggested) >= 1, "a missing Role is suggested from a title")
for x in suggested:
    equal(x["fix"]["Id"], x["record"], "update-contact-role names the contact role")
    equal(x["fix"]["Role"], x["evidence"]["suggested_role"], "the suggested role")

# determinism: a second run, with one thread, is byte-identical
status2, _, _, _, out2 = audit(sample, "--jobs", "1")
check(filecmp.cmp(os.path.join(out, "findings.json"), os.path.join(out2, "findings.json"), shallow=False),
      "two runs give byte-identical findings.json")

# the same export written as Windows-1252 gives the same findings
tmp = tempfile.mkdtemp(prefix="crm-audit-sample-")
copy = os.path.join(tmp, "sample-cp1252")
shutil.copytree(sample, copy)
for name in ("Account.csv", "Contact.csv"):
    text = open(os.path.join(sample, name), encoding="utf-8-sig", newline="").read()
    open(os.path.join(copy, name), "w", encoding="cp1252", errors="replace", newline="").write(text)
status3, data3, stdout3, _, _ = audit(copy)
equal(data3["input"]["Account"]["encoding"], "windows-1252", "cp1252 copy: Account read as windows-1252")
check("Account.csv read as windows-1252" in stdout3, "cp1252 copy: said in the summary")
equal([(x["check"], x["record"]) for x in data3["findings"]], [(x["check"], x["record"]) for x in data["findings"]],
      "cp1252 copy: the same findings")
shutil.rmtree(tmp, ignore_errors=True)
finish()

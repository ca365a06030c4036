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
               "contact-role-foreign-account", "contact-role-suggested", "stage-committee-mismatch",
               "stage-assessment-mismatch", "opportunity-past-close-date",
               "account-missing-website", "account-invalid-website", "account-missing-address",
               "account-name-format", "account-hierarchy", "account-new-review", "account-stagnant",
               "record-inactive-owner",
               "contact-domain-outlier", "contact-personal-email", "contact-invalid-email", "contact-orphan",
               "contact-duplicate", "contact-left-company", "contact-stale", "contact-new-or-moved",
               "contact-riffraff", "contact-role-inactive-contact",
               "lead-matches-account", "lead-riffraff", "lead-engaged"}
# checks judged against a ground truth rather than the oracle's rules
TRUTH_CHECKED = {"account-duplicate"}

status, data, stdout, stderr, out = audit(sample)
equal(status, 1, "sample-org: exit 1 (it has errors)")
equal(stderr, "", "sample-org: nothing on stderr with --quiet")

# the reviewed expected findings: exactly these (check, object, record)
with open(os.path.join(sample, "expected-findings.tsv"), newline="", encoding="utf-8") as f:
    rows = list(csv.reader(f, delimiter="\t"))
equal(rows[0], ["check", "object", "record"], "expected-findings.tsv header")
expected = {tuple(r) for r in rows[1:]}
got = {(x["check"], x["object"], x["record"]) for x in data["findings"] if x["check"] not in TRUTH_CHECKED}
for missing in sorted(expected - got):
    check(False, f"expected finding not reported: {missing}")
for extra in sorted(got - expected):
    check(False, f"unexpected finding: {extra}")
for cid in IMPLEMENTED:
    check(any(e[0] == cid for e in expected), f"the sample has at least one {cid} finding")

# account-duplicate: exactly the injected groups of account-duplicates-truth.tsv, survivor first
with open(os.path.join(sample, "account-duplicates-truth.tsv"), newline="", encoding="utf-8") as f:
    truth = {frozenset((r["a"], r["b"])) for r in csv.DictReader(f, delimiter="\t") if r["same"] == "1"}
dups = [x for x in data["findings"] if x["check"] == "account-duplicate"]
equal({frozenset([x["record"]] + x["related"]) for x in dups}, truth, "account-duplicate groups = the truth")
for x in dups:
    equal(x["fix"]["action"], "merge-accounts", "duplicates: a merge")
    equal(x["fix"]["MasterId"], x["record"], "duplicates: the survivor is the master")
    equal(sorted(x["fix"]["DuplicateId"].split(";")), sorted(x["related"]), "duplicates: the others merge into it")
    for p in x["evidence"]["pairs"]:
        check(0.85 <= p["score"] <= 1 and "name" in p["matched"], f"pair evidence {p}")
# the hand-checked Acme pair: 'Acme Corp' (21 related records) survives 'ACME Corporation' (new, no website)
acme = [x for x in dups if "Acme Corp" in x["message"]]
equal(len(acme), 1, "the Acme pair is one group")
check("ACME Corporation" in acme[0]["message"] and acme[0]["evidence"]["survivor"] == "Acme Corp",
      "Acme Corp is the survivor")
ran_stats = {c["id"]: c for c in data["checks"]}["account-duplicate"]["stats"]
check(ran_stats["candidate_pairs"] >= 1, "the candidate-pair count is reported")
# the new-account review cross-references the account's other findings
review = {x["record"]: x for x in data["findings"] if x["check"] == "account-new-review"}
equal(review[acme[0]["related"][0]]["evidence"]["other_findings"], "account-duplicate, account-missing-website",
      "the new duplicate's review entry lists its other findings")

# findings.json's shape (INTERFACE.md)
# (config: the config's identity, issue 18)
equal(list(data), ["tool", "as_of", "config", "input", "inferred", "notices", "checks", "findings", "summary", "analytics"], "top-level keys")
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

# contact-role-suggested: one importable insert per (opportunity, contact), a primary only where the
# opportunity has none and only for its most engaged suggestion
suggested = [x for x in data["findings"] if x["check"] == "contact-role-suggested"]
by_opp = {}
for x in suggested:
    f = x["fix"]
    equal([f["action"], f["OpportunityId"]], ["add-contact-role", x["record"]], "add-contact-role names the opportunity")
    equal(x["related"][0], f["ContactId"], "the suggested contact is the first related record")
    equal(f["Role"], x["evidence"]["suggested_role"], "Role from the title mapping")
    check(x["evidence"]["activities"] >= x["evidence"]["min_activities"], "enough activities")
    check(x["evidence"]["first_activity"] in x["message"] and str(x["evidence"]["activities"]) in x["message"],
          "the message gives the activity count and dates")
    by_opp.setdefault(x["record"], []).append(x)
for opp, xs in by_opp.items():
    primaries = [x for x in xs if x["fix"]["IsPrimary"]]
    check(len(primaries) <= 1, f"one primary suggestion at most on {opp}")
    for x in primaries:
        best = max(xs, key=lambda y: (y["evidence"]["activities"], y["evidence"]["last_activity"]))
        equal(x["evidence"]["activities"], best["evidence"]["activities"], "the primary is the most engaged")
lea = [x for x in suggested if x["evidence"]["contact"] == "Lea M\u00fcller"]
equal(sorted((x["evidence"]["activities"], x["evidence"]["segment"], x["evidence"]["min_activities"]) for x in lea),
      [(3, "Strategic", 3)] * 2, "three activities suffice under the Strategic override, on both open deals")
roles = {x["evidence"]["title"]: x["fix"]["Role"] for x in suggested}
equal((roles.get("Category Manager, IT"), roles.get("General Manager")), ("Procurement", "Influencer"),
      "Roles from the title mapping")
check(any(x["fix"]["IsPrimary"] for x in suggested), "a suggestion becomes the primary of a deal without one")

# stage-assessment-mismatch in both directions, naming the supported stage
assess = [x for x in data["findings"] if x["check"] == "stage-assessment-mismatch"]
equal(sorted({x["evidence"]["direction"] for x in assess}), ["ahead", "behind"], "ahead and behind")
for x in assess:
    check(x["evidence"]["supported_stage"] in x["fix"]["text"], "the fix names the supported stage")
# stage-committee-mismatch: committee size and missing roles in the evidence
for x in data["findings"]:
    if x["check"] == "stage-committee-mismatch":
        e = x["evidence"]
        check(e["committee_size"] < e["min_roles"] or e["missing_roles"], f"committee finding justified: {x['message']}")
        for role in filter(None, e["missing_roles"].split("; ")):
            check(role in x["message"], f"missing role {role} named")

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
check("read as windows-1252: Account.csv" in stdout3, "cp1252 copy: said in the summary")
equal([(x["check"], x["record"]) for x in data3["findings"]], [(x["check"], x["record"]) for x in data["findings"]],
      "cp1252 copy: the same findings")
shutil.rmtree(tmp, ignore_errors=True)
finish()

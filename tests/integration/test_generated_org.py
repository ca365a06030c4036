"""A mid-size export from scripts/gen-org (with problems injected at random
places) against gen-org's independent oracle; once as UTF-8 with every
default, once with two files in Windows-1252 and a crm-audit.ini (stages,
stage gates, a segment override) that the oracle reads too."""
import csv
import os
import re
import shutil
import subprocess
import tempfile

from common import CRM_AUDIT, SOURCE_ROOT, audit, check, equal, finish

gen = os.path.join(SOURCE_ROOT, "scripts", "gen-org")
sizes = ["--accounts", "3000", "--contacts", "15000", "--opportunities", "4500", "--contact-roles", "9000",
         "--activities", "30000", "--leads", "1500", "--users", "40", "--seed", "7"]
tmp = tempfile.mkdtemp(prefix="crm-audit-gen-")
# the checks the oracle covers (gen-org --oracle-checks); any other is not
# compared with expected-findings.tsv (account-duplicate: with its truth file)
covered = subprocess.run(["/usr/bin/python3", gen, "--oracle-checks"], check=True, capture_output=True,
                         text=True).stdout.split()
registry = re.findall(r"^\| `([a-z0-9-]+)` \|", subprocess.run([CRM_AUDIT, "checks", "--markdown"], check=True,
                      capture_output=True, text=True).stdout, re.M)
equal(sorted(set(covered) - set(registry)), [], "gen-org's oracle covers checks of the registry only")
check("account-duplicate" not in covered and len(covered) >= 30, f"the oracle covers {len(covered)} checks")
INI = """[audit]
as_of = 2026-11-20
[segments]
field = Account.Type
[check.contact-role-suggested@Strategic]
min_activities = 3
window_days = 9
[stages]
open = Prospecting;Qualification;Needs Analysis;Proposal/Price Quote;Negotiation/Review
Negotiation/Review.required_roles = Economic Buyer
[stage-gates]
Qualification = Prospecting_Score__c > 60
Needs Analysis = Discovery_Score__c >= 76
Proposal/Price Quote = Demo_Score__c > 80
"""
for name, extra in (("utf8", []), ("cp1252", ["--cp1252", "Account,Lead"])):
    d = os.path.join(tmp, name)
    if name == "cp1252":
        os.makedirs(d)
        with open(os.path.join(d, "crm-audit.ini"), "w", encoding="utf-8") as f:
            f.write(INI)
    subprocess.run(["/usr/bin/python3", gen, d, *sizes, *extra], check=True, capture_output=True)
    with open(os.path.join(d, "expected-findings.tsv"), newline="", encoding="utf-8") as f:
        expected = {tuple(r) for r in list(csv.reader(f, delimiter="\t"))[1:]}
    status, data, stdout, stderr, _ = audit(d, "--as-of", "2026-11-20")
    equal((status, stderr), (1, ""), f"{name}: exit 1 (errors), nothing on stderr")
    got = {(x["check"], x["object"], x["record"]) for x in data["findings"] if x["check"] in covered}
    missing, extra_ = sorted(expected - got), sorted(got - expected)
    equal(missing[:5], [], f"{name}: expected findings not reported ({len(missing)})")
    equal(extra_[:5], [], f"{name}: findings the oracle does not expect ({len(extra_)})")
    check(len(expected) > 100, f"{name}: a meaningful number of findings ({len(expected)})")
    for cid in ("contact-role-foreign-account", "contact-role-suggested", "stage-committee-mismatch",
                "opportunity-past-close-date", "lead-is-contact", "lead-duplicate", "opportunity-duplicate") + \
            (("stage-assessment-mismatch",) if name == "cp1252" else ()):
        check(any(e[0] == cid for e in expected), f"{name}: the oracle expects some {cid}")
    # account-duplicate against the injected twins and hard negatives, pair by pair
    with open(os.path.join(d, "account-duplicates-truth.tsv"), newline="", encoding="utf-8") as f:
        truth = list(csv.DictReader(f, delimiter="\t"))
    same = {frozenset((r["a"], r["b"])) for r in truth if r["same"] == "1"}
    apart = {frozenset((r["a"], r["b"])) for r in truth if r["same"] == "0"}
    predicted = set()
    for x in data["findings"]:
        if x["check"] == "account-duplicate":
            members = [x["record"]] + x["related"]
            predicted |= {frozenset((a, b)) for i, a in enumerate(members) for b in members[i + 1:]}
    check(len(same) >= 5 and len(apart) >= 3, f"{name}: twins and hard negatives injected ({len(same)}, {len(apart)})")
    found = len(same & predicted)
    check(found >= 0.9 * len(same), f"{name}: duplicate recall {found}/{len(same)} >= 0.90")
    equal(sorted(apart & predicted, key=sorted), [], f"{name}: no hard negative grouped")
    # every predicted pair is an injected twin (or two twins of one source)
    group = {}  # twins of twins are one company: union-find over the injected pairs
    def find(x):
        while group.setdefault(x, x) != x:
            x = group[x]
        return x
    for r in truth:
        if r["same"] == "1":
            group[find(r["a"])] = find(r["b"])
    members = {}
    for x in list(group):
        members.setdefault(find(x), []).append(x)
    true_pairs = same | {frozenset((a, b)) for g in members.values() for a in g for b in g if a != b}
    wrong = predicted - true_pairs
    check(len(wrong) <= 0.03 * max(1, len(predicted)), f"{name}: duplicate precision ({len(wrong)} wrong pairs)")
    if name == "cp1252":
        equal(data["input"]["Account"]["encoding"], "windows-1252", "cp1252: Account")
        equal(data["input"]["Contact"]["encoding"], "utf-8", "cp1252: Contact")
shutil.rmtree(tmp, ignore_errors=True)
finish()

"""The opportunity and contact-role checks with other configs than the
sample's: per-segment options of contact-role-suggested, the default stage
model and unknown stages, stage gates that are missing, malformed or name a
column the export lacks."""
import csv
import os
import re
import shutil
import tempfile

from common import FIXTURES, audit, check, equal, finish, run

sample = os.path.join(FIXTURES, "sample-org")
tmp = tempfile.mkdtemp(prefix="crm-audit-opps-")


def variant(name, ini):
    """A copy of the sample org with another crm-audit.ini."""
    d = os.path.join(tmp, name)
    shutil.copytree(sample, d)
    with open(os.path.join(d, "crm-audit.ini"), "w", encoding="utf-8") as f:
        f.write("[audit]\nas_of = 2026-11-20\n" + ini)
    return d


def suggested(data):
    return sorted((x["record"], x["related"][0], x["evidence"]["activities"]) for x in data["findings"]
                  if x["check"] == "contact-role-suggested")


_, base, _, _, _ = audit(sample)
with_override = suggested(base)
check(len(with_override) >= 4, "the sample has suggestions")

# per segment: without the Strategic override only contacts with 5 activities or more are suggested
_, data, _, _, _ = audit(variant("no-segments", ""))
without = suggested(data)
equal(without, [s for s in with_override if s[2] >= 5], "without the override: min_activities 5 everywhere")
check(len(without) < len(with_override), "the override adds suggestions")
# a stricter Strategic override removes the Strategic ones, keeps the others
_, data, _, _, _ = audit(variant("strict", "[segments]\nfield = Account.Type\n"
                                 "[check.contact-role-suggested@Strategic]\nmin_activities = 50\n"))
strict = [x for x in data["findings"] if x["check"] == "contact-role-suggested"]
check(strict and all(x["evidence"]["segment"] == "" for x in strict), "Strategic accounts need 50 activities")
# the window: one day holds fewer activities
_, data, _, _, _ = audit(variant("window", "[check.contact-role-suggested]\nwindow_days = 1\nmin_activities = 1\n"))
for x in data["findings"]:
    if x["check"] == "contact-role-suggested":
        equal((x["evidence"]["first_activity"], x["evidence"]["last_activity"]), ("2026-11-20", "2026-11-20"),
              "window_days 1: as-of only")

# no [stage-gates]: skipped with the reason; the default stage model knows Salesforce's stages
ran = {c["id"]: c for c in base["checks"]}
_, data, _, _, _ = audit(variant("defaults", ""))
ran = {c["id"]: c for c in data["checks"]}
equal((ran["stage-assessment-mismatch"]["status"], ran["stage-assessment-mismatch"].get("reason")),
      ("skipped", "no [stage-gates] configured"), "no gates: skipped with the reason")
notes = [x for x in data["findings"] if x["check"] == "stage-committee-mismatch" and x["severity"] == "info"]
equal(notes, [], "the default model knows every stage of the sample")

# a stage the model does not know: one info finding per stage name, on its lowest Id
d = variant("unknown-stage", "")
path = os.path.join(d, "Opportunity.csv")
rows = list(csv.reader(open(path, encoding="utf-8", newline="")))
h = rows[0]
renamed = [r for r in rows[1:] if r[h.index("StageName")] == "Needs Analysis" and r[h.index("IsClosed")] == "false"
           and r[h.index("IsDeleted")] == "false"]
check(len(renamed) >= 2, "the sample has open deals at Needs Analysis")
for r in renamed:
    r[h.index("StageName")] = "Discovery Call"
with open(path, "w", encoding="utf-8", newline="") as f:
    csv.writer(f, lineterminator="\n").writerows(rows)
_, data, _, _, _ = audit(d)
notes = [x for x in data["findings"] if x["check"] == "stage-committee-mismatch" and x["severity"] == "info"]
equal([(x["record"], x["evidence"]["stage"], x["evidence"]["opportunities"]) for x in notes],
      [(min(r[0][:15] for r in renamed), "Discovery Call", len(renamed))], "an unknown stage reported once")
others = {x["record"] for x in data["findings"] if x["check"] == "stage-committee-mismatch" and x["severity"] == "error"}
check(not others & {r[0][:15] for r in renamed}, "no committee finding on a stage the model does not know")
equal(data["summary"]["by_severity"]["info"],
      sum(1 for x in data["findings"] if x["severity"] == "info"), "the note counts as info")

# gates: malformed, on a stage outside the model, on a missing column
for name, ini, where in (
        ("bad-gate", "[stage-gates]\nQualification = Prospecting_Score__c >> 60\n", ":4:1: "),
        ("bad-op", "[stage-gates]\nQualification = Prospecting_Score__c ~ 60\n", ":4:1: "),
        ("gate-stage", "[stage-gates]\nQualification = Prospecting_Score__c > 60\nClosing = Demo_Score__c > 1\n",
         ":5:1: ")):
    status, stdout, stderr = run("run", variant(name, ini), "-o", os.path.join(tmp, "out-" + name), "--quiet")
    equal(status, 2, f"{name}: exit 2")
    check(re.search(r"crm-audit\.ini" + re.escape(where), stderr) is not None, f"{name}: names the line: {stderr!r}")
status, stdout, stderr = run("run", variant("gate-column", "[stage-gates]\nQualification = Score__c > 60\n"),
                                "-o", os.path.join(tmp, "out-column"), "--quiet")
equal(status, 2, "a gate on a missing column: exit 2")
check("Opportunity.csv:1:1: expected a column Score__c" in stderr, f"names the column: {stderr!r}")
# a gate on the first stage: ahead of it is every open deal without the score
status, data, _, stderr, _ = audit(variant("first-gate", "[stage-gates]\nProspecting = Prospecting_Score__c > 60\n"))
first = [x for x in data["findings"] if x["check"] == "stage-assessment-mismatch"]
check(first and all(x["evidence"]["direction"] == "ahead" and x["evidence"]["supported_stage"] == "" for x in first),
      "a failing first gate supports no stage")

shutil.rmtree(tmp, ignore_errors=True)
finish()

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

# no [stage-gates]: skipped with the reason; the stage model inferred from Probability knows every stage
ran = {c["id"]: c for c in base["checks"]}
_, data, _, _, _ = audit(variant("defaults", ""))
ran = {c["id"]: c for c in data["checks"]}
equal((ran["stage-assessment-mismatch"]["status"], ran["stage-assessment-mismatch"].get("reason")),
      ("skipped", "no [stage-gates] configured"), "no gates: skipped with the reason")
notes = [x for x in data["findings"] if x["check"] == "stage-committee-mismatch" and x["severity"] == "info"]
equal(notes, [], "the inferred model knows every stage of the sample")

# a stage the model does not know (no Probability, so the export does not place it): one info finding per
# stage name, on its lowest Id
d = variant("unknown-stage", "")
path = os.path.join(d, "Opportunity.csv")
rows = list(csv.reader(open(path, encoding="utf-8", newline="")))
h = rows[0]
renamed = [r for r in rows[1:] if r[h.index("StageName")] == "Needs Analysis" and r[h.index("IsClosed")] == "false"
           and r[h.index("IsDeleted")] == "false"]
check(len(renamed) >= 2, "the sample has open deals at Needs Analysis")
for r in renamed:
    r[h.index("StageName")] = "Discovery Call"
    r[h.index("Probability")] = ""
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

# gates: malformed, on a stage outside a configured model, on a missing column
for name, ini, where in (
        ("bad-gate", "[stage-gates]\nQualification = Prospecting_Score__c >> 60\n", ":4:1: "),
        ("bad-op", "[stage-gates]\nQualification = Prospecting_Score__c ~ 60\n", ":4:1: "),
        ("gate-stage", "[stages]\nopen = Prospecting;Qualification\n[stage-gates]\n"
         "Qualification = Prospecting_Score__c > 60\nClosing = Demo_Score__c > 1\n", ":7:1: ")):
    status, stdout, stderr = run("run", variant(name, ini), "-o", os.path.join(tmp, "out-" + name), "--quiet")
    equal(status, 2, f"{name}: exit 2")
    check(re.search(r"crm-audit\.ini" + re.escape(where), stderr) is not None, f"{name}: names the line: {stderr!r}")
# a gate on a stage the model inferred from the export lacks: a warning, the gate ignored (the inferred model
# changes with the export: a weekly run must not stop because a stage has no open deal this week)
status, data, _, stderr, _ = audit(variant("gate-inferred", "[stage-gates]\nQualification = Prospecting_Score__c > 60\n"
                                                            "Closing = Demo_Score__c > 1\n", ), "--fail-on", "never")
equal((status, stderr), (0, ""), "a gate on a stage the inferred model lacks: the run goes on")
check(any(n.startswith("[stage-gates] Closing (") and "the gate is ignored" in n for n in data["notices"]),
      f"a gate on a stage the inferred model lacks: a warning: {data['notices']}")
assessed = [x for x in data["findings"] if x["check"] == "stage-assessment-mismatch"]
check(assessed and all("Demo_Score__c" not in x["evidence"]["gate"] for x in assessed),
      "the other gate is used, the ignored one is not")
status, stdout, stderr = run("run", variant("gate-column", "[stage-gates]\nQualification = Score__c > 60\n"),
                                "-o", os.path.join(tmp, "out-column"), "--quiet")
equal(status, 2, "a gate on a missing column: exit 2")
check("Opportunity.csv:1:1: expected a column Score__c" in stderr, f"names the column: {stderr!r}")
# a gate on the first stage: ahead of it is every open deal without the score
status, data, _, stderr, _ = audit(variant("first-gate", "[stage-gates]\nProspecting = Prospecting_Score__c > 60\n"))
first = [x for x in data["findings"] if x["check"] == "stage-assessment-mismatch"]
check(first and all(x["evidence"]["direction"] == "ahead" and x["evidence"]["supported_stage"] == "" for x in first),
      "a failing first gate supports no stage")

# a hand-made export whose findings are worked out by hand
d = os.path.join(tmp, "acme")
os.mkdir(d)
A1, A2 = "001000000000001", "001000000000002"
ANA, BEN, CY, DEE, GHOST = "003000000000001", "003000000000002", "003000000000003", "003000000000004", \
    "003000000000099"
O1, O2, O3, O4, O5 = "006000000000001", "006000000000002", "006000000000003", "006000000000004", \
    "006000000000005"
files = {
    "Account.csv": f"Id,Name,Type\n{A1},Acme,Strategic\n{A2},Globex,Prospect\n",
    "Contact.csv": "Id,AccountId,FirstName,LastName,Title\n"
                   f"{ANA},{A1},Ana,Ruiz,CFO\n{BEN},{A1},Ben,Ode,\"VP, Finance & Ops\"\n"
                   f"{CY},{A1},Cy,Park,Assistant to the CFO\n{DEE},{A2},Dee,Lu,CTO\n",
    "Opportunity.csv": "Id,AccountId,Name,StageName,IsClosed,CloseDate,Prospecting_Score__c,Discovery_Score__c\n"
                       f"{O1},{A1},Acme deal,Negotiation,false,2026-11-19,70,\n"
                       f"{O2},{A1},Acme pilot,discovery,false,2026-11-20,65,85\n"
                       f"{O3},{A2},Globex won,Closed Won,true,2026-01-10,10,10\n"
                       f"{O4},{A2},Globex new,Stalled,false,,,\n"
                       f"{O5},{A2},Globex demo,Demo,false,,high,90\n",
    "OpportunityContactRole.csv": "Id,OpportunityId,ContactId,Role,IsPrimary\n"
                                  f"00K000000000001,{O1},{ANA},Economic Buyer,true\n"
                                  f"00K000000000002,{O1},{ANA},Champion,false\n"
                                  f"00K000000000003,{O1},{GHOST},Influencer,false\n"
                                  f"00K000000000004,{O1},{DEE},  ,false\n",
    "Task.csv": "Id,WhoId,WhatId,Subject,ActivityDate,CreatedDate\n" + "".join(
        f"00T0000000000{k:02d},{who},{O1},Call,{day},2026-01-01T10:00:00Z\n" for k, (who, day) in enumerate([
            (BEN, "2026-11-11"), (BEN, "2026-11-15"), (BEN, "2026-11-20"), (BEN, "2026-11-21"), (BEN, "2026-11-10"),
            (CY, "2026-11-12"), (CY, "2026-11-13"), (CY, "2026-11-14"),
            (ANA, "2026-11-16"), (ANA, "2026-11-17"), (ANA, "2026-11-18")])),
    "crm-audit.ini": "[audit]\nas_of = 2026-11-20\n[segments]\nfield = Account.Type\n"
                     "[check.contact-role-suggested@Strategic]\nmin_activities = 3\n"
                     "[stage-gates]\nDiscovery = Prospecting_Score__c > 60\nNegotiation = Discovery_Score__c >= 80\n",
}
for name, text in files.items():
    with open(os.path.join(d, name), "w", encoding="utf-8") as f:
        f.write(text)
status, data, stdout, stderr, acme_out = audit(d)
equal(stderr, "", "acme: no error")
got = {}
for x in data["findings"]:
    got.setdefault(x["check"], []).append(x)
equal([x["record"] for x in got.get("contact-role-foreign-account", [])], ["00K000000000004"],
      "acme: the contact role held by Globex's Dee")
equal([x["record"] for x in got.get("opportunity-past-close-date", [])], [O1], "acme: past close date (not on as-of)")
committee = {(x["record"], x["severity"]): x for x in got.get("stage-committee-mismatch", [])}
equal(sorted(committee), [(O1, "error"), (O4, "info")],
      "acme: committees and the unknown stage (the deals without any contact role are not among them)")
equal(sorted(x["record"] for x in got.get("opportunity-missing-contact-roles", [])), [O2, O4, O5],
      "acme: one cause, one finding: a deal with no contact role is opportunity-missing-contact-roles'")
e = committee[(O1, "error")]["evidence"]
equal((e["committee_size"], e["min_roles"], e["missing_roles"]), (2, 3, ""),
      "acme: Ana twice counts once, the Id not in the export counts, a blank Role does not")
# without opportunity-missing-contact-roles, the committee check reports the deals without roles itself
_, skipped, _, _, _ = audit(d, "--skip", "opportunity-missing-contact-roles")
committee2 = {(x["record"], x["severity"]): x for x in skipped["findings"] if x["check"] == "stage-committee-mismatch"}
equal(sorted(committee2), [(O1, "error"), (O2, "error"), (O4, "info"), (O5, "error")],
      "acme: opportunity-missing-contact-roles skipped: the committee check reports the deals without roles")
equal(committee2[(O2, "error")]["message"],
      "open opportunity 'Acme pilot' at stage Discovery has no buying committee; the stage needs 1",
      "acme: stage names match case-insensitively")
equal(committee[(O4, "info")]["evidence"]["stage"], "Stalled", "acme: the unknown stage")
assess = {x["record"]: x["evidence"] for x in got.get("stage-assessment-mismatch", [])}
equal(sorted(assess), [O1, O2, O5], "acme: assessments")
equal((assess[O5]["direction"], assess[O5]["supported_stage"]), ("ahead", "Prospecting"),
      "acme: an unreadable score fails its gate")
check(any("Prospecting_Score__c is 'high', not a number" in x["message"] for x in got["stage-assessment-mismatch"]),
      "acme: the unreadable score quoted")
equal((assess[O1]["direction"], assess[O1]["supported_stage"], assess[O1]["value"]), ("ahead", "Demo", None),
      "acme: a blank score fails the gate; the scores support the stage before it")
equal((assess[O2]["direction"], assess[O2]["supported_stage"]), ("behind", "Negotiation"),
      "acme: scores that pass a later gate")
sugg = sorted((x["record"], x["fix"]["ContactId"], x["fix"]["Role"], x["fix"]["IsPrimary"], x["evidence"]["activities"])
              for x in got.get("contact-role-suggested", []))
equal(sugg, [(O1, BEN, "Economic Buyer", False, 3), (O1, CY, "", False, 3),
             (O2, ANA, "Economic Buyer", False, 3), (O2, BEN, "Economic Buyer", True, 3), (O2, CY, "", False, 3)],
      "acme: suggestions (window ends at as-of, excludes the day before it starts and the future; the latest of "
      "equally engaged contacts is the primary of the deal without one; a role holder is not suggested)")
ben = [x for x in got["contact-role-suggested"] if x["fix"]["ContactId"] == BEN][0]
equal((ben["evidence"]["first_activity"], ben["evidence"]["last_activity"], ben["evidence"]["seniority"]),
      ("2026-11-11", "2026-11-20", "VP"), "acme: activity dates and seniority")
check("3 activities between 2026-11-11 and 2026-11-20" in ben["message"], "acme: the message gives count and dates")
rows = list(csv.reader(open(os.path.join(acme_out, "fixes", "contact-roles-to-insert.csv"), encoding="utf-8")))
equal(rows[0][:4], ["OpportunityId", "ContactId", "Role", "IsPrimary"], "acme: contact-roles-to-insert.csv header")
equal(len(rows) - 1, 5, "acme: one insert per suggestion")

# Languages: the sample with its contact roles named in Spanish and Russian and its
# titles in seven languages gives the same committee, primary and suggestion findings
# (roles compared as the standard roles; titles mapped to the same buying roles)
ROLE_NAMES = {"Economic Buyer": ("Comprador económico", "Экономический покупатель"),
              "Champion": ("Patrocinador", "Сторонник"),
              "Decision Maker": ("Tomador de decisión", "Лицо, принимающее решение"),
              "Technical Buyer": ("Comprador técnico", "Технический покупатель"),
              "Influencer": ("Influenciador", "Влияющее лицо"),
              "Evaluator": ("Evaluador", "Оценщик"),
              "Business User": ("Usuario empresarial", "Бизнес-пользователь"),
              "Procurement": ("Compras", "Закупки"),
              "Legal": ("Jurídico", "Юрист")}
TITLES = {"CFO": "Director Financiero", "VP Finance": "Финансовый директор", "VP, Finance": "Diretor Financeiro",
          "CEO": "المدير التنفيذي", "Managing Director": "Geschäftsführer", "President": "Amministratore delegato",
          "Procurement Manager": "Gerente de Compras", "Head of Purchasing": "Responsabile Acquisti",
          "Strategic Sourcing Lead": "مدير المشتريات", "IT Director": "Directeur informatique",
          "Head of IT": "ИТ-директор", "Solutions Architect": "Arquitecto de Soluciones",
          "Director of Sales": "Directeur commercial", "Head of Operations": "Jefe de Operaciones",
          "General Counsel": "Abogado", "Legal Counsel": "Юрист"}
lang = os.path.join(tmp, "languages")
shutil.copytree(sample, lang)
for name, translate in (("OpportunityContactRole.csv", lambda row, i: ROLE_NAMES[row["Role"]][i % 2]
                         if row["Role"] in ROLE_NAMES else row["Role"]),
                        ("Contact.csv", lambda row, i: TITLES.get(row["Title"], row["Title"]))):
    path = os.path.join(lang, name)
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        fields, rows = reader.fieldnames, list(reader)
    column = "Role" if name.startswith("Opp") else "Title"
    for i, row in enumerate(rows):
        row[column] = translate(row, i)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields, quoting=csv.QUOTE_ALL)
        w.writeheader()
        w.writerows(rows)
_, translated, _, _, _ = audit(lang)
_, english, _, _, _ = audit(sample)


def role_findings(data):
    # the fix names a candidate with the title, which is translated: the candidate without it
    keep = {"stage-committee-mismatch": lambda x: (x["evidence"].get("missing_roles"),
                                                   re.sub(r" \([^)]*\)", "", x["fix"].get("text", ""))),
            "opportunity-no-primary-contact": lambda x: (x["fix"].get("Id"), x["evidence"]["suggested_contact_id"]),
            "contact-role-missing-role": lambda x: x["fix"].get("Role"),
            "contact-role-suggested": lambda x: (x["fix"]["ContactId"], x["fix"]["Role"])}
    return sorted((x["check"], x["record"], repr(keep[x["check"]](x))) for x in data["findings"] if x["check"] in keep)


got, want = role_findings(translated), role_findings(english)
check(len(want) > 20, "languages: the sample has committee, primary and role findings")
equal(got, want, "languages: Spanish and Russian role names and titles in seven languages give the English findings")
equal(translated["analytics"]["win_loss"]["roles"], english["analytics"]["win_loss"]["roles"],
      "languages: win-loss shows the standard roles")
equal(translated["analytics"]["win_loss"]["won"]["roles"], english["analytics"]["win_loss"]["won"]["roles"],
      "languages: win-loss counts the roles of won deals as in English")
# [role-names]: the org's own name for a role; without it the role is nobody's Champion
with open(os.path.join(lang, "OpportunityContactRole.csv"), encoding="utf-8") as f:
    text = f.read()
with open(os.path.join(lang, "OpportunityContactRole.csv"), "w", encoding="utf-8") as f:
    f.write(text.replace('"Patrocinador"', '"Padrino"').replace('"Сторонник"', '"Padrino"'))
_, padrino, _, _, _ = audit(lang)
check(role_findings(padrino) != want, "languages: an unknown role name is no Champion")
with open(os.path.join(lang, "crm-audit.ini"), "a", encoding="utf-8") as f:
    f.write("\n[role-names]\nChampion = Padrino\n")
_, padrino, _, _, _ = audit(lang)
equal(role_findings(padrino), want, "languages: [role-names] Champion = Padrino")

shutil.rmtree(tmp, ignore_errors=True)
finish()

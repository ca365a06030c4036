"""Issue 13: what a run infers from the export instead of being told (the
as-of date, the stage model), and what it does when a column is missing (the
checks that need it are skipped; without IsPrimary the primary is unknown).
Every export here is written by the test; the figures are worked out by hand."""
import csv
import datetime
import os
import shutil
import tempfile

import openpyxl

from common import audit, check, equal, finish

tmp = tempfile.mkdtemp(prefix="crm-audit-infer-")


def write(d, files):
    os.makedirs(d, exist_ok=True)
    for name, text in files.items():
        with open(os.path.join(d, name), "w", encoding="utf-8") as f:
            f.write(text)


def inferred(data, what):
    return [x for x in data["inferred"] if x["what"] == what]


def status_of(data, cid):
    c = [x for x in data["checks"] if x["id"] == cid][0]
    return c["status"], c.get("reason")


A1 = "001000000000001"
C1, C2 = "003000000000001", "003000000000002"
O1, O2 = "006000000000001", "006000000000002"

# ---- no IsPrimary column; as-of from the newest timestamp ----
# The newest timestamp is Contact C2's LastModifiedDate 2024-05-01 (written
# with an offset); Opportunity's SystemModstamp 2024-04-30 is older; Task
# CreatedDate 2024-04-20. C2 had 5 activities from 2024-04-22 to 2024-04-30:
# within the 10 days up to the inferred as-of, not within the 10 days up to
# today's date, so contact-role-suggested proposes C2 on O1 only when as-of
# is inferred.
export = os.path.join(tmp, "no-primary")
files = {
    "Account.csv": "Id,Name,Website,CreatedDate,LastModifiedDate\n"
                   f"{A1},Acme,acme.com,2023-01-05T08:00:00.000+0000,2024-03-02T10:00:00.000+0000\n",
    "Contact.csv": "Id,AccountId,FirstName,LastName,Title,Email,CreatedDate,LastModifiedDate\n"
                   f"{C1},{A1},Ana,Ruiz,CFO,ana@acme.com,2023-02-01T09:00:00.000+0000,2024-02-01T09:00:00.000+0000\n"
                   f"{C2},{A1},Ben,Ode,CTO,ben@acme.com,2023-02-01T09:00:00.000+0000,2024-05-01T09:42:24.000+0000\n",
    "Opportunity.csv": "Id,AccountId,Name,StageName,IsClosed,IsWon,CloseDate,SystemModstamp\n"
                       f"{O1},{A1},Acme deal,Prospecting,false,false,2024-09-30,2024-04-30 12:00:00\n"
                       f"{O2},{A1},Acme pilot,Prospecting,false,false,2024-09-30,2024-04-29 12:00:00\n",
    "OpportunityContactRole.csv": "Id,OpportunityId,ContactId,Role\n"
                                  f"00K000000000001,{O1},{C1},Economic Buyer\n",
    "Task.csv": "Id,WhoId,WhatId,Subject,ActivityDate,CreatedDate\n" + "".join(
        f"00T00000000000{k},{C2},{O2},Call,2024-04-{day},2024-04-20T10:00:00.000+0000\n"
        for k, day in enumerate(["22", "24", "26", "28", "30"])),
}
write(export, files)
status, data, stdout, stderr, out = audit(export, "--fail-on", "never")
equal((status, stderr), (0, ""), "no IsPrimary column: the run goes on")
equal(data["as_of"], "2024-05-01", "as-of: the newest timestamp of the export, not today")
equal(inferred(data, "as-of"), [{"what": "as-of", "value": "2024-05-01",
                                 "from": "the newest LastModifiedDate (Contact.csv)",
                                 "override": "--as-of or [audit] as_of"}], "as-of: recorded as inferred")
check("  inferred: as-of = 2024-05-01, from the newest LastModifiedDate (Contact.csv) (override: --as-of or "
      "[audit] as_of)\n" in stdout, f"as-of: said in the summary: {stdout}")
equal(status_of(data, "opportunity-no-primary-contact"),
      ("skipped", "OpportunityContactRole.csv has no IsPrimary column"), "no IsPrimary: the check is skipped")
check(" OpportunityContactRole.csv has no IsPrimary column: opportunity-no-primary-contact\n" in stdout,
      f"no IsPrimary: the summary says why: {stdout}")
check(stdout.index("skipped:") < stdout.index("findings:"), "skipped checks are at the top of the summary")
cov = data["analytics"]["coverage"]
equal((cov["open"], cov["with_contact_role"], cov["with_primary"], cov["with_primary_share"],
       cov["with_primary_unknown"]), (2, 1, None, None, "no IsPrimary column"),
      "coverage: the share with a primary is unknown (null), not 0")
equal([(x["stage"], x["with_primary"], x["with_primary_share"]) for x in cov["by_stage"]],
      [("Prospecting", None, None)], "coverage per stage: unknown too")
html = open(os.path.join(out, "report.html"), encoding="utf-8").read()
check("unknown (no IsPrimary column)" in html and "0%</strong> a primary" not in html,
      "HTML: the share with a primary is unknown")
check("OpportunityContactRole.csv has no IsPrimary column" in html, "HTML: the skipped check and its reason")
wb = openpyxl.load_workbook(os.path.join(out, "report.xlsx"))
cells = [c for row in wb["Coverage"].iter_rows(values_only=True) for c in row]
check("unknown (no IsPrimary column)" in cells, f"XLSX Coverage: unknown: {cells[:20]}")
everywhere = [c for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)]
check(any("OpportunityContactRole.csv has no IsPrimary column" in c for c in everywhere),
      "XLSX: the skipped check and its reason")
check("the newest LastModifiedDate (Contact.csv)" in everywhere and "the newest LastModifiedDate (Contact.csv)" in html,
      "XLSX and HTML: the inferred as-of and where it came from")
sugg = [x for x in data["findings"] if x["check"] == "contact-role-suggested"]
equal([(x["record"], x["fix"]["ContactId"], x["fix"]["IsPrimary"]) for x in sugg], [(O1, C2, False), (O2, C2, False)],
      "no IsPrimary: a suggestion never sets IsPrimary true (O2 has no role at all, O1 has one: both unknown)")
check(all("primary" not in x["fix"]["text"] for x in sugg), "no IsPrimary: the fix does not say 'as the primary'")
rows = list(csv.DictReader(open(os.path.join(out, "fixes", "contact-roles-to-insert.csv"), encoding="utf-8")))
equal(sorted((r["OpportunityId"], r["IsPrimary"]) for r in rows), [(O1, "false"), (O2, "false")],
      "contact-roles-to-insert.csv: IsPrimary false on every row")

# the same export with an IsPrimary column: the most engaged suggestion of a deal without a primary is primary
with_primary = os.path.join(tmp, "with-primary")
write(with_primary, dict(files, **{"OpportunityContactRole.csv": "Id,OpportunityId,ContactId,Role,IsPrimary\n"
                                   f"00K000000000001,{O1},{C1},Economic Buyer,false\n"}))
_, data2, _, _, _ = audit(with_primary, "--fail-on", "never")
equal(sorted((x["record"], x["fix"]["IsPrimary"]) for x in data2["findings"] if x["check"] == "contact-role-suggested"),
      [(O1, True), (O2, True)], "with IsPrimary: the suggestion is primary where no role is")
equal((data2["analytics"]["coverage"]["with_primary"], data2["analytics"]["coverage"]["with_primary_share"]),
      (0, 0.0), "with IsPrimary: 0 with a primary is 0")
check("with_primary_unknown" not in data2["analytics"]["coverage"], "with IsPrimary: not unknown")

# ---- as-of: an explicit as-of long after the export is a warning ----
_, late, _, _, _ = audit(export, "--as-of", "2024-08-01", "--fail-on", "never")
equal(late["as_of"], "2024-08-01", "--as-of wins")
equal(inferred(late, "as-of"), [], "--as-of: nothing inferred")
equal(late["notices"], ["as-of 2024-08-01 (--as-of) is 92 days after the newest record of the export (2024-05-01, "
                        "LastModifiedDate in Contact.csv): every rule on time (stale, stagnant, engaged, the win-loss "
                        "period) reads the data as that much older; is the export that old?"],
      "--as-of 92 days after the newest record: a warning")
_, near, _, _, _ = audit(export, "--as-of", "2024-06-30", "--fail-on", "never")
equal(near["notices"], [], "--as-of 60 days after the newest record: no warning")
write(os.path.join(tmp, "late-config"), dict(files, **{"crm-audit.ini": "[audit]\nas_of = 2024-07-01\n"}))
_, cfg, _, _, _ = audit(os.path.join(tmp, "late-config"), "--fail-on", "never")
check(len(cfg["notices"]) == 1 and cfg["notices"][0].startswith("as-of 2024-07-01 ([audit] as_of) is 61 days after"),
      f"[audit] as_of 61 days after: a warning: {cfg['notices']}")

# ---- as-of: absurd timestamps are left out ----
# one timestamp in the future (no export can hold it)
future = os.path.join(tmp, "future")
write(future, dict(files, **{"Account.csv": files["Account.csv"] +
                             "001000000000002,Globex,globex.com,2099-01-01T00:00:00.000+0000,\n"}))
_, fut, _, _, _ = audit(future, "--fail-on", "never")
equal(fut["as_of"], "2024-05-01", "a future CreatedDate is not the as-of")
equal(fut["notices"], ["1 timestamp left out of the as-of, the newest 2099-01-01 (CreatedDate in Account.csv): "
                       "after today, which no export can hold"], "the future timestamp: said")
# among 131 timestamps, one a year and a half after all the others (a mistyped year)
gap = os.path.join(tmp, "gap")
accounts = "Id,Name,CreatedDate\n" + "".join(
    f"001000000001{k:03d},Shop {k},2024-0{1 + k % 4}-{1 + k % 28:02d}T10:00:00.000+0000\n" for k in range(120))
accounts += "001000000000999,Typo,2025-11-01T10:00:00.000+0000\n"
write(gap, dict(files, **{"Account.csv": accounts}))
_, g, _, _, _ = audit(gap, "--fail-on", "never")
equal(g["as_of"], "2024-05-01", "a timestamp more than a year after the others is not the as-of")
equal(g["notices"], ["1 timestamp left out of the as-of, the newest 2025-11-01 (CreatedDate in Account.csv): more "
                     "than a year after the rest of the export"], "the mistyped year: said")
# ... but in a small export (fewer than 100 timestamps) the newest counts, however far
small = os.path.join(tmp, "small")
write(small, {"Account.csv": "Id,Name,CreatedDate\n001000000000001,Acme,2020-01-01T00:00:00Z\n"
                             "001000000000002,Globex,2023-03-04 00:00:00\n"})
_, sm, _, _, _ = audit(small, "--fail-on", "never")
equal((sm["as_of"], [n for n in sm["notices"] if not n.startswith("activities:")]), ("2023-03-04", []),
      "small export: the newest timestamp")

# ---- as-of: no timestamp at all: today, and said ----
none = os.path.join(tmp, "no-timestamps")
write(none, {"Account.csv": f"Id,Name,Website\n{A1},Acme,acme.com\n"})
_, nt, stdout, _, _ = audit(none, "--fail-on", "never")
today = datetime.date.today().isoformat()
equal(nt["as_of"], today, "no timestamp: today")
equal(inferred(nt, "as-of"), [{"what": "as-of", "value": today,
                               "from": "today: the export has no SystemModstamp, LastModifiedDate or CreatedDate",
                               "override": "--as-of or [audit] as_of"}], "no timestamp: today, and said")

# ---- the stage model inferred from the export: Spanish stages, no config ----
# StageSortOrder 1-5 are open (IsClosed false), 6 and 7 closed (won, lost).
# Committee minimums by position: Prospección 0, Calificación 1, Propuesta 2,
# Negociación 3, Revisión 4 and (the last open stage) an Economic Buyer and a
# Champion. By hand:
#   S1 Prospección, no role        -> opportunity-missing-contact-roles only
#   S2 Calificación, 1 member      -> fine (needs 1)
#   S3 Propuesta, 1 member         -> committee of 1, needs 2
#   S4 NEGOCIACION (written so), 3 -> fine (needs 3): the same stage as Negociación
#   S5 Revisión, 4 members, EB but no Champion -> no Champion
#   S6 Negociación, no role        -> opportunity-missing-contact-roles only (one cause, one finding)
#   S7 Closed Won, S8 Closed Lost  -> closed
#   S9 Propuesta, IsClosed blank, 1 member -> open by its stage: committee of 1, needs 2
#   S10 Closed Won, IsClosed and IsWon blank -> closed and won by its stage (win-loss counts it)
#   S11 Negociación, 3 members     -> fine; the stage is named as most deals write it
people = [f"0030000000001{k:02d}" for k in range(6)]
stages = [("S1", "Prospección", 1, 10, "false", "false", []),
          ("S2", "Calificación", 2, 20, "false", "false", [(0, "Influencer")]),
          ("S3", "Propuesta", 3, 50, "false", "false", [(0, "Influencer")]),
          ("S4", "NEGOCIACION", 4, 70, "false", "false", [(0, "Influencer"), (1, "Economic Buyer"), (2, "Evaluator")]),
          ("S5", "Revisión", 5, 90, "false", "false",
           [(0, "Economic Buyer"), (1, "Influencer"), (2, "Influencer"), (3, "Evaluator")]),
          ("S6", "Negociación", 4, 70, "false", "false", []),
          ("S7", "Closed Won", 6, 100, "true", "true", [(0, "Economic Buyer")]),
          ("S8", "Closed Lost", 7, 0, "true", "false", [(1, "Influencer")]),
          ("S9", "Propuesta", 3, 50, "", "", [(4, "Influencer")]),
          ("S10", "Closed Won", 6, 100, "", "", [(5, "Champion")]),
          ("S11", "Negociación", 4, 70, "false", "false", [(3, "Influencer"), (4, "Champion"), (5, "Evaluator")])]
opp_id = {name: f"0060000000001{k:02d}" for k, (name, *_rest) in enumerate(stages)}
spanish = {
    "Account.csv": f"Id,Name,Website,LastModifiedDate\n{A1},Acme,acme.com,2024-05-01T00:00:00.000+0000\n",
    "Contact.csv": "Id,AccountId,LastName,Title\n" + "".join(f"{c},{A1},P{k},\n" for k, c in enumerate(people)),
    "Opportunity.csv": "Id,AccountId,Name,StageName,StageSortOrder,Probability,IsClosed,IsWon,CloseDate\n" + "".join(
        f"{opp_id[n]},{A1},Deal {n},{st},{so},{p},{cl},{won},2024-04-15\n" for n, st, so, p, cl, won, _ in stages),
    "OpportunityContactRole.csv": "Id,OpportunityId,ContactId,Role,IsPrimary\n" + "".join(
        f"00K00000000{k:02d}{j},{opp_id[n]},{people[c]},{role},false\n"
        for k, (n, *_r, roles) in enumerate(stages) for j, (c, role) in enumerate(roles)),
}
es = os.path.join(tmp, "spanish")
write(es, spanish)
status, data, stdout, stderr, _ = audit(es, "--fail-on", "never")
equal((status, stderr), (0, ""), "Spanish stages: the run goes on")
equal(inferred(data, "stage model"), [{
    "what": "stage model",
    "value": "Prospección < Calificación < Propuesta < Negociación < Revisión; won: Closed Won; lost: Closed Lost",
    "from": "StageSortOrder of 11 opportunities; open, won and lost from IsClosed and IsWon",
    "override": "[stages] open"}], "the stage model inferred from StageSortOrder")
check("  inferred: stage model = Prospección < Calificación < Propuesta < Negociación < Revisión; won: Closed Won; "
      "lost: Closed Lost, from StageSortOrder of 11 opportunities" in stdout, f"the stage model in the summary: {stdout}")


def committee(data):
    return {x["record"]: x for x in data["findings"] if x["check"] == "stage-committee-mismatch"}


com = committee(data)
equal(sorted(com), sorted([opp_id["S3"], opp_id["S5"], opp_id["S9"]]), "Spanish stages: the committee findings")
equal((com[opp_id["S3"]]["evidence"]["committee_size"], com[opp_id["S3"]]["evidence"]["min_roles"]), (1, 2),
      "Propuesta (3rd open stage) needs 2")
equal(com[opp_id["S5"]]["message"], "open opportunity 'Deal S5' at stage Revisión has no Champion among its 4 committee "
      "members", "Revisión (the last open stage) needs an Economic Buyer and a Champion")
equal(com[opp_id["S5"]]["evidence"]["min_roles"], 4, "Revisión (5th open stage) needs 4")
equal(sorted(x["record"] for x in data["findings"] if x["check"] == "opportunity-missing-contact-roles"),
      sorted([opp_id["S1"], opp_id["S6"]]), "the deals without roles: opportunity-missing-contact-roles")
equal((data["analytics"]["win_loss"]["won"]["deals"], data["analytics"]["win_loss"]["lost"]["deals"]), (2, 1),
      "win-loss: Closed Won without IsClosed and IsWon counts as won")
equal([x["stage"] for x in data["analytics"]["coverage"]["by_stage"]],
      ["Prospección", "Calificación", "Propuesta", "Negociación", "Revisión"],
      "coverage per stage: in the inferred order, NEGOCIACION counted as Negociación")

# won and lost stages whose names do not say so: by the IsClosed and IsWon of most of their deals
ganada = dict(spanish)
ganada["Opportunity.csv"] = (spanish["Opportunity.csv"].replace("Closed Won", "Ganada").replace("Closed Lost", "Perdida")
                             + f"006000000000201,{A1},Deal G,Ganada,6,100,,,2024-04-16\n"
                             f"006000000000202,{A1},Deal P,Perdida,7,0,,,2024-04-16\n")
write(os.path.join(tmp, "ganada"), ganada)
_, data, _, _, _ = audit(os.path.join(tmp, "ganada"), "--fail-on", "never")
equal(inferred(data, "stage model")[0]["value"].split("; ", 1)[1], "won: Ganada; lost: Perdida",
      "won and lost stages from IsClosed and IsWon")
equal((data["analytics"]["win_loss"]["won"]["deals"], data["analytics"]["win_loss"]["lost"]["deals"]), (3, 2),
      "win-loss: a deal at Ganada or Perdida without IsClosed and IsWon is won or lost by its stage (S7, S10, G; S8, P)")
check("006000000000202" not in {x["record"] for x in data["findings"]},
      "a deal at Perdida without IsClosed is closed (not an open deal without contact roles)")

# a setting for an inferred stage applies; one for a stage the inferred model lacks is a warning
write(es, dict(spanish, **{"crm-audit.ini": "[stages]\nrevision.min_roles = 5\nCierre.min_roles = 2\n"}))
_, data, _, stderr, _ = audit(es, "--fail-on", "never")
equal(committee(data)[opp_id["S5"]]["evidence"]["min_roles"], 5, "[stages] revision.min_roles: accents ignored")
check(any(n.startswith("[stages] Cierre.* (") and "the setting is ignored" in n for n in data["notices"]),
      f"a setting on a stage the inferred model lacks: a warning: {data['notices']}")
# [stages] open wins; a configured stage that matches no opportunity is a warning (accents ignored)
write(es, dict(spanish, **{"crm-audit.ini": "[stages]\nopen = Prospeccion;CALIFICACIÓN;Propuesta;Negociación;"
                                            "Revisión;Cierre\n"}))
_, data, _, _, _ = audit(es, "--fail-on", "never")
equal(inferred(data, "stage model"), [], "[stages] open: nothing inferred")
equal([n for n in data["notices"] if "matches no opportunity" in n],
      ["stage 'Cierre' ([stages] open) matches no opportunity of Opportunity.csv: a typo, or a stage written "
       "differently in the export?"], "a configured stage that matches no opportunity: a warning")
equal(sorted(committee(data)), sorted([opp_id["S3"], opp_id["S9"]]),
      "[stages] open: Revisión needs 4 and no role (configured models require only what they say)")

# without StageSortOrder: the median Probability per stage
no_sort = {k: v for k, v in spanish.items()}
no_sort["Opportunity.csv"] = "Id,AccountId,Name,StageName,Probability,IsClosed,IsWon,CloseDate\n" + "".join(
    f"{opp_id[n]},{A1},Deal {n},{st},{p},{cl},{won},2024-04-15\n" for n, st, so, p, cl, won, _ in stages)
write(os.path.join(tmp, "probability"), no_sort)
_, data, _, _, _ = audit(os.path.join(tmp, "probability"), "--fail-on", "never")
equal([(x["value"].split(";")[0], x["from"]) for x in inferred(data, "stage model")],
      [("Prospección < Calificación < Propuesta < Negociación < Revisión",
        "the median Probability per stage of 11 opportunities; open, won and lost from IsClosed and IsWon")],
      "the stage model from the median Probability")
equal(sorted(committee(data)), sorted([opp_id["S3"], opp_id["S5"], opp_id["S9"]]), "Probability: the same findings")

# without StageSortOrder and Probability: OpportunityStage.csv (an inactive stage nobody uses is left out)
picklist = dict(no_sort)
picklist["Opportunity.csv"] = "Id,AccountId,Name,StageName,CloseDate\n" + "".join(
    f"{opp_id[n]},{A1},Deal {n},{st},2024-04-15\n" for n, st, *_ in stages)
picklist["OpportunityStage.csv"] = (
    "Id,MasterLabel,ApiName,SortOrder,IsClosed,IsWon,DefaultProbability,IsActive\n"
    "01J000000000001,Prospección,Prospeccion,1,false,false,10,true\n"
    "01J000000000002,Calificación,Calificacion,2,false,false,20,true\n"
    "01J000000000009,Obsoleta,Obsoleta,3,false,false,30,false\n"
    "01J000000000003,Propuesta,Propuesta,4,false,false,50,true\n"
    "01J000000000004,Negociación,Negociacion,5,false,false,70,true\n"
    "01J000000000005,Revisión,Revision,6,false,false,90,true\n"
    "01J000000000006,Closed Won,Closed Won,7,true,true,100,true\n"
    "01J000000000007,Closed Lost,Closed Lost,8,true,false,0,true\n")
write(os.path.join(tmp, "picklist"), picklist)
_, data, _, _, _ = audit(os.path.join(tmp, "picklist"), "--fail-on", "never")
equal([(x["value"], x["from"]) for x in inferred(data, "stage model")],
      [("Prospección < Calificación < Propuesta < Negociación < Revisión; won: Closed Won; lost: Closed Lost",
        "SortOrder of 5 open stages in OpportunityStage.csv")], "the stage model from OpportunityStage.csv")
equal(sorted(committee(data)), sorted([opp_id["S3"], opp_id["S5"], opp_id["S9"]]),
      "OpportunityStage.csv: the same findings (every deal open or closed by its stage)")

# Probability that says nothing (0 on open stages): no model inferred, the default one, the stages unknown
flat = dict(no_sort)
flat["Opportunity.csv"] = no_sort["Opportunity.csv"].replace(",10,false", ",0,false").replace(",20,false", ",0,false")
write(os.path.join(tmp, "flat"), flat)
_, data, _, _, _ = audit(os.path.join(tmp, "flat"), "--fail-on", "never")
equal([(x["value"], x["from"]) for x in inferred(data, "stage model")],
      [("the default (Salesforce's standard stage names, in their order)", "no stage order in the export (no "
        "StageSortOrder or OpportunityStage.csv; an open stage at 0% or 100% Probability)")],
      "Probability 0 on an open stage: not a stage order; the default model, and why")
equal(sorted(x["evidence"]["stage"] for x in data["findings"]
             if x["check"] == "stage-committee-mismatch" and x["severity"] == "info"),
      ["Calificación", "NEGOCIACION", "Propuesta", "Prospección", "Revisión"],
      "the default model does not know the Spanish stages: one note each (named as first written)")

shutil.rmtree(tmp, ignore_errors=True)
finish()

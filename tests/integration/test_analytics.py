"""analytics.coverage and analytics.win_loss on a small export built for it.

Every expected number below is worked out by hand from the rows, as the
comments show; none is copied from the program."""
import os
import tempfile

from common import audit, check, equal, finish

tmp = tempfile.mkdtemp(prefix="crm-audit-analytics-")
d = os.path.join(tmp, "export")
os.mkdir(d)


def write(name, text):
    with open(os.path.join(d, name), "w", encoding="utf-8", newline="") as f:
        f.write(text)


A, B = "001000000000A01", "001000000000B01"
U1, U2 = "005000000000U01", "005000000000U02"
C = {k: "003000000000C%02d" % k for k in range(1, 7)}
write("crm-audit.ini", "[audit]\nas_of = 2026-11-20\n[segments]\nfield = Type\n"
      "[check.contact-role-suggested@Strategic]\nmin_activities = 3\n")
write("User.csv", f"Id,Name,IsActive\n{U1},Una Owner,true\n{U2},Vic Owner,true\n")
write("Account.csv", "Id,Name,Type,Website,BillingCity,BillingCountry,OwnerId\n"
      f"{A},Alpha,Strategic,alpha.com,Oslo,Norway,{U1}\n{B},Beta,Mid,beta.com,Bergen,Norway,{U2}\n")
write("Contact.csv", "Id,AccountId,FirstName,LastName,Title,Email,OwnerId\n"
      f"{C[1]},{A},Cara,One,Chief Financial Officer,c1@alpha.com,{U1}\n"   # C-level
      f"{C[2]},{A},Cato,Two,IT Director,c2@alpha.com,{U1}\n"               # Director
      f"{C[3]},{A},Cleo,Three,Procurement Manager,c3@alpha.com,{U1}\n"     # Manager
      f"{C[4]},{B},Cody,Four,Software Engineer,c4@beta.com,{U2}\n"         # individual contributor
      f"{C[5]},{B},Cruz,Five,VP Sales,c5@beta.com,{U2}\n"                  # VP
      f"{C[6]},{B},Cyd,Six,,c6@beta.com,{U2}\n")                           # no title
write("Opportunity.csv", "Id,AccountId,Name,StageName,CloseDate,IsClosed,IsWon,OwnerId\n"
      f"006000000000O01,{A},O1,Prospecting,2026-12-31,false,false,{U1}\n"
      f"006000000000O02,{A},O2,Prospecting,2026-12-31,false,false,{U2}\n"
      f"006000000000O03,{B},O3,Negotiation,2026-12-31,false,false,{U1}\n"
      f"006000000000W01,{A},W1,Closed Won,2026-06-30,true,true,{U1}\n"
      f"006000000000W02,{B},W2,Closed Won,2026-09-15,true,true,{U2}\n"
      f"006000000000L01,{B},L1,Closed Lost,2026-03-10,true,false,{U2}\n"
      f"006000000000L02,{A},L2,Closed Lost,2026-10-01,true,false,{U1}\n"
      f"006000000000X01,{A},X1,Closed Won,2025-01-01,true,true,{U1}\n"       # before the period
      f"006000000000Y01,{A},Y1,Closed Lost,2026-02-30,true,false,{U1}\n")    # no such day: left out, and said
write("OpportunityContactRole.csv", "Id,OpportunityId,ContactId,Role,IsPrimary\n"
      f"00K000000000001,006000000000O01,{C[1]},Economic Buyer,true\n"
      f"00K000000000002,006000000000O01,{C[2]},Technical Buyer,false\n"
      f"00K000000000003,006000000000O02,{C[3]},,false\n"
      f"00K000000000004,006000000000W01,{C[1]},Economic Buyer,true\n"
      f"00K000000000005,006000000000W01,{C[2]},Technical Buyer,false\n"
      f"00K000000000006,006000000000W01,{C[3]},Procurement,false\n"
      f"00K000000000007,006000000000W02,{C[5]},Champion,true\n"
      f"00K000000000008,006000000000W02,{C[4]},Technical Buyer,false\n"
      f"00K000000000009,006000000000L01,{C[4]},Technical Buyer,true\n"
      f"00K000000000010,006000000000L02,{C[6]},Champion,true\n"
      f"00K000000000011,006000000000L02,{C[2]},,false\n"
      f"00K000000000012,006000000000X01,{C[5]},Economic Buyer,true\n")
write("Task.csv", "Id,WhoId,WhatId,Subject,ActivityDate\n"
      f"00T000000000001,{C[1]},,Call,2026-06-01\n"   # within W1's 90 days (2026-04-01..06-30)
      f"00T000000000002,{C[1]},,Call,2026-01-15\n"   # before them
      f"00T000000000003,{C[2]},,Call,2026-06-29\n"   # within W1's
      f"00T000000000004,{C[4]},,Call,2026-03-01\n"   # within L1's (2025-12-10..2026-03-10)
      f"00T000000000005,{C[4]},,Call,2026-09-01\n"   # within W2's (2026-06-17..09-15)
      f"00T000000000006,{C[6]},,Call,2026-09-20\n")  # within L2's (2026-07-03..10-01)

status, data, stdout, stderr, out = audit(d, "--format", "json", "--fail-on", "never")
equal((status, stderr), (0, ""), "the export audits")
cov = data["analytics"]["coverage"]
# open: O1 (2 roles, a primary, committee C1+C2 = 2), O2 (one role with a blank Role: committee 0, no
# primary), O3 (no role)
equal({k: cov[k] for k in ("open", "with_contact_role", "with_contact_role_share", "with_primary",
                           "with_primary_share", "average_committee", "contact_roles", "blank_role",
                           "blank_role_share")},
      {"open": 3, "with_contact_role": 2, "with_contact_role_share": 0.6667, "with_primary": 1,
       "with_primary_share": 0.3333, "average_committee": 0.6667, "contact_roles": 3, "blank_role": 1,
       "blank_role_share": 0.3333}, "coverage of the open pipeline")
equal([(s["stage"], s["open"], s["with_contact_role_share"], s["with_primary_share"], s["average_committee"])
       for s in cov["by_stage"]],
      [("Prospecting", 2, 1, 0.5, 1), ("Negotiation", 1, 0, 0, 0)], "per stage, in the stage model's order")
equal({o: (v["name"], v["open"], v["with_contact_role"], v["with_primary"], v["average_committee"])
       for o, v in cov["by_owner"].items()},
      {U1: ("Una Owner", 2, 1, 1, 1), U2: ("Vic Owner", 1, 1, 0, 0)}, "per owner: U1 has O1 and O3, U2 O2")
equal({s: (v["open"], v["with_primary"], v["average_committee"]) for s, v in cov["by_segment"].items()},
      {"Strategic": (2, 1, 1), "Mid": (1, 0, 0)},
      "per segment: Alpha is Strategic (O1, O2); Beta is Mid (O3), listed though no override names it")

wl = data["analytics"]["win_loss"]
equal(wl["period"], {"from": "2025-11-21", "to": "2026-11-20"}, "the default period: the 365 days up to as-of, both ends in")
check(wl["small_sample"] is True, "fewer than 20 deals a side: a small sample")
equal(wl["closed_without_close_date"], 1, "Y1 closed on 2026-02-30: left out of both sides, and counted")
equal(wl["roles"], ["Champion", "Economic Buyer", "Procurement", "Technical Buyer"], "roles seen (X1 is out)")
won, lost = wl["won"], wl["lost"]
# won: W1 (C1 EB, C2 TB, C3 Procurement) and W2 (C5 Champion, C4 TB); X1 closed before the period
equal((won["deals"], won["average_committee"], won["committee_members"]), (2, 2.5, 5), "won: 2 deals, 5 members")
equal({r: (v["deals"], v["share"], v["holders"], v["average_activities"]) for r, v in won["roles"].items()},
      {"Champion": (1, 0.5, 1, 0), "Economic Buyer": (1, 0.5, 1, 1), "Procurement": (1, 0.5, 1, 0),
       "Technical Buyer": (2, 1, 2, 1)},
      "won roles: C1 one call within W1's 90 days, C2 one, C4 one within W2's, C3 and C5 none")
equal(won["seniority"], {"C-level": 0.2, "VP": 0.2, "Director": 0.2, "Manager": 0.2,
                         "Individual contributor": 0.2, "No title": 0}, "won seniority: one of each of five")
equal((won["contacts_engaged"], won["average_engaged_per_deal"]), (3, 1.5), "won: C1, C2, C4 engaged")
# lost: L1 (C4 TB) and L2 (C6 Champion; C2's role is blank: not in the committee)
equal((lost["deals"], lost["average_committee"], lost["committee_members"]), (2, 1, 2), "lost: 2 deals, 2 members")
equal({r: (v["deals"], v["share"], v["holders"], v["average_activities"]) for r, v in lost["roles"].items()},
      {"Champion": (1, 0.5, 1, 1), "Economic Buyer": (0, 0, 0, None), "Procurement": (0, 0, 0, None),
       "Technical Buyer": (1, 0.5, 1, 1)}, "lost roles: no Economic Buyer in any lost deal")
equal(lost["seniority"], {"C-level": 0, "VP": 0, "Director": 0, "Manager": 0, "Individual contributor": 0.5,
                          "No title": 0.5}, "lost seniority: C4 and C6")
equal((lost["contacts_engaged"], lost["average_engaged_per_deal"]), (2, 1), "lost: C4 and C6 engaged")
# personas: the committees' titles; Software Engineer is on both sides
equal(wl["personas_won_only"], [{"title": t, "deals": 1} for t in
                                ("Chief Financial Officer", "IT Director", "Procurement Manager", "VP Sales")],
      "titles in won deals only")
equal(wl["personas_lost_only"], [], "no title in lost deals only (C6 has none)")
equal(list(wl["by_segment"]), ["Strategic", "Mid"], "win-loss segments: the configured first, then the others")
mid = wl["by_segment"]["Mid"]
equal((mid["won"]["deals"], mid["lost"]["deals"]), (1, 1), "Mid (Beta): W2 won, L1 lost")
seg = wl["by_segment"]["Strategic"]
equal((seg["won"]["deals"], seg["won"]["average_committee"], seg["lost"]["deals"], seg["lost"]["average_committee"]),
      (1, 3, 1, 1), "Strategic (Alpha): W1 won with 3, L2 lost with 1")

# --period: June to September holds W1 and W2, and no lost deal
status, data, *_ = audit(d, "--format", "json", "--fail-on", "never", "--period", "2026-06-01..2026-09-30")
wl = data["analytics"]["win_loss"]
equal((wl["period"], wl["won"]["deals"], wl["lost"]["deals"]),
      ({"from": "2026-06-01", "to": "2026-09-30"}, 2, 0), "--period: the deals closed within it")
equal(wl["lost"]["average_committee"], None, "no lost deal: no average")
equal((wl["personas_won_only"], wl["personas_lost_only"]), ([], []),
      "no lost deal: no 'won only' titles (nothing to compare against)")
for bad in ("2026-06-01", "2026-06-01..2026-13-01", "2026-09-30..2026-06-01"):
    status, _, _, stderr, _ = audit(d, "--period", bad)
    check(status == 2 and stderr.startswith("crm-audit: --period: expected"), f"--period {bad}: {stderr.strip()}")

# by_owner in the summary: the owners of the findings' records, with name and active flag
status, data, *_ = audit(d, "--format", "json", "--fail-on", "never")
for owner, v in data["summary"]["by_owner"].items():
    check(v["total"] == sum(v["by_check"].values()) and v["active"] in (True, None), f"by_owner {owner}")
finish()

"""gen-org --hard-cases and scripts/quality: the default export is a prefix
of the one with hard cases (the option only appends), every labelled pair
names records of the export and holds what its kind says, and quality's
pair counting gives the figures worked out by hand on a small truth."""
import csv
import datetime
import importlib.machinery
import importlib.util
import os
import re
import subprocess
import tempfile

from common import CRM_AUDIT, SOURCE_ROOT, check, equal, finish

gen = os.path.join(SOURCE_ROOT, "scripts", "gen-org")
sizes = ["--accounts", "400", "--contacts", "800", "--opportunities", "100", "--contact-roles", "100",
         "--activities", "200", "--leads", "100", "--users", "12", "--seed", "3", "--no-expected"]
tmp = tempfile.mkdtemp(prefix="crm-audit-quality-test-")
plain, hard = os.path.join(tmp, "plain"), os.path.join(tmp, "hard")
subprocess.run(["/usr/bin/python3", gen, plain, *sizes], check=True, capture_output=True)
subprocess.run(["/usr/bin/python3", gen, hard, *sizes, "--hard-cases", "all"], check=True, capture_output=True)
OBJECTS = ["Account", "Contact", "Lead", "Opportunity", "OpportunityContactRole", "Task", "Event", "User"]
TRUTHS = {"account-duplicates-truth.tsv": ("Account", "Account"),
          "contact-duplicates-truth.tsv": ("Contact", "Contact"),
          "lead-duplicates-truth.tsv": ("Lead", "Lead"),
          "lead-is-contact-truth.tsv": ("Lead", "Contact"),
          "opportunity-duplicates-truth.tsv": ("Opportunity", "Opportunity")}

# the option only appends: every file of the default export starts the one with hard cases
for name in [o + ".csv" for o in OBJECTS] + ["account-duplicates-truth.tsv"]:
    a = open(os.path.join(plain, name), "rb").read()
    b = open(os.path.join(hard, name), "rb").read()
    check(b.startswith(a), f"{name}: the default export's bytes start the hard-case export's")
    check(len(b) > len(a) or name in ("User.csv", "OpportunityContactRole.csv", "Task.csv", "Event.csv"),
          f"{name}: hard cases appended")
for name in TRUTHS:
    if name != "account-duplicates-truth.tsv":
        check(not os.path.exists(os.path.join(plain, name)), f"{name}: not written without --hard-cases")


def read(obj):
    with open(os.path.join(hard, obj + ".csv"), encoding="utf-8-sig", newline="") as f:
        return {r["Id"][:15]: r for r in csv.DictReader(f)}


recs = {o: read(o) for o in ("Account", "Contact", "Lead", "Opportunity")}
truth = {}
cases_seen = set()
for name, (oa, ob) in TRUTHS.items():
    with open(os.path.join(hard, name), encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    truth[name] = [r for r in rows if ": " in r["kind"]]
    check(truth[name], f"{name}: labelled rows")
    for r in truth[name]:
        cases_seen.add(r["kind"].split(": ")[0])
        if r["a"] not in recs[oa] or r["b"] not in recs[ob]:
            check(False, f"{name}: {r} names records of the export")
            break
    check({r["same"] for r in truth[name]} == {"0", "1"}, f"{name}: positives and hard negatives")
help_text = subprocess.run(["/usr/bin/python3", gen, "--help"], capture_output=True, text=True).stdout
help_text = re.sub(r"-\s+", "-", " ".join(help_text.split()))     # as wrapped by argparse
for case in ("street-sites", "store-codes", "placeholder-phone", "neighbourhood", "spellings", "identical",
             "legal-form-abroad", "contact-twins", "lead-twins", "lead-is-contact", "deal-twins"):
    check(case.replace("-", " ") in cases_seen, f"hard case {case} has labelled rows")
    check(case in help_text, f"--help names the hard case {case}")
r = subprocess.run(["/usr/bin/python3", gen, os.path.join(tmp, "bad"), "--hard-cases", "nope"],
                   capture_output=True, text=True)
equal(r.returncode, 2, "an unknown hard case is an error")


def kind_rows(name, kind):
    return [r for r in truth[name] if r["kind"] == kind]


A = recs["Account"]
acc = "account-duplicates-truth.tsv"
# identical accounts: groups of 65, 100 and 5,000 records equal but for their Id
for size in (65, 100, 5000):
    rows = kind_rows(acc, f"identical: {size} copies")
    ids = {rows[0]["a"]} | {r["b"] for r in rows}
    equal(len(ids), size, f"identical: a group of {size}")
    shapes = {tuple(v for k, v in A[i].items() if k in ("Name", "BillingStreet", "BillingCity", "Phone",
                                                         "Website")) for i in ids}
    equal(len(shapes), 1, f"identical: the {size} records are identical")
# store codes one digit apart, numbered branches one apart: only digits differ
for r in kind_rows(acc, "store codes: codes one digit apart"):
    a, b = A[r["a"]]["Name"], A[r["b"]]["Name"]
    diff = [(x, y) for x, y in zip(a, b) if x != y]
    check(len(a) == len(b) and re.search(r"[A-Z]{2}-[A-Z]{3}-\d{7}$", a)
          and len(diff) <= 2 and all(x.isdigit() and y.isdigit() for x, y in diff),
          f"store codes: {a!r} / {b!r} differ in digits of a XX-AAA-1234567 code")
# sites of one name at other house numbers; a site written twice keeps its number
number = re.compile(r"\d+")


def site(x):
    """The house number, the street's first letters and the city: another site when any differs."""
    street = x["BillingStreet"]
    return number.findall(street), number.sub("", street).strip(" ,").lower()[:5], x["BillingCity"]


for r in kind_rows(acc, "street sites: same name, other house number"):
    a, b = A[r["a"]], A[r["b"]]
    check(" ".join(a["Name"].lower().split()) == " ".join(b["Name"].lower().split())
          and site(a) != site(b),
          f"street sites: {a['Name']} at {a['BillingStreet']!r} / {b['BillingStreet']!r}")
for r in kind_rows(acc, "street sites: a site written twice"):
    a, b = A[r["a"]], A[r["b"]]
    equal(number.findall(a["BillingStreet"]), number.findall(b["BillingStreet"]), "a site twice: same number")
# neighbourhood vs city: another city text, the same phone digits or street
for r in truth[acc]:
    if r["kind"].startswith("neighbourhood: neighbourhood vs city") or r["kind"].endswith('"new york"'):
        a, b = A[r["a"]], A[r["b"]]
        check(a["BillingCity"] != b["BillingCity"], f"neighbourhood: {a['BillingCity']} / {b['BillingCity']}")
        same_phone = re.sub(r"\D", "", a["Phone"])[-7:] == re.sub(r"\D", "", b["Phone"])[-7:] != ""
        same_street = number.findall(a["BillingStreet"]) == number.findall(b["BillingStreet"]) != []
        check(same_phone or same_street, f"neighbourhood: {a['Name']} shares its phone or street")
# spellings: name-only records, hundreds of one company
for n in (300, 150):
    rows = kind_rows(acc, f"spellings: one company, {n} spellings")
    ids = {rows[0]["a"]} | {r["b"] for r in rows}
    equal(len({A[i]["Name"] for i in ids}), n, f"spellings: {n} different names")
    check(all(not A[i]["Phone"] and not A[i]["Website"] and not A[i]["BillingStreet"] for i in ids),
          f"spellings: {n} name-only records")
# a foreign legal form twice in one city: the same record twice, a legal form of another country
FORMS = {"United States": ("Inc.", "LLC"), "United Kingdom": ("Ltd", "Limited"), "Germany": ("GmbH", "AG"),
         "France": ("SAS",)}
rows = [r for r in truth[acc] if r["kind"].startswith("legal form abroad: twice in one city")]
check(len(rows) >= 10, "legal form abroad: pairs")
for r in rows:
    a, b = A[r["a"]], A[r["b"]]
    same = [k for k in a if k not in ("Id", "CreatedDate", "LastModifiedDate", "OwnerId", "CreatedById")]
    check(all(a[k] == b[k] for k in same) and not a["Name"].endswith(FORMS[a["BillingCountry"]]),
          f"legal form abroad: {a['Name']} twice in {a['BillingCity']}")
# contact twins: the same person under the two copies of one account
C = recs["Contact"]
acc_twins = {frozenset((r["a"], r["b"])) for r in kind_rows(acc, "contact twins: an account loaded twice")}
for r in truth["contact-duplicates-truth.tsv"]:
    a, b = C[r["a"]], C[r["b"]]
    under_twins = frozenset((a["AccountId"][:15], b["AccountId"][:15])) in acc_twins
    same_name = (a["FirstName"], a["LastName"]) == (b["FirstName"], b["LastName"])
    if r["same"] == "1":
        check(same_name and under_twins, f"contact twins: {r['kind']} {a['LastName']}")
    elif "unrelated" in r["kind"]:
        check(same_name and a["AccountId"] != b["AccountId"] and not under_twins, "namesakes at unrelated accounts")
    else:
        check(a["LastName"] == b["LastName"] and a["FirstName"] != b["FirstName"], "relatives: another person")
no_email = sum(1 for r in truth["contact-duplicates-truth.tsv"] if r["same"] == "1" and not C[r["a"]]["Email"])
check(no_email > len([r for r in truth["contact-duplicates-truth.tsv"] if r["same"] == "1"]) / 2,
      "contact twins: mostly without email")
# leads: twins unconverted; leads that are contacts by email or by name at a matching account
L = recs["Lead"]
for r in truth["lead-duplicates-truth.tsv"]:
    a, b = L[r["a"]], L[r["b"]]
    if r["same"] == "1":
        check(a["IsConverted"] == b["IsConverted"] == "false", "lead twins: unconverted")
        check((a["FirstName"], a["LastName"]) == (b["FirstName"], b["LastName"]), "lead twins: one name")
        check(a["Email"].lower() == b["Email"].lower() != "" or not (a["Email"] and b["Email"]),
              "lead twins: one email or none")
    elif "converted" in r["kind"]:
        check("true" in (a["IsConverted"], b["IsConverted"]), "lead twins: one of them converted")
for r in truth["lead-is-contact-truth.tsv"]:
    lead, con = L[r["a"]], C[r["b"]]
    check((lead["FirstName"], lead["LastName"]) == (con["FirstName"], con["LastName"]), "lead is contact: one name")
    account = A[con["AccountId"][:15]]["Name"].lower()
    if r["kind"] == "lead is contact: same email":
        equal(lead["Email"].lower(), con["Email"].lower(), "lead is contact: same email")
    elif r["kind"] == "lead is contact: same name at a matching account":
        check(not lead["Email"] and account.startswith(lead["Company"].lower().split(" inc")[0].split(" ltd")[0]
                                                       .split(" llc")[0].split(" limited")[0].split(" gmbh")[0]
                                                       .split(" sas")[0]),
              f"lead is contact: {lead['Company']!r} matches {account!r}")
    elif "converted" in r["kind"]:
        equal(lead["IsConverted"], "true", "lead is contact: the negative is converted")
    else:
        check(not account.startswith(lead["Company"].lower()[:8]), "lead is contact: another company")
# deal twins: one account, open, amount within 5%, close within 30 days; the near-misses are not
O = recs["Opportunity"]


def day(s):
    return datetime.date.fromisoformat(s).toordinal()


for r in truth["opportunity-duplicates-truth.tsv"]:
    a, b = O[r["a"]], O[r["b"]]
    equal(a["AccountId"], b["AccountId"], "deal twins: one account")
    near = (abs(float(a["Amount"]) - float(b["Amount"])) <= 0.05 * max(float(a["Amount"]), float(b["Amount"]))
            and abs(day(a["CloseDate"]) - day(b["CloseDate"])) <= 30 and a["IsClosed"] == b["IsClosed"] == "false")
    if r["same"] == "1":
        check(near, f"deal twins: {a['Name']!r} / {b['Name']!r} near in amount and date, open")
    elif r["kind"] != "deal twins: another deal, same amount and date":
        check(not near, f"deal near-miss ({r['kind']}): {a['Name']!r} / {b['Name']!r}")

# quality's counting on a truth small enough to count by hand
loader = importlib.machinery.SourceFileLoader("quality", os.path.join(SOURCE_ROOT, "scripts", "quality"))
spec = importlib.util.spec_from_loader("quality", loader)
q = importlib.util.module_from_spec(spec)
loader.exec_module(q)
def ids(*xs):
    return ["001" + x for x in xs]


A_, B_, C_, D_, E_, F_, G_, H_, I_, J_, K_ = ids(*"ABCDEFGHIJK")
rows = [(A_, B_, "x: twin", True), (A_, C_, "x: twin", True), (D_, E_, "x: other", False),
        (F_, G_, "typo", True), (H_, I_, "same name abroad", False)]
findings = [{"record": A_, "related": [B_, D_, "003Z"]}, {"record": F_, "related": [G_]},
            {"record": J_, "related": [K_]}]
m = q.Measure("account-duplicate", rows, findings)
# base (outside case x): predicted F-G, J-K; true F-G
equal(m.counts(lambda r: r not in m.in_hard), (2, 1, 1), "quality: base predicted, true found, true")
# case x: predicted pairs touching A..E: A-B, A-D, B-D; true A-B, A-C, B-C of which A-B found
equal(m.touching(m.hard["x"]), (3, 1, 3), "quality: case x predicted, true found, true")
pos, neg = m.kinds(lambda c: c == "x")
equal((pos, neg), ({"x: twin": [2, 1], "twin of a twin": [1, 0]}, {"x: other": [1, 0]}), "quality: per kind")
big = [("001R0", "001R%d" % i, "y: identical", True) for i in range(1, 60)]
m = q.Measure("account-duplicate", big, [{"record": "001R0", "related": ["001R%d" % i for i in range(1, 30)]}])
equal(m.kinds(lambda c: c == "y")[0], {"y: identical": [1770, 435]}, "quality: a large group by its sizes")
m = q.Measure("lead-is-contact", [("00QA", "003A", "l: same email", True), ("00QB", "003B", "l: namesake", False)],
              [{"record": "00QA", "related": ["003A", "003Y", "001X"]}, {"record": "00QB", "related": ["003B"]},
               {"record": "00QC", "related": ["003X"]}])
# touching the case: QA-A, QA-Y, QB-B (not QC-X, outside it); QA-A true
equal(m.touching(m.hard["l"]), (3, 1, 1), "quality: lead-is-contact pairs")
equal(m.kinds(lambda c: c == "l"), ({"l: same email": [1, 1]}, {"l: namesake": [1, 1]}), "quality: lead-is-contact kinds")

# the report on the generated export: every check measured, or said not available
r = subprocess.run([CRM_AUDIT, "checks"], capture_output=True, text=True, check=True)
available = {line.split()[0] for line in r.stdout.splitlines()[1:] if line.strip()}
r = subprocess.run(["/usr/bin/python3", os.path.join(SOURCE_ROOT, "scripts", "quality"), "--export", hard,
                    "--checks", "all", "--build", os.path.dirname(os.path.abspath(CRM_AUDIT))],
                   capture_output=True, text=True)
check(r.returncode in (0, 1), f"quality ran ({r.returncode}: {r.stderr[-300:]})")
for cid in ("account-duplicate", "contact-duplicate", "lead-duplicate", "lead-is-contact", "opportunity-duplicate"):
    check(f"## {cid}" in r.stdout, f"quality reports {cid}")
    said = f"not available: the binary has no check {cid}" in r.stdout
    equal(said, cid not in available, f"quality says whether {cid} is available")
for case in ("street sites", "store codes", "identical", "spellings", "neighbourhood"):
    check(f"| {case} |" in r.stdout, f"quality measures the case {case}")
finish()

"""Hostile and pathological input, issue 21 points 3, 8 and 9: linear hierarchy
findings, trust in what the export carries (no config from its folder, record_url,
symlinks, terminal escapes, bidi controls) and fix values written as they are.
Each expectation is worked out from the rows written here."""
import csv
import json
import os
import tempfile
import time

from common import audit, check, equal, finish, run

tmp = tempfile.mkdtemp(prefix="crm-audit-trust-")
HEAD = ["Id", "Name", "ParentId", "CreatedDate", "OwnerId"]


def aid(n):
    return "001%012d" % n


def export(name, rows, head=HEAD, fname="Account.csv"):
    d = os.path.join(tmp, name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, fname), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(head)
        w.writerows(rows)
    return d


def size(out):
    return os.path.getsize(os.path.join(out, "findings.json"))


# ---- point 3: a 100k cycle is one finding; a 100k chain is linear ----
N = 100_000
DATE = "2024-01-01T10:00:00Z"
cycle = export("cycle", [[aid(k + 1), "Ring %d" % k, aid((k + 1) % N + 1), DATE, ""] for k in range(N)])
t0 = time.monotonic()
status, data, stdout, stderr, out = audit(cycle, "--only", "account-hierarchy", "--format", "json",
                                          "--fail-on", "never")
took = time.monotonic() - t0
equal(status, 0, "the 100k cycle runs: " + stderr.strip())
if data:
    equal(len(data["findings"]), 1, "a 100k cycle is one finding")
    f = data["findings"][0]
    equal(f["record"], aid(1), "on the cycle's first row")
    equal(f["evidence"]["cycle_length"], N, "its true length")
    equal(f["evidence"]["cycle_shown"], 20, "20 names shown")
    equal(f["evidence"]["cycle"].count("'Ring "), 20, "no more than 20 names")
    check(f["evidence"]["cycle"].endswith("… (99980 more)"), "the names not shown counted: " + f["evidence"]["cycle"][-40:])
    check(("parent cycle of %d accounts" % N) in f["message"], "the message says the true length")
    check(size(out) < 20_000, "findings.json stays small: %d bytes" % size(out))
check(took < 20, "the 100k cycle in seconds: %.1f s" % took)

# a cycle of 3000 with 3000 accounts hanging under it: one finding per account under it, no ring
M = 3000
rows = [[aid(k + 1), "Loop %d" % k, aid((k + 1) % M + 1), DATE, ""] for k in range(M)]
rows += [[aid(M + k + 1), "Hanger %d" % k, aid(k + 1), DATE, ""] for k in range(M)]
status, data, *_ = audit(export("cycle-under", rows), "--only", "account-hierarchy", "--format", "json",
                         "--fail-on", "never")
if data:
    probs = [f["evidence"]["problem"] for f in data["findings"]]
    equal(probs.count("cycle"), 1, "a cycle of 3000: once")
    equal(probs.count("leads into a cycle"), M, "each account under it once")
    equal([f["evidence"]["cycle_length"] for f in data["findings"] if f["evidence"]["problem"] == "cycle"], [M],
          "the length is not capped")
    check(all("cycle" not in f["evidence"] for f in data["findings"] if f["evidence"]["problem"] != "cycle"),
          "no ring string under the cycle")

# a chain of 100k: Chain k has k ancestors; max_depth 4 leaves k = 5 .. N-1 too deep: one finding, on Chain 5,
# with the N-6 accounts under it counted
chain = export("chain", [[aid(k + 1), "Chain %d" % k, aid(k) if k else "", DATE, ""] for k in range(N)])
t0 = time.monotonic()
status, data, stdout, stderr, out = audit(chain, "--only", "account-hierarchy", "--format", "json",
                                          "--fail-on", "never")
took = time.monotonic() - t0
equal(status, 0, "the 100k chain runs: " + stderr.strip())
if data:
    equal([(f["record"], f["evidence"]["depth"], f["evidence"]["below"]) for f in data["findings"]],
          [(aid(6), 5, N - 6)], "a 100k chain: one finding on its first account too deep, the rest counted")
    check(size(out) < 20_000, "findings.json stays small: %d bytes" % size(out))
# a branch point: two branches too deep under one account within the limit: one finding each
rows = [[aid(1), "Top", "", DATE, ""]] + [[aid(k + 1), "Mid %d" % k, aid(k), DATE, ""] for k in range(1, 5)]
rows += [[aid(10), "Left", aid(5), DATE, ""], [aid(11), "Left child", aid(10), DATE, ""],
         [aid(12), "Right", aid(5), DATE, ""]]
status, data, *_ = audit(export("branches", rows), "--only", "account-hierarchy", "--format", "json",
                         "--fail-on", "never")
if data:
    equal(sorted((f["record"], f["evidence"]["below"]) for f in data["findings"]), [(aid(10), 1), (aid(12), 0)],
          "Mid 4 has 4 ancestors (fine): Left and Right each the first too deep on their branch")
check(took < 30, "the 100k chain in seconds: %.1f s" % took)


# ---- point 8: trust ----
import subprocess  # noqa: E402
from common import CRM_AUDIT  # noqa: E402


def raw(*args, cwd=None):
    """crm-audit as a user runs it: no --config added for a crm-audit.ini in the export (common.run adds one)."""
    p = subprocess.run([CRM_AUDIT, *args], capture_output=True, cwd=cwd, timeout=300)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


# a config in the export folder is not read: it would turn the check off and point links elsewhere
planted = export("planted", [[aid(1), "Selfie", aid(1), DATE, ""]])
ini = os.path.join(planted, "crm-audit.ini")
with open(ini, "w") as f:
    f.write("[check.account-hierarchy]\nenabled = false\n[audit]\nrecord_url = https://attacker.example/{id}\n")
out = os.path.join(tmp, "out-planted")
status, stdout, stderr = raw("run", planted, "-o", out, "--quiet", "--format", "json,html", "--fail-on", "never",
                             cwd=tmp)
equal(status, 0, "planted config: the run goes on: " + stderr)
with open(os.path.join(out, "findings.json")) as f:
    data = json.load(f)
check("account-hierarchy" in [x["check"] for x in data["findings"]], "the planted config did not turn the check off")
check(any(ini in n and "not read" in n for n in data["notices"]), "a notice names the config not read: %r" % data["notices"])
check("config: none" in stdout, "the summary says no config was read: " + stdout)
check(ini in stdout and "not read" in stdout, "the summary mentions it")
with open(os.path.join(out, "report.html"), encoding="utf-8") as f:
    check("attacker.example" not in f.read(), "no link from the planted record_url")
# from inside the export folder: the working directory's crm-audit.ini is that same file, not read either
status, stdout, stderr = raw("run", ".", "-o", os.path.join(tmp, "out-planted-cwd"), "--quiet", "--format", "json",
                             "--fail-on", "never", cwd=planted)
check("config: none" in stdout and "not read" in stdout, "run from inside the export: still not read: " + stdout)
# named with --config, it is read
status, stdout, stderr = raw("run", planted, "--config", ini, "-o", os.path.join(tmp, "out-named"), "--quiet",
                             "--format", "json", "--fail-on", "never")
equal(status, 0, "named with --config: " + stderr)
check("config: " + ini in stdout and "not read" not in stdout, "named with --config: read, no notice: " + stdout)

# record_url: https:// with {id}, else a config error (exit 2)
for url in ("javascript:alert(document.cookie)//{id}", "http://crm.example/{id}", "https://crm.example/record",
            "data:text/html,{id}", "https://x.example/{id}\"onmouseover=\"alert(1)"):
    bad = os.path.join(tmp, "bad-url.ini")
    with open(bad, "w") as f:
        f.write("[audit]\nrecord_url = %s\n" % url)
    status, stdout, stderr = raw("run", planted, "--config", bad, "-o", os.path.join(tmp, "out-url"), "--quiet")
    equal(status, 2, "record_url %s: exit 2" % url)
    check("bad-url.ini:2:1:" in stderr and "https://" in stderr, "record_url %s: the line and what is expected: %s"
          % (url, stderr))

# symlinks that leave the export folder are refused, without showing the target's content
secret = os.path.join(tmp, "secret.csv")
with open(secret, "w") as f:
    f.write("root:x:0:0:TOPSECRET-LINE:/root:/bin/bash\n")
linked = os.path.join(tmp, "linked")
os.mkdir(linked)
os.symlink(secret, os.path.join(linked, "Account.csv"))
status, stdout, stderr = raw("run", linked, "-o", os.path.join(tmp, "out-linked"), "--quiet")
equal(status, 2, "a symlink out of the export: exit 2")
check("outside the export folder" in stderr and "Account.csv" in stderr, "the refusal says why: " + stderr)
check("TOPSECRET" not in stderr + stdout, "no content of the target shown")
# relative links escaping with .., and links to links
os.mkdir(os.path.join(tmp, "linked2"))
os.symlink("../secret.csv", os.path.join(tmp, "linked2", "Account.csv"))
status, stdout, stderr = raw("run", os.path.join(tmp, "linked2"), "-o", os.path.join(tmp, "out-linked2"), "--quiet")
check(status == 2 and "TOPSECRET" not in stderr, "a relative link out: refused: " + stderr)
# a link that stays inside the folder is read
inside = export("inside", [[aid(1), "Selfie", aid(1), DATE, ""]], fname="accounts-data.csv")
os.symlink("accounts-data.csv", os.path.join(inside, "Account.csv"))
status, data, stdout, stderr, _ = audit(inside, "--only", "account-hierarchy", "--format", "json",
                                        "--fail-on", "never")
equal(status, 0, "a link inside the export folder is read: " + stderr)
# a loop
loop = os.path.join(tmp, "loop")
os.mkdir(loop)
os.symlink("Account.csv", os.path.join(loop, "Account.csv"))
status, stdout, stderr = raw("run", loop, "-o", os.path.join(tmp, "out-loop"), "--quiet")
check(status == 2 and "symbolic link" in stderr, "a link loop: exit 2: " + stderr)

# control characters, escape sequences and bidi controls from CRM data never reach the terminal raw
CSI = "\u009b"   # the 8-bit CSI, which some terminals obey like ESC [
RLO = "\u202e"
rows = [[aid(k + 1), "Name%s%d" % (RLO, k), "", "2024-13-%02d%s31m\x7f" % (k + 1, CSI), ""] for k in range(12)]
hostile = export("hostile", rows)
status, stdout, stderr = raw("run", hostile, "-o", os.path.join(tmp, "out-hostile"), "--format", "json",
                             "--fail-on", "never")
check("unreadable:" in stdout and "such as" in stdout, "the summary quotes an unreadable value: " + stdout)
for ch, what in ((CSI, "C1 CSI"), (RLO, "U+202E"), ("\x7f", "DEL"), ("\x1b", "ESC")):
    check(ch not in stdout and ch not in stderr, "no raw %s on the terminal" % what)
check("\\u{009b}" in stdout, "the C1 CSI shown escaped: " + stdout)
check("names: 12 records of Account.csv carry bidi control characters" in stdout,
      "names with bidi controls reported: " + stdout)
# an error message quoting the header (stderr): no Id column, the columns listed (C0 controls in a header are
# refused by the reader already; C1 and bidi controls are not)
esc = export("esc-header", [["x", "y"]], head=["Ident" + CSI + "2J" + RLO + "ifier", "Name"])
status, stdout, stderr = raw("run", esc, "-o", os.path.join(tmp, "out-esc"), "--quiet")
equal(status, 2, "no Id column: exit 2")
check(CSI not in stderr and RLO not in stderr and "Ident\\u{009b}2J\\u{202e}ifier" in stderr,
      "the header shown escaped: %r" % stderr)

# bidi controls isolated in report.html
status, data, stdout, stderr, out = audit(export("bidi", [[aid(1), "Evil" + RLO + "Corp", aid(1), DATE, ""]]),
                                          "--format", "json,html", "--fail-on", "never")
with open(os.path.join(out, "report.html"), encoding="utf-8") as f:
    page = f.read()
check("<bdi>Evil" + RLO + "Corp</bdi>" in page, "the name isolated in a <bdi>")
check("<bdi>account &#39;Evil" + RLO + "Corp&#39; is its own parent</bdi>" in page, "the message isolated in a <bdi>")
check("unicode-bidi: isolate" in page, "every cell an isolate (rows built by the script too)")
check(any("bidi control" in n for n in data["notices"]), "the notice in findings.json")

# ---- point 9: fix values as they are ----
roles = os.path.join(tmp, "roles")
os.mkdir(roles)
for fname, text in (
        ("Opportunity.csv", "Id,Name,StageName,IsClosed\n006000000000001,Deal,Prospecting,false\n"),
        ("Contact.csv", "Id,LastName,Title\n003000000000001,=Ade,CFO\n003000000000002,Bo,CTO\n"
                        "003000000000003,Cy,Counsel\n"),
        ("OpportunityContactRole.csv", "Id,OpportunityId,ContactId,Role,IsPrimary\n"
                                       "00K000000000001,006000000000001,003000000000001,,false\n"
                                       "00K000000000002,006000000000001,003000000000002,,false\n"
                                       "00K000000000003,006000000000001,003000000000003,,false\n"),
        ("crm-audit.ini", "[roles]\n+Evil = cfo\n-Exec Sponsor = cto\nLegal = counsel\n")):
    with open(os.path.join(roles, fname), "w") as f:
        f.write(text)
out = os.path.join(tmp, "out-roles")
status, stdout, stderr = run("run", roles, "-o", out, "--format", "json,fixes,xlsx", "--fail-on", "never")
equal(stderr, "", "hostile roles: no error")
with open(os.path.join(out, "fixes", "contact-roles-to-update.csv"), newline="") as f:
    rows = list(csv.reader(f))
# rows (findings.json order): the primary suggestion for =Ade, then the roles of =Ade, Bo, Cy
equal([r[1] for r in rows[1:]], ["", "+Evil", "-Exec Sponsor", "Legal"], "the Role values Data Loader imports: as they are")
equal([r[3] for r in rows[1:]], ["'=Ade", "'=Ade", "Bo", "Cy"], "the review column neutralised")
check("contact-roles-to-update.csv (+ contact-roles-to-update.sdl); look before import: 2 values start with "
      "= + - @, such as '+Evil' (Role, row 2)" in stdout, "the summary flags them: " + stdout)
import openpyxl  # noqa: E402
wb = openpyxl.load_workbook(os.path.join(out, "report.xlsx"))
ws = wb["fix contact-roles-to-update"]
cells = [[c for c in r] for r in ws.iter_rows(min_row=2)]
equal([r[1].value for r in cells], [None, "+Evil", "-Exec Sponsor", "Legal"], "XLSX: the mapped values as they are")
equal([(r[3].value, r[3].data_type) for r in cells], [("=Ade", "s"), ("=Ade", "s"), ("Bo", "s"), ("Cy", "s")],
      "XLSX: a text cell, never prefixed with '")

finish()

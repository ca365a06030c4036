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

# a chain of 100k: Chain k has k ancestors; max_depth 4 leaves k = 5 .. N-1 too deep, each once
chain = export("chain", [[aid(k + 1), "Chain %d" % k, aid(k) if k else "", DATE, ""] for k in range(N)])
t0 = time.monotonic()
status, data, stdout, stderr, out = audit(chain, "--only", "account-hierarchy", "--format", "json",
                                          "--fail-on", "never")
took = time.monotonic() - t0
equal(status, 0, "the 100k chain runs: " + stderr.strip())
if data:
    equal(len(data["findings"]), N - 5, "every account deeper than 4, once")
    deepest = [f for f in data["findings"] if f["record"] == aid(N)]
    equal(deepest[0]["evidence"]["depth"] if deepest else None, N - 1, "the deepest has N-1 ancestors")
    check(size(out) < 1200 * N, "findings.json linear in the accounts: %d bytes" % size(out))
check(took < 30, "the 100k chain in seconds: %.1f s" % took)

finish()

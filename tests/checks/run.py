"""The generic runner of the check test cases: tests/checks/<check-id>/.

Each folder holds a small export (Salesforce CSV files), an optional
crm-audit.ini (passed with --config, crm-audit reads none from the export
folder by itself; set [audit] as_of there for a date-relative check) and expected.tsv, reviewed by hand:

    check<TAB>record<TAB>message

one row per finding of that check (record blank for a finding without one;
the check column says which check, so a folder may also expect findings of a
check its rule leans on). The runner audits the folder with --only <check-id>
and compares the findings, in any order, with the expected rows.

A folder whose check the binary does not have fails (a typo in a folder name
must not pass silently), except the do-nothing example check of
tests/example-check/, which is there only when EXAMPLE_CHECK is set.

    CRM_AUDIT=build/crm-audit python3 tests/checks/run.py [FOLDER ...]
"""
import csv
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))
from common import audit, check, equal, finish, run  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLE = "example-noop"


def expected_rows(path):
    rows = []
    with open(path, encoding="utf-8", newline="") as f:
        lines = [line for line in f if line.strip() and not line.startswith("#")]
    reader = csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(reader)
    equal(header, ["check", "record", "message"], f"{path}: header")
    for n, row in enumerate(reader, 2):
        check(len(row) == 3, f"{path}: row {n} has {len(row)} fields, not 3")
        if len(row) == 3:
            rows.append(tuple(row))
    return rows


def run_case(folder):
    check_id = os.path.basename(os.path.normpath(folder))
    status, data, stdout, stderr, _ = audit(folder, "--only", check_id, "--format", "json")
    if status not in (0, 1) or data is None:
        check(False, f"{check_id}: exit status {status}: {stderr.strip()}")
        return
    actual = sorted((f["check"], f.get("record") or "", f["message"]) for f in data["findings"])
    expected = sorted(expected_rows(os.path.join(folder, "expected.tsv")))
    for row in expected:
        if row not in actual:
            check(False, f"{check_id}: expected finding not reported: {row}")
    for row in actual:
        if row not in expected:
            check(False, f"{check_id}: unexpected finding: {row}")
    print(f"{check_id}: {len(actual)} finding(s)")


def main(argv):
    status, stdout, stderr = run("checks")
    known = {line.split()[0] for line in stdout.splitlines()[1:] if line.strip()}
    example = bool(os.environ.get("EXAMPLE_CHECK"))
    folders = argv or sorted(os.path.join(HERE, d) for d in os.listdir(HERE)
                             if os.path.isdir(os.path.join(HERE, d)) and not d.startswith(("_", ".")))
    if example:
        folders = [os.path.join(HERE, "..", "example-check", EXAMPLE)] + folders
    for folder in folders:
        check_id = os.path.basename(os.path.normpath(folder))
        if check_id not in known:
            check(False, f"{folder}: no check '{check_id}' in `crm-audit checks`")
            continue
        run_case(folder)
    untested = sorted(known - {os.path.basename(os.path.normpath(f)) for f in folders})
    print(f"{len(known) - len(untested)} of {len(known)} checks have a test case; without one: "
          + (", ".join(untested) or "none"))
    finish()


if __name__ == "__main__":
    main(sys.argv[1:])

"""Every fixtures/bad case exits 2 with its exact message and writes nothing;
so do cases generated here (too big to keep in the repository)."""
import os
import shutil
import tempfile

from common import FIXTURES, audit, check, equal, finish, run

bad = os.path.join(FIXTURES, "bad")
cases = sorted(d for d in os.listdir(bad) if os.path.isdir(os.path.join(bad, d)))
check(len(cases) >= 12, f"expected at least 12 bad cases, found {len(cases)}")
for case in cases:
    d = os.path.join(bad, case)
    args = []
    if os.path.exists(os.path.join(d, "args")):
        args = open(os.path.join(d, "args")).read().split()
    expected = open(os.path.join(d, "expected-error"), encoding="utf-8").read().replace("{dir}", d)
    status, data, stdout, stderr, out = audit(d, *args)
    equal(status, 2, f"{case}: exit status")
    equal(stderr, expected, f"{case}: message")
    check(len(stderr.splitlines()) == 1, f"{case}: one line on stderr")
    check(data is None, f"{case}: no findings.json written")
    shutil.rmtree(out, ignore_errors=True)

tmp = tempfile.mkdtemp(prefix="crm-audit-bad-")

# an unterminated quote in a huge file stops at the size limit, naming the line it opened on
d = os.path.join(tmp, "huge-unterminated")
os.mkdir(d)
with open(os.path.join(d, "Account.csv"), "w") as f:
    f.write("Id,Name,Description\n001000000000001,Acme,fine\n001000000000002,Globex,\"never closed\n")
    line = "x" * 1000 + "\n"
    for _ in range(6000):
        f.write(line)
status, data, _, stderr, _ = audit(d)
equal(status, 2, "huge unterminated quote: exit status")
equal(stderr, f"{d}/Account.csv:3:3: expected a field of at most 4194304 bytes, found a longer one "
      "(a quote opened here and never closed?)\n", "huge unterminated quote: message")

# a long but legal field (1 MiB) is read
d = os.path.join(tmp, "long-field")
os.mkdir(d)
with open(os.path.join(d, "Account.csv"), "w") as f:
    f.write("Id,Name,Description\n001000000000001,Acme,\"" + "y" * (1 << 20) + "\"\n")
status, data, _, stderr, _ = audit(d)
equal((status, stderr), (0, ""), "1 MiB field: read without error")
equal(data and data["input"]["Account"]["rows"], 1, "1 MiB field: one row")

# the export folder itself
status, _, stderr = run("run", os.path.join(tmp, "nope"), "-o", os.path.join(tmp, "o"))
equal(status, 2, "missing export folder: exit status")
check("expected an export folder" in stderr, "missing export folder: message")

# a file that is not valid UTF-8 is read as Windows-1252 by default, and said so
d = os.path.join(tmp, "cp1252")
os.mkdir(d)
with open(os.path.join(d, "Contact.csv"), "wb") as f:
    f.write("Id,FirstName,LastName,Title\n003000000000001,José,Müller,Directeur Général\n".encode("cp1252"))
status, data, stdout, stderr, _ = audit(d)
equal(status, 0, "cp1252: exit status")
equal(data["input"]["Contact"]["encoding"], "windows-1252", "cp1252: encoding in findings.json")
check("read as windows-1252: Contact.csv" in stdout, "cp1252: encoding in the summary")
status, data, stdout, stderr, _ = audit(d, "--encoding", "utf-8")
equal(status, 2, "cp1252 with --encoding utf-8: exit status")
equal(stderr, f"{d}/Contact.csv:2:2: expected UTF-8 text in FirstName, found the byte 0xE9 (use --encoding "
      "windows-1252 or auto for a Windows-1252/ISO-8859-1 export)\n", "cp1252 with --encoding utf-8: message")

shutil.rmtree(tmp, ignore_errors=True)
finish()

"""The output folder is one run (issue 18): written whole in a staging folder
beside it and swapped into place, or left as it was (SIGINT at any phase, a
write error, a full disk); a manifest run.json names the run's files, and a
file it does not name is the user's (a few kept in place; one where a report goes, or more than 20,
refused, or kept with --force); a
fewer-formats rerun leaves no stale report; one run at a time (a lock).
The phases are reached through test-only hooks (CRM_AUDIT_TEST_SIGNAL_AT,
CRM_AUDIT_TEST_PAUSE_AT, CRM_AUDIT_TEST_FAIL_WRITE)."""
import hashlib
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time

from common import CRM_AUDIT, FIXTURES, check, equal, finish

sample = os.path.join(FIXTURES, "sample-org")
tmp = tempfile.mkdtemp(prefix="crm-audit-outdir-")
out = os.path.join(tmp, "out")


def run(*args, env=None):
    e = dict(os.environ)
    e.update(env or {})
    p = subprocess.run([CRM_AUDIT, "run", sample, "--config", os.path.join(sample, "crm-audit.ini"), "-o", out,
                        "--quiet", "--as-of", "2026-11-20", *args],
                       capture_output=True, text=True, env=e, timeout=120)
    return p.returncode, p.stdout, p.stderr


def snapshot(d):
    """Every file under d with its content's hash."""
    files = {}
    for root, _, names in os.walk(d):
        for n in names:
            p = os.path.join(root, n)
            files[os.path.relpath(p, d)] = hashlib.sha256(open(p, "rb").read()).hexdigest()
    return files


def beside():
    """What lies beside OUT but the lock: no staging folder, no OUT.previous."""
    return sorted(n for n in os.listdir(tmp) if n not in ("out", "out.lock"))


# a first, complete run: its manifest names every file of the folder
status, stdout, stderr = run()
equal(status, 1, "first run: findings")
manifest = json.load(open(os.path.join(out, "run.json")))
files = snapshot(out)
equal(sorted(manifest["files"]), sorted(f for f in files if f != "run.json"), "run.json names every file written")
equal(manifest["tool"]["name"], "crm-audit", "run.json: the tool")
equal(manifest["as_of"], "2026-11-20", "run.json: as-of")
equal(manifest["formats"], ["xlsx", "html", "fixes", "json"], "run.json: the formats")
check(all(set(i) == {"path", "size", "mtime"} and i["size"] > 0 for i in manifest["inputs"]), "inputs: size, mtime")
check(any(i["path"].endswith("Contact.csv") for i in manifest["inputs"]), "inputs: Contact.csv")
equal(len(manifest["config"]["hash"]), 64, "run.json: the config's SHA-256")
equal(beside(), [], "no staging folder and no OUT.previous left")
check("out/findings.json\n" in stdout and ".staging-" not in stdout, "the summary names OUT's files")

# SIGINT at every phase: exit 130, a message, the previous run as it was, no staging folder
for phase in ["locked", "staged", "written", "swap"]:
    status, stdout, stderr = run("--format", "json", env={"CRM_AUDIT_TEST_SIGNAL_AT": phase})
    equal(status, 130, f"SIGINT at {phase}: exit 130")
    check("interrupted (SIGINT)" in stderr and "nothing changed" in stderr, f"SIGINT at {phase}: said: {stderr}")
    equal(snapshot(out), files, f"SIGINT at {phase}: the previous run untouched")
    equal(beside(), [], f"SIGINT at {phase}: no staging folder left")

# a real SIGTERM from outside while the run writes
p = subprocess.Popen([CRM_AUDIT, "run", sample, "-o", out, "--quiet", "--format", "json"],
                     env=dict(os.environ, CRM_AUDIT_TEST_PAUSE_AT="staged"), stderr=subprocess.PIPE, text=True)
while not any(".staging-" in n for n in os.listdir(tmp)) and p.poll() is None:
    time.sleep(0.05)
p.send_signal(signal.SIGTERM)
_, stderr = p.communicate(timeout=60)
equal(p.returncode, 130, "SIGTERM: exit 130")
check("interrupted (SIGTERM)" in stderr, f"SIGTERM: said: {stderr}")
equal(snapshot(out), files, "SIGTERM: the previous run untouched")
equal(beside(), [], "SIGTERM: no staging folder left")

# a write error (injected: full disk) on a fix file, on findings.json, on report.xlsx
for name, formats in [("contacts-to-update.csv", "json,fixes"), ("findings.json", "json,fixes"),
                      ("report.xlsx", "xlsx,html")]:
    status, stdout, stderr = run("--format", formats, env={"CRM_AUDIT_TEST_FAIL_WRITE": name})
    equal(status, 2, f"write error on {name}: exit 2")
    check("No space left on device" in stderr and "nothing changed in" in stderr, f"{name}: said: {stderr}")
    equal(snapshot(out), files, f"write error on {name}: the previous run untouched")
    equal(beside(), [], f"write error on {name}: no staging folder left")

# a real full disk, on a small tmpfs, where this machine lets the test mount one
scratch = tempfile.mkdtemp(prefix="crm-audit-outdir-full-")
script = os.path.join(scratch, "full.sh")
open(script, "w").write("""set -u
T=$1
mount -t tmpfs -o size=3m tmpfs "$T" || exit 77
"$CRM_AUDIT" run "$SAMPLE" -o "$T/out" --quiet --format json > /dev/null
[ $? = 1 ] || exit 3
sum1=$(sha256sum "$T/out/findings.json")
avail=$(df -k --output=avail "$T" | tail -1)
dd if=/dev/zero of="$T/filler" bs=1k count=$((avail - 150)) 2> /dev/null
"$CRM_AUDIT" run "$SAMPLE" -o "$T/out" --quiet > /dev/null 2> "$T/err"
echo "status $?"
[ "$sum1" = "$(sha256sum "$T/out/findings.json")" ] && echo "same findings"
echo "ls: $(ls -A "$T" "$T/out" | tr '\\n' ' ')"
cat "$T/err"
""")
mnt = os.path.join(scratch, "mnt")
os.mkdir(mnt)
p = subprocess.run(["unshare", "-rm", "sh", script, mnt], capture_output=True, text=True,
                   env=dict(os.environ, CRM_AUDIT=os.path.abspath(CRM_AUDIT), SAMPLE=sample))
if p.returncode == 0:
    check("status 2" in p.stdout, f"full disk: exit 2: {p.stdout}")
    check("same findings" in p.stdout, "full disk: the previous findings.json untouched")
    listing = next((l for l in p.stdout.splitlines() if l.startswith("ls: ")), "")
    check(listing and ".staging-" not in listing and "report.html" not in listing, f"full disk: nothing new: {p.stdout}")
    check("No space left on device" in p.stdout and "nothing changed" in p.stdout, f"full disk: said: {p.stdout}")
else:
    print("no tmpfs here (unshare -rm: %s): the injected write errors above stand for it" % p.stderr.strip())

# a rerun with fewer formats leaves no stale report, and the previous run is removed
status, stdout, stderr = run("--format", "json")
equal(sorted(snapshot(out)), ["findings.json", "run.json"], "fewer formats: no stale report.html, xlsx, fixes")
equal(beside(), [], "fewer formats: OUT.previous removed")
# --keep-previous keeps it
status, stdout, stderr = run("--format", "json,html", "--keep-previous")
equal(beside(), ["out.previous"], "--keep-previous: OUT.previous kept")
equal(sorted(snapshot(os.path.join(tmp, "out.previous"))), ["findings.json", "run.json"], "... the previous run")
status, stdout, stderr = run("--format", "json")
equal(beside(), [], "a later run replaces the kept previous run")

# a file of the user's: refused (nothing changed), kept with --force
mine = os.path.join(out, "fixes", "mine.csv")
os.makedirs(os.path.dirname(mine))
open(mine, "w").write("my own\n")
before = snapshot(out)
status, stdout, stderr = run()
equal(status, 2, "a file no run wrote: refused")
check("fixes/mine.csv" in stderr and "--force" in stderr and "nothing changed" in stderr, f"said: {stderr}")
equal(snapshot(out), before, "refused: nothing changed")
status, stdout, stderr = run("--force")
equal(status, 1, "--force: the run")
equal(open(mine).read(), "my own\n", "--force: the user's file is where it was")
check(os.path.exists(os.path.join(out, "fixes", "contacts-to-update.csv")), "--force: beside the new run")
os.unlink(mine)

# a few files of the user's beside the reports (the run's own log, a note): kept in place, no flag needed
log = os.path.join(out, "err")
open(log, "w").write("a log\n")
status, stdout, stderr = run()
equal(status, 1, "a log beside the reports: the run goes on")
equal(open(log).read(), "a log\n", "the log is where it was, as it was")
check("kept in place (not crm-audit's): err" in stdout, f"the summary says it was kept: {stdout}")
check(os.path.exists(os.path.join(out, "findings.json")), "the new run beside it")
# ... a second run too (the log is still nobody's run's)
status, stdout, stderr = run()
equal(status, 1, "and again")
equal(open(log).read(), "a log\n", "the log kept again")
# ... but a folder of the user's own (more than 20 files) is refused
many = [os.path.join(out, "doc%02d.txt" % i) for i in range(21)]
for p in many:
    open(p, "w").write("mine\n")
before = snapshot(out)
status, stdout, stderr = run()
equal(status, 2, "more than 20 files of the user's: refused")
check("--force" in stderr and "nothing changed" in stderr, f"said: {stderr}")
equal(snapshot(out), before, "refused: nothing changed")
for p in many + [log]:
    os.unlink(p)

# a staging folder of a run killed outright (SIGKILL) is removed by the next run
os.mkdir(os.path.join(tmp, "out.staging-KILLED"))
open(os.path.join(tmp, "out.staging-KILLED", "findings.json.tmp-123"), "w").write("{")
status, stdout, stderr = run("--format", "json")
equal(beside(), [], "a killed run's staging folder removed")

# two runs at once: the second is refused while the first holds the lock, or waits with --wait
first = subprocess.Popen([CRM_AUDIT, "run", sample, "-o", out, "--quiet", "--format", "json"],
                         env=dict(os.environ, CRM_AUDIT_TEST_PAUSE_AT="staged"), stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True)
while not any(".staging-" in n for n in os.listdir(tmp)) and first.poll() is None:
    time.sleep(0.05)
status, stdout, stderr = run("--format", "html")
equal(status, 2, "a second run at once: refused")
check("another crm-audit run" in stderr and "--wait" in stderr, f"said: {stderr}")
check(os.path.exists(os.path.join(out, "findings.json")), "the refused run changed nothing")
status, stdout, stderr = run("--format", "html", "--wait")
equal(status, 1, "--wait: runs after the first")
check("waiting for another run" in stderr, f"--wait says it waits: {stderr}")
first.communicate(timeout=60)
equal(first.returncode, 1, "the first run completed")
equal(sorted(snapshot(out)), ["report.html", "run.json"], "the waiting run's output, whole, after the first's")

shutil.rmtree(tmp, ignore_errors=True)
shutil.rmtree(scratch, ignore_errors=True)
finish()

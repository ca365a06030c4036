"""The command line: subcommands, options, exit codes."""
import os
import re
import tempfile

from common import FIXTURES, SOURCE_ROOT, audit, check, equal, finish, run

# --version, --help
status, out, err = run("--version")
equal((status, out), (0, "crm-audit 0.1.0\n"), "--version")
status, out, err = run("--help")
check(status == 0 and "crm-audit run EXPORT_DIR" in out and "init-config" in out, "--help")
status, out, err = run()
equal(status, 2, "no command: exit 2")
status, out, err = run("frobnicate")
check(status == 2 and "unknown command 'frobnicate'" in err, "unknown command: exit 2")

# checks: every id of the catalogue, in its order
catalogue = open(os.path.join(SOURCE_ROOT, "..", "shared", "design", "CHECKS.md")).read() \
    if os.path.exists(os.path.join(SOURCE_ROOT, "..", "shared", "design", "CHECKS.md")) else None
status, out, err = run("checks")
equal(status, 0, "checks: exit status")
ids = [line.split()[0] for line in out.splitlines()[1:]]
equal(len(ids), len(set(ids)), "checks: ids unique")
for cid in ("record-duplicate-id", "record-dangling-reference", "record-invalid-value",
            "opportunity-missing-contact-roles", "opportunity-no-primary-contact", "contact-role-missing-role"):
    check(cid in ids, f"checks lists {cid}")
    line = next(l for l in out.splitlines() if l.startswith(cid + " "))
    check("not implemented" not in line, f"checks: {cid} is implemented")
if catalogue:
    catalogue_ids = re.findall(r"^\| ([a-z]+(?:-[a-z]+)+) \|", catalogue, re.M)
    # the checks issue 15 added after the catalogue was written come in at their place, the others in its order
    beyond = {"lead-is-contact", "lead-duplicate", "opportunity-duplicate"}
    equal([i for i in ids if i not in beyond], catalogue_ids, "checks: the catalogue's ids in its order")
    equal(sorted(set(ids) - set(catalogue_ids)), sorted(beyond), "checks: beyond the catalogue, issue 15's")

# explain
status, out, err = run("explain", "opportunity-missing-contact-roles")
equal(status, 0, "explain: exit status")
for part in ("opportunity-missing-contact-roles (error)", "Why it matters:", "OpportunityContactRole.csv",
             "OpportunityContactRole.OpportunityId", "Example:", "Fix:", "severity = error"):
    check(part in out, f"explain shows {part!r}")
status, out, err = run("explain", "contact-role-suggested")
check(status == 0 and "min_activities = 5" in out and "window_days = 10" in out, "explain shows options")
status, out, err = run("explain", "no-such-check")
check(status == 2 and "unknown check 'no-such-check'" in err, "explain unknown: exit 2")

# init-config: parses back, changes nothing
tmp = tempfile.mkdtemp(prefix="crm-audit-cli-")
cfg = os.path.join(tmp, "crm-audit.ini")
status, out, err = run("init-config", cfg)
equal(status, 0, "init-config FILE: exit status")
status, out, err = run("init-config", cfg)
check(status == 2 and "not overwriting" in err, "init-config refuses to overwrite")
sample = os.path.join(FIXTURES, "sample-org")
s1, d1, *_ = audit(sample, "--config", cfg, "--as-of", "2026-11-20")
# against no config at all (the sample's own crm-audit.ini names competitors)
nothing = os.path.join(tmp, "empty.ini")
open(nothing, "w").close()
s2, d2, *_ = audit(sample, "--config", nothing, "--as-of", "2026-11-20")
equal(s1 in (0, 1), True, "run with the init-config template")
equal(d1 and d1["findings"], d2 and d2["findings"], "the template changes no finding")

# the example config of INTERFACE.md parses
interface = os.path.join(SOURCE_ROOT, "..", "shared", "design", "INTERFACE.md")
if os.path.exists(interface):
    text = open(interface).read()
    ini = re.search(r"```ini\n(.*?)```", text, re.S).group(1)
    ex = os.path.join(tmp, "example.ini")
    open(ex, "w").write(ini)
    status, data, out, err, _ = audit(sample, "--config", ex)
    check(status in (0, 1) and err == "", f"INTERFACE.md's example config parses ({err.strip()})")
    equal(data and data["as_of"], "2026-11-20", "example config: as_of")

# options
for args, needle in ((["--only", "nope"], "--only: unknown check 'nope'"),
                     (["--skip", "x"], "--skip: unknown check 'x'"),
                     (["--html-rows", "-1"], "--html-rows: expected a number of rows per check"),
                     (["--format", "pdf"], "--format: expected xlsx, html, json or fixes, found 'pdf'"),
                     (["--as-of", "2026-13-01"], "--as-of: expected a date YYYY-MM-DD"),
                     (["--fail-on", "fatal"], "--fail-on: expected error, warning, info or never"),
                     (["--encoding", "ebcdic"], "--encoding: expected auto, utf-8 or windows-1252"),
                     (["--profile", "hubspot"], "--profile hubspot: not available yet"),
                     (["--baseline", "x.json"], "x.json: cannot read the baseline"),
                     (["--bogus"], "Unknown option --bogus")):
    status, data, out, err, _ = audit(sample, *args)
    check(status == 2 and needle in err, f"{' '.join(args)}: exit 2 with {needle!r} (got {status}: {err.strip()})")

# --only and --skip select checks; --fail-on sets the exit status
status, data, *_ = audit(sample, "--only", "contact-role-missing-role")
ran = [c["id"] for c in data["checks"] if c["status"] == "ran"]
equal(ran, ["contact-role-missing-role"], "--only runs one check")
equal({f["check"] for f in data["findings"]}, {"contact-role-missing-role"}, "--only: its findings only")
equal(status, 0, "--only a warning check: exit 0 under --fail-on error")
status, data, *_ = audit(sample, "--only", "contact-role-missing-role", "--fail-on", "warning")
equal(status, 1, "--fail-on warning with warnings: exit 1")
status, data, *_ = audit(sample, "--fail-on", "never")
equal(status, 0, "--fail-on never: exit 0")
status, data, *_ = audit(sample)
equal(status, 1, "errors in the sample: exit 1")
status, data, *_ = audit(sample, "--skip", "opportunity-missing-contact-roles")
skipped = {c["id"]: c.get("reason") for c in data["checks"]}
equal(skipped["opportunity-missing-contact-roles"], "skipped by --skip", "--skip: reason")

# disabling a check in the config
cfg2 = os.path.join(tmp, "off.ini")
open(cfg2, "w").write("[check.contact-role-missing-role]\nenabled = false\n")
status, data, *_ = audit(sample, "--config", cfg2)
reason = {c["id"]: c.get("reason") for c in data["checks"]}["contact-role-missing-role"]
equal(reason, f"disabled in {cfg2}", "enabled = false: reason")
# severity override
open(cfg2, "w").write("[check.contact-role-missing-role]\nseverity = error\n")
status, data, *_ = audit(sample, "--config", cfg2, "--only", "contact-role-missing-role")
equal({f["severity"] for f in data["findings"]}, {"error"}, "severity override")
equal(status, 1, "severity raised to error: exit 1")

# a missing object skips the checks that need it, with the reason
only_accounts = os.path.join(tmp, "accounts")
os.mkdir(only_accounts)
open(os.path.join(only_accounts, "Account.csv"), "w").write("Id,Name\n001000000000001,Acme\n")
status, data, out, err, acc_out = audit(only_accounts)
page = open(os.path.join(acc_out, "report.html"), encoding="utf-8").read()
summary = page[page.index('id="summary"'):page.index('id="summary"') + 4000]
check("Not run:" in summary and "Contact.csv is not in the export" in summary,
      "report.html: the skipped checks and why, in the Summary under the cards")
check("warning: activities: no Task.csv or Event.csv in the export" in out,
      "the summary says activity rules lack their files")
check(any(n.startswith("activities: no Task.csv or Event.csv") for n in data["notices"]),
      "... and so does findings.json's notices (and with them every report)")
status_s, data_s, out_s, _, _ = audit(sample)
check("activities: no Task.csv" not in out_s, "... and not when they are there")
# the top checks: the most severe first, then by count
top = [l.split() for l in out_s.splitlines() if l.startswith("  top:") or (l.startswith("       ") and l.split()[-1]
       in ("error", "warning", "info"))]
sev_rank = {"error": 2, "warning": 1, "info": 0}
got = [(sev_rank[t[-1]], int(t[-2])) for t in top]
check(len(got) == 5 and got == sorted(got, reverse=True), f"top: by severity, then count ({got})")
worst = max(sev_rank[f["severity"]] for f in data_s["findings"])
equal(got[0][0], worst, "top: the first check is of the most severe findings")
reason = {c["id"]: c.get("reason") for c in data["checks"]}
equal(reason["opportunity-missing-contact-roles"], "Opportunity.csv, OpportunityContactRole.csv are not in the export",
      "missing objects: reason")
equal(reason["contact-role-missing-role"], "OpportunityContactRole.csv is not in the export", "missing object: reason")
equal(data["input"]["Contact"], {"file": None, "rows": 0}, "missing object in input")
# progress on stderr only when it is a terminal (script(1) gives it one), never with --quiet
import shutil as _sh
import subprocess as _sp
from common import CRM_AUDIT
if _sh.which("script"):
    outdir = os.path.join(tmp, "tty")
    cmd = f"{CRM_AUDIT} run {sample} -o {outdir} --fail-on never"
    tty = _sp.run(["script", "-qec", cmd, "/dev/null"], capture_output=True, text=True).stdout
    check("crm-audit: read Account.csv: 41 rows" in tty, "progress on a terminal: rows read")
    import re as _re
    done = _re.findall(r"crm-audit: \[(\d+)/(\d+)\]", tty)
    check(done and done[-1][0] == done[-1][1] and len(done) == int(done[-1][1]), "progress on a terminal: checks done")
    tty = _sp.run(["script", "-qec", cmd + " --quiet", "/dev/null"], capture_output=True, text=True).stdout
    check("crm-audit: read" not in tty, "--quiet: no progress")
status, out, err = run("run", sample, "-o", os.path.join(tmp, "notty"), "--fail-on", "never")
equal(err, "", "no progress when stderr is not a terminal")

# the README's check table is the registry's
status, out, err = run("checks", "--markdown")
readme = open(os.path.join(SOURCE_ROOT, "README.md"), encoding="utf-8").read()
table = readme.split("<!-- checks:begin -->\n")[1].split("<!-- checks:end -->")[0]
equal(table, out, "README's check table = crm-audit checks --markdown (regenerate it)")
# and its table of the checks' options is the descriptors'
status, out, err = run("checks", "--options-markdown")
table = readme.split("<!-- options:begin -->\n")[1].split("<!-- options:end -->")[0]
equal((status, table), (0, out), "README's options table = crm-audit checks --options-markdown (regenerate it)")
# a missing column: the checks that need it are skipped with the reason, as for a missing file
bad = os.path.join(FIXTURES, "bad", "missing-reference-column")
status, data, stdout, err, _ = audit(bad, "--fail-on", "never")
equal((status, err), (0, ""), "a missing column does not stop the run")
statuses = {c["id"]: (c["status"], c.get("reason")) for c in data["checks"]}
for cid in ("opportunity-missing-contact-roles", "opportunity-no-primary-contact", "stage-committee-mismatch"):
    equal(statuses[cid], ("skipped", "OpportunityContactRole.csv has no OpportunityId column"), f"{cid}: skipped")
check("OpportunityContactRole.csv has no OpportunityId column: opportunity-missing-contact-roles, "
      "opportunity-no-primary-contact, stage-committee-mismatch" in stdout, f"the summary says why: {stdout}")
check(stdout.index("skipped:") < stdout.index("findings:"), "skipped checks come before the findings in the summary")
check(data["analytics"]["coverage"] == {"skipped": "OpportunityContactRole.csv has no OpportunityId column"},
      f"no coverage figures without the column, and the reason: {data['analytics']['coverage']}")
# ... unless --only names a check that needs it: exit 2; one --skip, as the error words it, gets past it
status, _, _, err, _ = audit(bad, "--only", "stage-committee-mismatch,opportunity-no-primary-contact")
equal(status, 2, "--only with a check the export lacks a column for stops the run")
check("(checks opportunity-no-primary-contact,stage-committee-mismatch need it; skip them with --skip "
      "opportunity-no-primary-contact,stage-committee-mismatch)" in err, f"names the --only checks: {err}")
status, _, _, err, _ = audit(bad, "--only", "contact-role-missing-role", "--fail-on", "never")
equal((status, err), (0, ""), "--only with a check that has its columns: the run goes on")
# a column the email checks cannot judge without (Contact.Email): skipped with the reason, not "ran, 0
# findings"; contact-riffraff still judges names; --only names one of them: exit 2 saying which column
import csv as _csv
noemail = os.path.join(tmp, "no-email")
_sh.copytree(sample, noemail)
with open(os.path.join(sample, "Contact.csv"), encoding="utf-8", newline="") as f:
    rows = list(_csv.reader(f))
keep = [i for i, h in enumerate(rows[0]) if h != "Email"]
with open(os.path.join(noemail, "Contact.csv"), "w", encoding="utf-8", newline="") as f:
    _csv.writer(f, lineterminator="\n").writerows([[r[i] for i in keep] for r in rows])
status, data, stdout, err, _ = audit(noemail, "--fail-on", "never")
equal((status, err), (0, ""), "no Email column does not stop the run")
statuses = {c["id"]: (c["status"], c.get("reason")) for c in data["checks"]}
for cid in ("contact-personal-email", "contact-invalid-email", "contact-domain-outlier"):
    equal(statuses[cid], ("skipped", "Contact.csv has no Email column"), f"{cid}: skipped without Email")
equal(statuses["contact-riffraff"][0], "ran", "contact-riffraff still judges names without Email")
check("Contact.csv has no Email column: contact-domain-outlier, contact-personal-email, contact-invalid-email"
      in stdout, f"the summary names the skipped checks and why: {stdout}")
status, _, _, err, _ = audit(noemail, "--only", "contact-personal-email")
equal(status, 2, "--only contact-personal-email without an Email column: exit 2")
check("Contact.csv:1:1: expected a column Email (check contact-personal-email needs it; skip it with --skip "
      "contact-personal-email)" in err, f"the error names the column and the check: {err}")
status, out, err = run("explain", "contact-personal-email")
check(status == 0 and "Needs the column: Contact.Email\n" in out, f"explain shows the needed column: {out}")
status, out, err = run("explain", "account-missing-website")
check(status == 0 and "Needs the column: Account.Website\n" in out, f"explain shows Website: {out}")
status, out, err = run("explain", "contact-riffraff")
check("Needs the column" not in out, "contact-riffraff needs no column beyond Contact.csv")
finish()

"""Helpers for the integration tests: run the binary, read its outputs."""
import json
import os
import subprocess
import sys
import tempfile

CRM_AUDIT = os.environ.get("CRM_AUDIT", "build/crm-audit")
SOURCE_ROOT = os.environ.get("SOURCE_ROOT", os.getcwd())
FIXTURES = os.environ.get("FIXTURES", os.path.join(SOURCE_ROOT, "fixtures"))

failures = []


def run(*args, cwd=None, timeout=600):
    """Run crm-audit; return (exit status, stdout, stderr). `run EXPORT_DIR` gets --config
    EXPORT_DIR/crm-audit.ini when the test put one there (config_args)."""
    if len(args) > 1 and args[0] == "run":
        args = ("run", args[1], *config_args(args[1], args[2:]))
    p = subprocess.run([CRM_AUDIT, *args], capture_output=True, text=True, cwd=cwd, timeout=timeout)
    return p.returncode, p.stdout, p.stderr


def config_args(export_dir, args):
    """--config EXPORT_DIR/crm-audit.ini when the test put one there and gave no --config: crm-audit reads a
    config in the export folder only when --config names it (issue 21)."""
    ini = os.path.join(export_dir, "crm-audit.ini")
    if "--config" in args or not os.path.isfile(ini):
        return list(args)
    return ["--config", ini, *args]


def audit(export_dir, *args):
    """Run an audit into a fresh folder; return (status, findings.json as dict or None, stdout, stderr).
    A crm-audit.ini in export_dir is passed with --config (run)."""
    out = tempfile.mkdtemp(prefix="crm-audit-test-")
    status, stdout, stderr = run("run", export_dir, "-o", out, "--quiet", *args)
    path = os.path.join(out, "findings.json")
    data = None
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    return status, data, stdout, stderr, out


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what, file=sys.stderr)


def equal(actual, expected, what):
    if actual != expected:
        failures.append(what)
        print(f"FAIL: {what}\n  expected: {expected!r}\n  actual:   {actual!r}", file=sys.stderr)


def finish():
    if failures:
        print(f"{len(failures)} assertion(s) failed", file=sys.stderr)
        sys.exit(1)
    print("ok")
    sys.exit(0)

#!/usr/bin/env python3
"""Check x509strict's Python 3.13 prediction against a real `ssl` handshake.

For each case (x509-limbo SERVER cases that carry the leaf's private key and
validate at the current time, plus an optional directory corpus), this script

  1. runs an in-memory TLS handshake (ssl.MemoryBIO, no sockets) between a
     server presenting the case's chain (at security level 0, so that it can
     load and use any key the client then judges) and a client configured the way
     Python 3.13's ssl.create_default_context() configures verification
     (CERT_REQUIRED, check_hostname, verify_flags 0x88020 =
     X509_STRICT | TRUSTED_FIRST | PARTIAL_CHAIN), and records what the client
     raised: nothing, or SSLCertVerificationError's verify_code,
     verify_message and str();
  2. runs `x509strict verify --policy python-3.13 --format json` on the same
     certificates and reads the "python" member of its report;
  3. compares the two.

Python 3.11 and 3.12 do not set STRICT and PARTIAL_CHAIN by default, but the
flags are the same bits on every version, so the client sets them itself.

Standard library only. Exit status: 0 when every checked case agrees, 1 when
one disagrees (or the harness cannot run x509strict), 77 when the check cannot
run here (no ssl module, an OpenSSL major.minor different from x509strict's,
no limbo.json).
"""

import argparse
import itertools
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

EXIT_SKIP = 77

# ssl.VERIFY_X509_PARTIAL_CHAIN | ssl.VERIFY_X509_STRICT, spelled as numbers:
# the PARTIAL_CHAIN constant only exists from Python 3.10 on.
STRICT_PARTIAL = 0x80000 | 0x20
# What Python 3.13's create_default_context() leaves in verify_flags
# (TRUSTED_FIRST 0x8000 is set by every SSLContext).
PY313_VERIFY_FLAGS = 0x88020

CLI_TIMEOUT = 60  # seconds per x509strict run; the DoS cases must not hang us
PEM_CERT_RE = re.compile(
    r"-----BEGIN CERTIFICATE-----\r?\n.*?-----END CERTIFICATE-----", re.DOTALL
)

try:
    import ssl
except ImportError:  # Python built without OpenSSL
    ssl = None


def skip_all(reason):
    print("python_ssl: SKIPPED: %s" % reason)
    sys.exit(EXIT_SKIP)


class Case:
    """One certificate chain to verify, as files in a directory."""

    def __init__(self, case_id, leaf, intermediates, key, trust, host):
        self.id = case_id
        self.leaf = leaf  # path: the end-entity certificate
        self.intermediates = intermediates  # paths: one certificate each
        self.key = key  # path: the leaf's private key
        self.trust = trust  # path: the trust anchors
        self.host = host  # DNS name or IP address to verify, or None

    def server_chain(self):
        """The leaf followed by the intermediates, for load_cert_chain()."""
        path = os.path.join(os.path.dirname(self.leaf), "chain.pem")
        with open(path, "w") as out:
            for part in [self.leaf] + self.intermediates:
                with open(part) as f:
                    out.write(f.read().strip() + "\n")
        return path


def write(path, text):
    with open(path, "w") as f:
        f.write(text if text.endswith("\n") else text + "\n")
    return path


def limbo_cases(limbo_path, root):
    """Yield the limbo cases a real handshake can reproduce."""
    with open(limbo_path) as f:
        suite = json.load(f)
    n = 0
    for tc in suite["testcases"]:
        if (
            tc.get("validation_kind") != "SERVER"
            or not tc.get("peer_certificate_key")
            or tc.get("validation_time") is not None
        ):
            continue
        name = tc.get("expected_peer_name") or {}
        host = name.get("value") if name.get("kind") in ("DNS", "IP") else None
        d = os.path.join(root, "limbo-%04d" % n)
        n += 1
        os.mkdir(d)
        leaf = write(os.path.join(d, "leaf.pem"), tc["peer_certificate"])
        ints = [
            write(os.path.join(d, "int-%03d.pem" % i), pem)
            for i, pem in enumerate(tc.get("untrusted_intermediates") or [])
        ]
        key = write(os.path.join(d, "key.pem"), tc["peer_certificate_key"])
        trust = write(
            os.path.join(d, "trust.pem"),
            "".join(p.strip() + "\n" for p in tc["trusted_certs"]),
        )
        yield Case(tc["id"], leaf, ints, key, trust, host)


def dir_cases(cases_dir, root):
    """Yield the corpus cases: subdirectories with chain.pem, key.pem,
    trust.pem and optionally host.txt."""
    for name in sorted(os.listdir(cases_dir)):
        src = os.path.join(cases_dir, name)
        files = [os.path.join(src, f) for f in ("chain.pem", "key.pem", "trust.pem")]
        if not all(os.path.isfile(f) for f in files):
            continue
        chain, key, trust = files
        with open(chain) as f:
            certs = PEM_CERT_RE.findall(f.read())
        if not certs:
            # Let both sides see the broken file: the handshake will skip it.
            certs = [""]
        d = os.path.join(root, "dir-" + name)
        os.mkdir(d)
        leaf = write(os.path.join(d, "leaf.pem"), certs[0])
        ints = [
            write(os.path.join(d, "int-%03d.pem" % i), pem)
            for i, pem in enumerate(certs[1:])
        ]
        host = None
        host_file = os.path.join(src, "host.txt")
        if os.path.isfile(host_file):
            with open(host_file) as f:
                host = f.read().strip() or None
        yield Case("cases/" + name, leaf, ints, key, trust, host)


def ssl_error_name(exc):
    """A stable short name for an SSLError, without the _ssl.c line."""
    lib = getattr(exc, "library", None)
    reason = getattr(exc, "reason", None)
    if lib or reason:
        return "%s: %s" % (lib or "?", reason or "?")
    return "%s: %s" % (type(exc).__name__, exc)


def client_context(case):
    """A client context verifying as Python 3.13's create_default_context()."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = case.host is not None
    ctx.verify_mode = ssl.CERT_REQUIRED
    ctx.load_verify_locations(cafile=case.trust)
    ctx.verify_flags |= STRICT_PARTIAL
    if ctx.verify_flags != PY313_VERIFY_FLAGS:
        raise RuntimeError(
            "client verify_flags are %#x, expected %#x"
            % (ctx.verify_flags, PY313_VERIFY_FLAGS)
        )
    return ctx


def python_verdict(case):
    """Run the handshake. Returns ("accept", None), ("reject", exception) for
    SSLCertVerificationError, or ("skip", reason)."""
    server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    # The server only carries the chain to the client: let it load and use
    # any key, so that the client's own checks (key sizes, digests) decide.
    server_ctx.set_ciphers("ALL:@SECLEVEL=0")
    try:
        server_ctx.load_cert_chain(case.server_chain(), case.key)
    except (ssl.SSLError, OSError, ValueError) as e:
        return "skip", "server load_cert_chain failed (%s)" % ssl_error_name(e)
    try:
        client_ctx = client_context(case)
    except (ssl.SSLError, OSError, ValueError) as e:
        return "skip", "client load_verify_locations failed (%s)" % ssl_error_name(e)

    c_in, c_out = ssl.MemoryBIO(), ssl.MemoryBIO()
    s_in, s_out = ssl.MemoryBIO(), ssl.MemoryBIO()
    try:
        client = client_ctx.wrap_bio(c_in, c_out, server_hostname=case.host)
    except (ValueError, UnicodeError) as e:
        return "skip", "python refuses server_hostname (%s)" % type(e).__name__
    server = server_ctx.wrap_bio(s_in, s_out, server_side=True)

    server_error = None
    for _ in range(32):
        try:
            client.do_handshake()
            return "accept", None
        except ssl.SSLWantReadError:
            pass
        except ssl.SSLCertVerificationError as e:
            return "reject", e
        except ssl.SSLError as e:
            side, err = ("server", server_error) if server_error else ("client", e)
            return "skip", "handshake failed, %s: %s" % (side, ssl_error_name(err))
        s_in.write(c_out.read())
        if server_error is None:
            try:
                server.do_handshake()
            except ssl.SSLWantReadError:
                pass
            except ssl.SSLError as e:
                server_error = e  # its alert is in s_out; the client raises next
        c_in.write(s_out.read())
    return "skip", "handshake did not finish"


def run_x509strict(exe, case):
    cmd = [exe, "verify", "--policy", "python-3.13", "--format", "json",
           "--trust", case.trust]
    for path in case.intermediates:
        cmd += ["--untrusted", path]
    if case.host is not None:
        cmd += ["--host", case.host]
    cmd.append(case.leaf)
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=CLI_TIMEOUT)
    except subprocess.TimeoutExpired:
        return None, "x509strict timed out after %d s" % CLI_TIMEOUT
    except OSError as e:
        return None, "cannot run x509strict: %s" % e
    err = p.stderr.decode("utf-8", "replace").strip()
    if p.returncode not in (0, 1):
        return None, "x509strict exited %d: %s" % (p.returncode, err)
    try:
        report = json.loads(p.stdout.decode("utf-8"))
        predicted = report["python"]
        outcome = predicted["outcome"]
    except (ValueError, KeyError, TypeError) as e:
        return None, "x509strict exited %d with unusable JSON (%s): %s" % (
            p.returncode, e, err)
    if (p.returncode == 0) != (outcome == "accept"):
        return None, "x509strict exited %d but predicts %s" % (p.returncode, outcome)
    return predicted, None


def describe_python(kind, exc):
    if kind == "accept":
        return "accept"
    return "SSLCertVerificationError verify_code=%r verify_message=%r str=%r" % (
        exc.verify_code, exc.verify_message, str(exc))


def describe_prediction(p):
    if p.get("outcome") == "accept":
        return "accept"
    return "%s verify_code=%r verify_message=%r message=%r" % (
        p.get("outcome"), p.get("verify_code"), p.get("verify_message"),
        p.get("message"))


def agrees(kind, exc, p):
    if kind == "accept":
        return p.get("outcome") == "accept"
    message = p.get("message")
    return (
        p.get("outcome") == "SSLCertVerificationError"
        and p.get("verify_code") == exc.verify_code
        and p.get("verify_message") == exc.verify_message
        and isinstance(message, str)
        and message != ""
        # Python appends " (_ssl.c:LINE)"; the line varies by build.
        and re.fullmatch(re.escape(message) + r"( \(_ssl\.c:\d+\))?", str(exc))
        is not None
    )


def x509strict_openssl(exe):
    try:
        p = subprocess.run([exe, "--version"], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=CLI_TIMEOUT)
    except (OSError, subprocess.TimeoutExpired) as e:
        return None, "cannot run %s --version: %s" % (exe, e)
    out = p.stdout.decode("utf-8", "replace")
    m = re.search(r"OpenSSL (\d+)\.(\d+)\.\d+", out)
    if p.returncode != 0 or not m:
        return None, "%s --version exited %d, printed %r" % (exe, p.returncode, out)
    return (int(m.group(1)), int(m.group(2))), None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--x509strict", required=True, help="the x509strict CLI")
    ap.add_argument("--limbo", required=True, help="limbo.json")
    ap.add_argument("--cases", help="directory of cases (chain.pem, key.pem, "
                    "trust.pem, optional host.txt per subdirectory)")
    ap.add_argument("--limit", type=int, metavar="N",
                    help="take only the first N cases")
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="print every case, not only disagreements")
    args = ap.parse_args()

    if ssl is None:
        skip_all("python has no ssl module")
    if not hasattr(ssl, "MemoryBIO") or not hasattr(ssl, "PROTOCOL_TLS_SERVER"):
        skip_all("python %s's ssl module is too old" % sys.version.split()[0])
    if not os.path.isfile(args.limbo):
        skip_all("no limbo.json at %s" % args.limbo)
    cli_openssl, err = x509strict_openssl(args.x509strict)
    if err:
        print("python_ssl: ERROR: %s" % err)
        return 1
    py_openssl = tuple(ssl.OPENSSL_VERSION_INFO[:2])
    if py_openssl != cli_openssl:
        skip_all("python's ssl uses %s, x509strict uses OpenSSL %d.%d"
                 % (ssl.OPENSSL_VERSION, cli_openssl[0], cli_openssl[1]))
    if sys.version_info >= (3, 13):
        default = ssl.create_default_context().verify_flags
        if default != PY313_VERIFY_FLAGS:
            print("python_ssl: note: this Python's create_default_context() sets "
                  "verify_flags %#x; checking against 3.13's %#x"
                  % (default, PY313_VERIFY_FLAGS))

    skipped = Counter()
    failures = []
    agreed = 0
    with tempfile.TemporaryDirectory(prefix="x509strict-python-ssl-") as root:
        sources = [limbo_cases(args.limbo, root)]
        if args.cases and os.path.isdir(args.cases):
            sources.append(dir_cases(args.cases, root))
        # The handshakes, one after the other: each takes a few milliseconds.
        handshakes = []
        for case in itertools.islice(itertools.chain(*sources), args.limit):
            kind, detail = python_verdict(case)
            if kind == "skip":
                skipped[detail] += 1
                if args.verbose:
                    print("skip  %s: %s" % (case.id, detail))
            else:
                handshakes.append((case, kind, detail))
        # x509strict, in parallel: process start-up dominates.
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            predictions = pool.map(lambda h: run_x509strict(args.x509strict, h[0]),
                                   handshakes)
            for (case, kind, detail), (predicted, err) in zip(handshakes, predictions):
                said = describe_python(kind, detail)
                if err is None and agrees(kind, detail, predicted):
                    agreed += 1
                    if args.verbose:
                        print("ok    %s: %s" % (case.id, said))
                    continue
                failures.append(case.id)
                print("MISMATCH %s" % case.id)
                print("    python said:     %s" % said)
                print("    x509strict said: %s" % (err or describe_prediction(predicted)))
    checked = len(handshakes)

    print("python_ssl: Python %s, %s, verify_flags %#x: "
          "%d cases checked, %d agreed, %d disagreed, %d skipped"
          % (sys.version.split()[0], ssl.OPENSSL_VERSION, PY313_VERIFY_FLAGS,
             checked, agreed, len(failures), sum(skipped.values())))
    for reason, n in sorted(skipped.items(), key=lambda kv: (-kv[1], kv[0])):
        print("    skipped %3d: %s" % (n, reason))
    print("%d passed, %d failed" % (agreed, len(failures)))
    if checked == 0:
        skip_all("no case could be checked")
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())

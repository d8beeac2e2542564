#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Run bare-metal test guests as dom0less domains under Debian's Xen 4.17
(or, with --hypervisor basalt, under Basalt on the identical board) and
collect what each domain printed: its PASS/FAIL lines, the `got X, want Y`
detail of each failure, BENCH figures and its RESULT line.

  run_under_xen.py test/guests/xen_abi.bin
  run_under_xen.py --cpus 1 --memory 64 a.bin b.bin

A guest that stops printing for --idle seconds without a RESULT line (Xen
shut it down, or it hangs) is reported as such with the last case it
reached, and the hypervisor's domain dump (debug key 'q') is taken into the
log. The console log stays under test/xenref/logs/<name>/.
Exit status: 0 if every domain printed RESULT PASS, 1 otherwise."""

import argparse
import os
import re
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "e2e"))

import pexpect  # noqa: E402

import board  # noqa: E402
import vmlib  # noqa: E402
import xen_board  # noqa: E402

CASE_RE = re.compile(r"^(PASS|FAIL) (.*)$")
DETAIL_RE = re.compile(r"^  (.*): got (-?\d+), want (-?\d+)$")
RESULT_RE = re.compile(r"^RESULT (PASS|FAIL)$")
BENCH_RE = re.compile(r"^BENCH (\S+) (.*)$")


class GuestRun:
    """What one domain printed."""

    def __init__(self, domid, name):
        self.domid = domid
        self.name = name
        self.lines = []
        self.cases = []      # (name, passed, got, want), in order; got/want None if unknown
        self.bench = {}      # figure name -> text after it
        self.result = None   # "PASS", "FAIL" or None (no RESULT line)

    def parse(self, lines):
        self.lines = lines
        detail = {}
        for ln in lines:
            m = DETAIL_RE.match(ln)
            if m:
                detail[m.group(1)] = (int(m.group(2)), int(m.group(3)))
                continue
            m = CASE_RE.match(ln)
            if m:
                got, want = detail.pop(m.group(2), (None, None))
                self.cases.append((m.group(2), m.group(1) == "PASS", got, want))
                continue
            m = RESULT_RE.match(ln)
            if m:
                self.result = m.group(1)
                continue
            m = BENCH_RE.match(ln)
            if m:
                self.bench[m.group(1)] = m.group(2).strip()
        return self

    def last_case(self):
        return self.cases[-1][0] if self.cases else None


def make_board(hypervisor, name, domains, cpus, hv_bootargs, gic=3):
    if hypervisor == "xen":
        args = xen_board.XEN_BOOTARGS + (" " + hv_bootargs if hv_bootargs else "")
        return xen_board.XenBoard(name, domains, hv_bootargs=args, gic=gic, cpus=cpus)
    return board.Board(name, domains, gic=gic, cpus=cpus, hv_bootargs=hv_bootargs)


def _log_text(b):
    if getattr(b, "log", None):
        b.log.flush()
    with open(b.log_path, errors="replace") as f:
        return f.read().replace("\r", "")


def _dump_domains(b):
    """A guest stopped early: ask the hypervisor for its domain dump (CTRL-a x3
    to its console input, then debug key 'q'), so the log shows the state."""
    b.input = None  # unknown: Xen starts with input on a "DOM0" it does not have
    try:
        b.switch_input("hv", timeout=5)
    except board.BoardError:
        return
    b.send("q")
    _drain(b, 3.0)


def _drain(b, seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            b.proc.read_nonblocking(65536, timeout=0.2)
        except pexpect.TIMEOUT:
            pass
        except pexpect.EOF:
            return


def _type_steps(b, text, steps):
    """Type the next steps of a script whose trigger is in the log: each step
    is (regex, domid, text); the text goes to domain domid's console input."""
    while steps and re.search(steps[0][0], text, re.M):
        _pattern, domid, keys = steps.pop(0)
        # Where input is now, from the last announcement: a domain that went
        # away gave it back to the hypervisor without a key pressed.
        vmlib.sync_input(b)
        b.switch_input(domid, timeout=10)
        b.send(keys)


def run_guests(hypervisor, name, domains, cpus=2, hv_bootargs="", timeout=600, idle=20,
               script=()):
    """Boot `domains` (board.Domain) under `hypervisor` ("xen" or "basalt"); type
    `script` (see _type_steps) as its triggers appear; wait until every domain
    printed RESULT, or nothing new arrived for `idle` seconds, or `timeout`.
    Returns ({domid: GuestRun}, log text, board)."""
    b = make_board(hypervisor, name, domains, cpus, hv_bootargs)
    done_re = re.compile(r"^(?:\(d(\d+)\) |DOM(\d+): )RESULT (?:PASS|FAIL)", re.M)
    steps = list(script)
    b.start()
    try:
        start = last_change = time.monotonic()
        seen = 0
        while True:
            text = _log_text(b)
            _type_steps(b, text, steps)
            finished = {m.group(1) or m.group(2) for m in done_re.finditer(text)}
            if len(finished) >= len(domains):
                time.sleep(0.5)  # let the tail of the last line arrive
                break
            if re.search(xen_board.XEN_PANIC_RE, text):
                time.sleep(0.5)
                break
            now = time.monotonic()
            if len(text) != seen:
                seen, last_change = len(text), now
            if now - last_change > idle * board.TIMEOUT_SCALE or \
               now - start > timeout * board.TIMEOUT_SCALE:
                break
            try:
                b.proc.read_nonblocking(65536, timeout=0.5)
            except pexpect.TIMEOUT:
                pass
            except pexpect.EOF:
                break
        if len(finished) < len(domains) and b.proc.isalive():
            _dump_domains(b)
        try:
            b.proc.read_nonblocking(65536, timeout=0.2)
        except (pexpect.TIMEOUT, pexpect.EOF):
            pass
        text = _log_text(b)
    finally:
        b.stop()
    runs = {}
    for i, d in enumerate(domains, 1):
        runs[i] = GuestRun(i, d.name).parse(xen_board.guest_lines(text, i))
    return runs, text, b


def guest_domain(image, name=None, memory_mib=64, cpus=1, extra_dts="", enhanced=True):
    """A dom0less domain running a bare-metal test guest image, configured as
    the XEN owner's test_xen_guests.py does (xen,enhanced, no ramdisk)."""
    dts = ('      xen,enhanced = "enabled";\n' if enhanced else "") + extra_dts
    return board.Domain(name or os.path.basename(image).rsplit(".", 1)[0], memory_mib=memory_mib,
                        cpus=cpus, kernel=image, ramdisk=None, bootargs="", extra_dts=dts)


def print_runs(runs):
    for r in runs.values():
        print("== d%d %s: %s" % (r.domid, r.name, r.result or "no RESULT line (stopped after %r)"
                                  % r.last_case()))
        for (case, ok, got, want) in r.cases:
            extra = "" if ok or got is None else "  (got %d, want %d)" % (got, want)
            print("  %s %s%s" % ("PASS" if ok else "FAIL", case, extra))
        for k, v in r.bench.items():
            print("  BENCH %s %s" % (k, v))


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("images", nargs="+", help="guest images, one dom0less domain each")
    ap.add_argument("--hypervisor", choices=("xen", "basalt"), default="xen")
    ap.add_argument("--name", default="run")
    ap.add_argument("--cpus", type=int, default=2, help="board CPUs")
    ap.add_argument("--vcpus", type=int, default=1, help="vCPUs per domain")
    ap.add_argument("--memory", type=int, default=64, help="MiB per domain")
    ap.add_argument("--no-enhanced", action="store_true", help="omit xen,enhanced")
    ap.add_argument("--hv-bootargs", default="", help="appended to the hypervisor command line")
    ap.add_argument("--timeout", type=int, default=600)
    ap.add_argument("--idle", type=int, default=20)
    args = ap.parse_args()
    domains = [guest_domain(os.path.abspath(img), memory_mib=args.memory, cpus=args.vcpus,
                            enhanced=not args.no_enhanced) for img in args.images]
    runs, _text, b = run_guests(args.hypervisor, args.name, domains, args.cpus,
                                args.hv_bootargs, args.timeout, args.idle)
    print_runs(runs)
    print("console log: %s" % b.log_path)
    return 0 if all(r.result == "PASS" for r in runs.values()) else 1


if __name__ == "__main__":
    sys.exit(main())

# SPDX-License-Identifier: GPL-2.0-only
"""Helpers for the VM board tests (guests, lifecycle, scheduling) on top of
board.py: waiting on the whole console log, so that lines of concurrently
running guests are found whatever order they arrive in."""

import re
import time

import pexpect

from board import DOM_INPUT_RE, HV_INPUT_RE, TIMEOUT_SCALE, Board, linux_domains
from tap import Tap, check

# Extra QEMU options of the VM board tests. How the board's CPUs run (single-
# or multi-threaded TCG) is board.ACCEL, set with BASALT_ACCEL; see board.py.
QEMU_EXTRA = []


def log_text(b):
    if getattr(b, "log", None):
        b.log.flush()
    with open(b.log_path, errors="replace") as f:
        text = f.read().replace("\r", "")
    # Complete lines only: a pattern must not match half of a line still arriving.
    return text[:text.rfind("\n") + 1]


def log_wait(b, pattern, count=1, timeout=60):
    """Wait until @pattern matched @count times anywhere in the console log
    since the board started; returns the list of matches (re.Match)."""
    rx = re.compile(pattern)
    deadline = time.monotonic() + timeout * TIMEOUT_SCALE
    while True:
        found = list(rx.finditer(log_text(b)))
        if len(found) >= count:
            return found
        if time.monotonic() > deadline:
            b.fail("timed out after %ds waiting for %d x %r (saw %d)" %
                   (timeout, count, pattern, len(found)))
        try:
            b.proc.read_nonblocking(65536, timeout=0.5)
        except pexpect.TIMEOUT:
            pass
        except pexpect.EOF:
            b.fail("board exited while waiting for %r" % pattern)


def log_count(b, pattern):
    return len(re.findall(pattern, log_text(b)))


def wait_all_init(b, domids, timeout=400):
    """Wait for the initramfs banner of every domain in @domids; returns {domid: ncpus}."""
    cpus = {}
    for d in domids:
        m = log_wait(b, r"\(d%d\) basalt-guest: init reached on (\S+), (\d+) cpus" % d, 1,
                     timeout)[0]
        cpus[d] = int(m.group(2))
    # Let the shell come up behind the banner before typing at it.
    for d in domids:
        b.guest_run(d, "true", 120)
    return cpus


def sync_input(b):
    """Take the console input target from the hypervisor's last announcement:
    when a domain goes away its input returns to the hypervisor, which the
    harness cannot know on its own."""
    text = log_text(b)
    last = None
    for rx in (HV_INPUT_RE, DOM_INPUT_RE):
        for m in rx.finditer(text):
            if last is None or m.start() > last.start():
                last = m
    if last is not None:
        b.input = "hv" if last.re is HV_INPUT_RE else int(last.group(1))


# ---- the two-Linux-guest scenario, shared by boards that differ in shape -------------

def stress_spin(b):
    """Domain 1 spins on both its CPUs; domain 2 must keep answering."""
    b.guest_run(1, "for i in 1 2; do (while :; do :; done) & done")
    for i in range(3):
        rc, out = b.guest_run(2, "echo ping%d-$((6*7))" % i, 90)
        check(rc == 0 and ("ping%d-42" % i) in out, "d2 while d1 spins: %r" % out)


def stress_panic(b):
    """Domain 1 panics; domain 2 must keep answering."""
    b.switch_input(1)
    b.send("echo c > /proc/sysrq-trigger\r")
    log_wait(b, r"\(d1\) .*Kernel panic", 1, 120)
    rc, out = b.guest_run(2, "echo fine-$((40+2))", 60)
    check(rc == 0 and "fine-42" in out, "d2: %r" % out)


def survivor_answers(b):
    """After domain 2 is gone, domain 1 (still spinning) answers."""
    sync_input(b)
    rc, out = b.guest_run(1, "echo still-$((40+2))", 90)
    check(rc == 0 and "still-42" in out, "d1: %r" % out)


def linux_pair_scenario(label, board_name, gic, cpus, init_timeout=400, sleep_domid=1,
                        sleep_max=15, stress=stress_spin, stress_name="",
                        poweroff_name="guest poweroff is reported by the hypervisor",
                        after_poweroff=None):
    """Two 128 MiB Linux guests with 2 vCPUs each on one board (@gic, @cpus):
    both boot and run a command; `sleep 2` in @sleep_domid lasts 1.8 s to
    @sleep_max s of host time; @stress (domain 1 misbehaves, domain 2 must
    answer); domain 2 powers off, then @after_poweroff(b) if given. Case
    names are prefixed with @label. Runs the TAP cases and stops the board."""
    t = Tap()
    state = {}

    def board():
        if "board" not in state:
            b = Board(board_name, linux_domains(2, memory_mib=128), gic=gic, cpus=cpus,
                      extra_qemu=QEMU_EXTRA).start()
            state["board"] = b
            state["cpus"] = wait_all_init(b, (1, 2), timeout=init_timeout)
        return state["board"]

    @t.case("%s: both guests reach init with 2 CPUs and run a command" % label)
    def _():
        b = board()
        for d in (1, 2):
            check(state["cpus"][d] == 2, "d%d saw %d cpus" % (d, state["cpus"][d]))
            rc, out = b.guest_run(d, "uname -m")
            check(rc == 0 and "aarch64" in out, "d%d: %r" % (d, out))

    @t.case("%s: sleep 2 lasts about 2 s of host time" % label)
    def _():
        b = board()
        start = time.monotonic()
        rc, _ = b.guest_run(sleep_domid, "sleep 2")
        took = time.monotonic() - start
        print("# sleep 2 took %.2f s of host time" % took)
        check(rc == 0 and 1.8 <= took <= sleep_max, "sleep 2 took %.2f s" % took)

    @t.case("%s: %s" % (label, stress_name))
    def _():
        stress(board())

    @t.case("%s: %s" % (label, poweroff_name))
    def _():
        b = board()
        b.switch_input(2)
        b.send("poweroff\r")
        log_wait(b, r"d2 \(domU2\): shutdown: poweroff", 1, 120)
        log_wait(b, r"d2: destroyed", 1, 60)
        if after_poweroff:
            after_poweroff(b)

    try:
        t.run()
    finally:
        if "board" in state:
            state["board"].stop()

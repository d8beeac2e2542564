# SPDX-License-Identifier: GPL-2.0-only
"""Helpers for the VM board tests (guests, lifecycle, scheduling) on top of
board.py: waiting on the whole console log, so that lines of concurrently
running guests are found whatever order they arrive in."""

import re
import time

import pexpect

from board import DOM_INPUT_RE, HV_INPUT_RE, TIMEOUT_SCALE

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

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Console input read through CONSOLEIO_read. One board, two dom0less test
guests (test/guests/console_in.c): d1 is a console owner (basalt,console-io
in its node), d2 is not. The test switches the hypervisor console's input
(CTRL-a x3) to d1 and types lines that d1 reads with CONSOLEIO_read after
VIRQ_CONSOLE and echoes with CONSOLEIO_write; then to d2, whose
CONSOLEIO_read gets -EPERM and whose vPL011 still receives what is typed.
Every guest case is a PASS/FAIL line; each step here is a TAP case."""

import re

from board import Board
from tap import Skip, Tap, check
from test_xen_guests import guest, xen_abi_linked
from vmlib import log_text, log_wait, sync_input

t = Tap()
OWNER, OTHER = 1, 2
LINE1 = "Basalt console-io 42 #1"
LINE2 = "after a fault: nothing lost"
LINE3 = "for d2 only"
LINE4 = "back to d1"
state = {}


def board():
    if "board" not in state:
        raise Skip("the board did not start")
    return state["board"]


def type_line(b, domid, text):
    b.switch_input(domid)
    b.send(text + "\r")


def echoed(b, domid, tag, timeout=60):
    """The text between the brackets of domain @domid's '<tag> [...]' line."""
    m = log_wait(b, r"\(d%d\) %s \[([^\]\n]*)\]\n" % (domid, re.escape(tag)), 1, timeout)[0]
    return m.group(1)


@t.case("two guests boot: d1 a console owner (basalt,console-io), d2 not")
def _():
    if not xen_abi_linked():
        raise Skip("the hypervisor is built without the Xen ABI")
    owner = guest("conowner", "console_in_a.bin", extra_dts="      basalt,console-io;\n")
    other = guest("conother", "console_in_b.bin")
    b = Board("xen_console_io", [owner, other], gic=3, cpus=2)
    b.start()
    state["board"] = b
    log_wait(b, r"\(d%d\) CONSOLEIO READY 1" % OWNER, 1, 120)
    log_wait(b, r"\(d%d\) PL011 READY" % OTHER, 1, 120)


@t.case("d1 reads a typed line with CONSOLEIO_read after VIRQ_CONSOLE and echoes it exactly")
def _():
    b = board()
    type_line(b, OWNER, LINE1)
    got = echoed(b, OWNER, "ECHO1")
    check(got == LINE1, "d1 echoed %r, typed %r" % (got, LINE1))


@t.case("d1's vPL011 still receives the same input")
def _():
    b = board()
    log_wait(b, r"\(d%d\) (PASS|FAIL) vPL011 got the line too" % OWNER, 1, 60)
    check("(d%d) PASS vPL011 got the line too" % OWNER in log_text(b),
          "d1's vPL011 did not get the line it read through CONSOLEIO")


@t.case("a read into unmapped memory is -EFAULT and loses no input")
def _():
    b = board()
    log_wait(b, r"\(d%d\) CONSOLEIO READY 2" % OWNER, 1, 60)
    type_line(b, OWNER, LINE2)
    got = echoed(b, OWNER, "ECHO2")
    check(got == LINE2, "d1 echoed %r after the faulting read, typed %r" % (got, LINE2))
    check("(d%d) PASS read into unmapped memory" % OWNER in log_text(b),
          "the read into unmapped memory did not give -EFAULT")


@t.case("d2 (not a console owner) gets -EPERM from CONSOLEIO_read; its vPL011 gets its input")
def _():
    b = board()
    log_wait(b, r"\(d%d\) CONSOLEIO READY 3" % OWNER, 1, 60)
    text = log_text(b)
    for case in ("read (not owner)", "read count 0 (not owner)",
                 "read unmapped buffer (not owner)", "read count -1 (not owner)"):
        check("(d%d) PASS %s" % (OTHER, case) in text, "d2: %s did not give -EPERM" % case)
    type_line(b, OTHER, LINE3)
    got = echoed(b, OTHER, "PL011 ECHO")
    check(got == LINE3, "d2's vPL011 echoed %r, typed %r" % (got, LINE3))
    log_wait(b, r"\(d%d\) RESULT (PASS|FAIL)" % OTHER, 1, 60)
    check("(d%d) PASS no VIRQ_CONSOLE for a non-owner" % OTHER in log_text(b),
          "d2 got VIRQ_CONSOLE")


@t.case("input typed for d2 never reaches d1's ring")
def _():
    b = board()
    # d2 powered off after its RESULT: the console input went back to the hypervisor.
    log_wait(b, r"d%d: destroyed" % OTHER, 1, 60)
    sync_input(b)
    type_line(b, OWNER, LINE4)
    got = echoed(b, OWNER, "ECHO3")
    check(got == LINE4, "d1 read %r, typed %r for it (and %r for d2 before)" %
          (got, LINE4, LINE3))


@t.case("every guest case passes")
def _():
    b = board()
    log_wait(b, r"\(d%d\) RESULT (PASS|FAIL)" % OWNER, 1, 60)
    text = log_text(b)
    fails = re.findall(r"\(d\d+\) FAIL .*", text)
    check(not fails, "failing cases:\n" + "\n".join(fails))
    check(len(re.findall(r"\(d\d+\) RESULT PASS", text)) == 2, "a guest did not report PASS")


if __name__ == "__main__":
    try:
        t.run()
    finally:
        if "board" in state:
            state["board"].stop()

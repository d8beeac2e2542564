#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Isolation between two Linux guests: one reading an unmapped address gets
an abort (and survives it), one spinning on every vCPU does not stop the
other, one that panics (and spins with interrupts masked) leaves the
hypervisor and the other guest running."""

from board import Board, linux_domains
from tap import Tap, check
from vmlib import QEMU_EXTRA, log_wait, wait_all_init

t = Tap()
state = {}


def board():
    if "board" not in state:
        b = Board("vm_linux_isolation", linux_domains(2, memory_mib=128), gic=3,
                  cpus=4, extra_qemu=QEMU_EXTRA).start()
        state["board"] = b
        wait_all_init(b, (1, 2))
    return state["board"]


@t.case("a guest touching an unmapped address gets an abort, not the hypervisor")
def _():
    b = board()
    # 0x10000000 is neither guest RAM nor an emulated device.
    rc, out = b.guest_run(1, "devmem 0x10000000 32", 60)
    check(rc != 0, "devmem of an unmapped IPA succeeded: %r" % out)
    log_wait(b, r"d1v\d: read from unmapped IPA 0x10000000", 1, 30)
    rc, out = b.guest_run(1, "echo survived-$((40+2))")
    check(rc == 0 and "survived-42" in out, "d1 after the abort: %r" % out)


@t.case("a guest spinning on all its vCPUs does not starve the other")
def _():
    b = board()
    b.guest_run(1, "for i in 1 2 3 4; do (while :; do :; done) & done")
    for i in range(3):
        rc, out = b.guest_run(2, "echo ping%d-$((6*7))" % i, 60)
        check(rc == 0 and ("ping%d-42" % i) in out, "d2 while d1 spins: %r" % out)
    rc, out = b.guest_run(1, "echo spinner-$((40+2))", 60)
    check(rc == 0 and "spinner-42" in out, "d1's own shell while it spins: %r" % out)


@t.case("a guest that panics leaves the hypervisor and the other guest running")
def _():
    b = board()
    b.switch_input(1)
    b.send("echo c > /proc/sysrq-trigger\r")
    log_wait(b, r"\(d1\) .*Kernel panic", 1, 120)
    for i in range(2):
        rc, out = b.guest_run(2, "echo after-panic%d-$((6*7))" % i, 60)
        check(rc == 0 and ("after-panic%d-42" % i) in out, "d2 after d1 panicked: %r" % out)
    b.hv_key("q")
    b.expect(r"d1 \(domU1\): running", 30)
    b.expect(r"d2 \(domU2\): running", 30)


try:
    t.run()
finally:
    if "board" in state:
        state["board"].stop()

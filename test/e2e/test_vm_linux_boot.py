#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Two dom0less Linux guests on the reference board (GICv3, 4 pCPUs): both
reach init and run commands, each sees its 2 vCPUs, guest time follows host
time, and the debug keys q and r describe them."""

import time

from board import Board, linux_domains
from tap import Tap, check
from vmlib import QEMU_EXTRA, wait_all_init

t = Tap()
state = {}


def board():
    if "board" not in state:
        state["board"] = Board("vm_linux_boot", linux_domains(2, memory_mib=128), gic=3,
                               cpus=4, extra_qemu=QEMU_EXTRA).start()
        state["cpus"] = wait_all_init(state["board"], (1, 2))
    return state["board"]


@t.case("both guests reach init and run a command")
def _():
    b = board()
    for d in (1, 2):
        rc, out = b.guest_run(d, "uname -m")
        check(rc == 0 and "aarch64" in out, "d%d: uname -m gave %d %r" % (d, rc, out))


@t.case("each guest sees 2 CPUs")
def _():
    b = board()
    for d in (1, 2):
        check(state["cpus"][d] == 2, "d%d: init saw %d cpus" % (d, state["cpus"][d]))
        rc, out = b.guest_run(d, "grep -c ^processor /proc/cpuinfo")
        check(rc == 0 and "2" in out, "d%d: /proc/cpuinfo lists %r" % (d, out))


@t.case("sleep 2 in a guest lasts about 2 s of host time")
def _():
    b = board()
    b.guest_run(1, "true")
    start = time.monotonic()
    rc, _ = b.guest_run(1, "sleep 2")
    took = time.monotonic() - start
    print("# sleep 2 took %.2f s of host time" % took)
    check(rc == 0, "sleep failed")
    # A functional check, not a speed goal: the timer neither races nor stalls.
    check(1.8 <= took <= 12, "sleep 2 took %.2f s" % took)


@t.case("both guests stay responsive while the other one works")
def _():
    b = board()
    for i in range(3):
        for d in (1, 2):
            rc, out = b.guest_run(d, "echo round%d-$((6*7))" % i)
            check(rc == 0 and ("round%d-42" % i) in out, "d%d: %r" % (d, out))


@t.case("debug key q lists the domains and their vCPUs")
def _():
    b = board()
    b.hv_key("q")
    b.expect(r"d1 \(domU1\): running", 20)
    b.expect(r"vgic: GICD grp0/1 \d/\d, VMCR 0x[0-9a-f]+", 20)
    b.expect(r"v1: ", 20)
    b.expect(r"d2 \(domU2\): running", 20)


@t.case("debug key r lists the run queues")
def _():
    b = board()
    b.hv_key("r")
    b.expect(r"CPU3: ", 20)


try:
    t.run()
finally:
    if "board" in state:
        state["board"].stop()

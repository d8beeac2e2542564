#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""The Linux guest scenarios on a GICv2 board: boot, 2 vCPUs, commands,
timing, a panic isolated from the other guest, poweroff."""

import time

from board import Board, linux_domains
from tap import Tap, check
from vmlib import QEMU_EXTRA, log_wait, sync_input, wait_all_init

t = Tap()
state = {}


def board():
    if "board" not in state:
        b = Board("vm_linux_gicv2", linux_domains(2, memory_mib=128), gic=2, cpus=4,
                  extra_qemu=QEMU_EXTRA).start()
        state["board"] = b
        state["cpus"] = wait_all_init(b, (1, 2))
    return state["board"]


@t.case("GICv2: both guests reach init with 2 CPUs and run a command")
def _():
    b = board()
    for d in (1, 2):
        check(state["cpus"][d] == 2, "d%d saw %d cpus" % (d, state["cpus"][d]))
        rc, out = b.guest_run(d, "uname -m")
        check(rc == 0 and "aarch64" in out, "d%d: %r" % (d, out))


@t.case("GICv2: sleep 2 lasts about 2 s of host time")
def _():
    b = board()
    start = time.monotonic()
    rc, _ = b.guest_run(2, "sleep 2")
    took = time.monotonic() - start
    print("# sleep 2 took %.2f s of host time" % took)
    check(rc == 0 and 1.8 <= took <= 12, "sleep 2 took %.2f s" % took)


@t.case("GICv2: a panicking guest leaves the other one responsive")
def _():
    b = board()
    b.switch_input(1)
    b.send("echo c > /proc/sysrq-trigger\r")
    log_wait(b, r"\(d1\) .*Kernel panic", 1, 120)
    rc, out = b.guest_run(2, "echo fine-$((40+2))", 60)
    check(rc == 0 and "fine-42" in out, "d2: %r" % out)


@t.case("GICv2: guest poweroff is reported by the hypervisor")
def _():
    b = board()
    b.switch_input(2)
    b.send("poweroff\r")
    log_wait(b, r"d2 \(domU2\): shutdown: poweroff", 1, 120)
    log_wait(b, r"d2: destroyed", 1, 60)


try:
    t.run()
finally:
    if "board" in state:
        state["board"].stop()

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""The Linux guest scenarios on a 1-CPU board: four vCPUs of two guests
time-share one pCPU; both boot with 2 CPUs, keep time, stay responsive
while the other spins, and power off cleanly."""

import time

from board import Board, linux_domains
from tap import Tap, check
from vmlib import QEMU_EXTRA, log_wait, sync_input, wait_all_init

t = Tap()
state = {}


def board():
    if "board" not in state:
        b = Board("vm_linux_1cpu", linux_domains(2, memory_mib=128), gic=3, cpus=1,
                  extra_qemu=QEMU_EXTRA).start()
        state["board"] = b
        state["cpus"] = wait_all_init(b, (1, 2), timeout=600)
    return state["board"]


@t.case("1 pCPU: both guests reach init with 2 CPUs and run a command")
def _():
    b = board()
    for d in (1, 2):
        check(state["cpus"][d] == 2, "d%d saw %d cpus" % (d, state["cpus"][d]))
        rc, out = b.guest_run(d, "uname -m")
        check(rc == 0 and "aarch64" in out, "d%d: %r" % (d, out))


@t.case("1 pCPU: sleep 2 lasts about 2 s of host time")
def _():
    b = board()
    start = time.monotonic()
    rc, _ = b.guest_run(1, "sleep 2")
    took = time.monotonic() - start
    print("# sleep 2 took %.2f s of host time" % took)
    check(rc == 0 and 1.8 <= took <= 15, "sleep 2 took %.2f s" % took)


@t.case("1 pCPU: a spinning guest does not starve the other")
def _():
    b = board()
    b.guest_run(1, "for i in 1 2; do (while :; do :; done) & done")
    for i in range(3):
        rc, out = b.guest_run(2, "echo ping%d-$((6*7))" % i, 90)
        check(rc == 0 and ("ping%d-42" % i) in out, "d2 while d1 spins: %r" % out)


@t.case("1 pCPU: guest poweroff is reported, the spinner carries on")
def _():
    b = board()
    b.switch_input(2)
    b.send("poweroff\r")
    log_wait(b, r"d2 \(domU2\): shutdown: poweroff", 1, 120)
    log_wait(b, r"d2: destroyed", 1, 60)
    sync_input(b)
    rc, out = b.guest_run(1, "echo still-$((40+2))", 90)
    check(rc == 0 and "still-42" in out, "d1: %r" % out)


try:
    t.run()
finally:
    if "board" in state:
        state["board"].stop()

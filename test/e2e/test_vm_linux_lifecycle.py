#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Guest lifecycle with two Linux guests: reboot brings a guest back, poweroff
is reported by the hypervisor, the other guest carries on, and once both are
gone debug key m shows every page the domains had back."""

import re

from board import Board, linux_domains
from tap import Tap, check
from vmlib import QEMU_EXTRA, log_count, log_wait, sync_input, wait_all_init

t = Tap()
state = {}


def board():
    if "board" not in state:
        b = Board("vm_linux_lifecycle", linux_domains(2, memory_mib=128), gic=3,
                  cpus=4, extra_qemu=QEMU_EXTRA).start()
        state["board"] = b
        m = log_wait(b, r"dom0less: 2 domain\(s\), (\d+) pages free before building", 1, 120)
        state["free_before"] = int(m[0].group(1))
        wait_all_init(b, (1, 2))
    return state["board"]


@t.case("guest reboot rebuilds the domain and Linux comes back")
def _():
    b = board()
    free_running = b.free_pages()
    b.switch_input(1)
    b.send("reboot\r")
    log_wait(b, r"d1 \(domU1\): shutdown: reboot", 1, 120)
    log_wait(b, r"d1: rebooting", 1, 60)
    log_wait(b, r"\(d1\) basalt-guest: init reached on \S+, 2 cpus", 2, 400)
    sync_input(b)
    check(b.input == 1, "console input after d1's reboot went to %r, not back to d1" % b.input)
    b.guest_run(1, "true", 120)
    rc, out = b.guest_run(1, "echo back-$((40+2))")
    check(rc == 0 and "back-42" in out, "d1 after reboot: %r" % out)
    free_again = b.free_pages()
    check(free_again == free_running,
          "free pages %d after the reboot, %d before it" % (free_again, free_running))


@t.case("guest poweroff is reported and the other guest carries on")
def _():
    b = board()
    b.switch_input(1)
    b.send("poweroff\r")
    log_wait(b, r"d1 \(domU1\): shutdown: poweroff", 1, 120)
    log_wait(b, r"d1: destroyed", 2, 60)
    sync_input(b)
    rc, out = b.guest_run(2, "echo alive-$((40+2))")
    check(rc == 0 and "alive-42" in out, "d2 after d1 left: %r" % out)


@t.case("debug key m: all memory back once both guests powered off")
def _():
    b = board()
    b.switch_input(2)
    b.send("poweroff\r")
    log_wait(b, r"d2: destroyed", 1, 120)
    sync_input(b)
    free = b.free_pages()
    check(free == state["free_before"],
          "free pages %d after both domains died, %d before they were built" %
          (free, state["free_before"]))
    check(log_count(b, r"d1: destroyed") == 2, "d1 should have been destroyed twice")


try:
    t.run()
finally:
    if "board" in state:
        state["board"].stop()

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Stock Debian Linux on the Xen ABI: a dom0less guest with xen,enhanced and
console=hvc0 reaches a shell on the hypervisor's PV console backend, finds
Xen, uses the FIFO event ABI and grant tables v1, reads xen from
/sys/hypervisor/type, and shuts down through SCHEDOP_shutdown. With the
hypervisor option evtchn_fifo=0 the same guest falls back to the 2-level
ABI. Skipped while the hypervisor is built without the Xen ABI."""

import re

from board import Board, Domain
from tap import Skip, Tap, check
from test_xen_guests import xen_abi_linked
from vmlib import log_text, log_wait

t = Tap()


def xen_linux(name, hv_bootargs=""):
    if not xen_abi_linked():
        raise Skip("the hypervisor is built without the Xen ABI")
    dom = Domain("xl1", memory_mib=256, cpus=2, bootargs="console=hvc0",
                 extra_dts='      xen,enhanced = "enabled";')
    b = Board(name, [dom], gic=3, cpus=2, hv_bootargs=hv_bootargs).start()
    b.wait_guest_init(1, 400)
    return b


@t.case("Linux on hvc0: finds Xen, FIFO events, grant tables v1, /sys/hypervisor/type")
def _():
    b = xen_linux("xen_linux_fifo")
    try:
        rc, out = b.guest_run(1, "dmesg | grep -iE 'xen|fifo|grant'")
        text = "\n".join(out)
        check(re.search(r"Xen 4\.17 support found", text), "no 'Xen 4.17 support found':\n" + text)
        check("Using FIFO-based ABI" in text, "not using the FIFO ABI:\n" + text)
        check(re.search(r"Grant tables using version 1 layout", text), "no grant v1:\n" + text)
        rc, out = b.guest_run(1, "cat /sys/hypervisor/type")
        check(rc == 0 and "xen" in out, "/sys/hypervisor/type: %d %r" % (rc, out))
        b.send("poweroff -f\r")
        log_wait(b, r"d1 \(\S+\): shutdown: poweroff", 1, 120)
    finally:
        b.stop()


@t.case("evtchn_fifo=0: the same guest falls back to the 2-level ABI")
def _():
    b = xen_linux("xen_linux_2l", hv_bootargs="evtchn_fifo=0")
    try:
        rc, out = b.guest_run(1, "dmesg | grep -i 'ABI'")
        text = "\n".join(out)
        check("FIFO" not in text and "2-level" in text, "event ABI:\n" + text)
        rc, out = b.guest_run(1, "echo reboot-test")
        check(rc == 0, "shell on hvc0 does not answer")
        b.send("reboot -f\r")
        log_wait(b, r"d1 \(\S+\): shutdown: reboot", 1, 120)
    finally:
        b.stop()


t.run()

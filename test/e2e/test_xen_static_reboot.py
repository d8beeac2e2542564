#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Dom0less static event channels across a reboot (test/guests/static_reboot.c).
R (d1) and S (d2) are linked by two static channels (R 10/11 <-> S 20/21).
R ping-pongs with S, reboots itself with SCHEDOP_shutdown(reboot), comes
back with both channels re-attached on the declared ports, ping-pongs again
and powers off; S then finds its end unbound towards R. The hypervisor's
free-page figure (debug key m) is read with both domains idle before and
after the reboot and must match, and once both are gone it must be back to
its value before building. Skipped while the Xen ABI is not built in."""

import os
import re

from board import Board, Domain
from tap import Skip, Tap, check
from test_xen_guests import GUESTS, check_results, xen_abi_linked
from vmlib import log_text, log_wait

t = Tap()


def pair():
    r = Domain("sr_r", memory_mib=64, cpus=1, kernel=os.path.join(GUESTS, "static_reboot_r.bin"),
               ramdisk=None, bootargs="", extra_dts=(
                   '      xen,enhanced = "enabled";\n'
                   '      r_data: evtchn@10 { compatible = "xen,evtchn-v1"; '
                   'xen,evtchn = <10 &s_data>; };\n'
                   '      r_ctl: evtchn@11 { compatible = "xen,evtchn-v1"; '
                   'xen,evtchn = <11 &s_ctl>; };'))
    # No vPL011 for S: its PV console ring takes the console input (the keys).
    s = Domain("sr_s", memory_mib=64, cpus=1, kernel=os.path.join(GUESTS, "static_reboot_s.bin"),
               ramdisk=None, bootargs="", vpl011=False, extra_dts=(
                   '      xen,enhanced = "enabled";\n'
                   '      s_data: evtchn@20 { compatible = "xen,evtchn-v1"; '
                   'xen,evtchn = <20 &r_data>; };\n'
                   '      s_ctl: evtchn@21 { compatible = "xen,evtchn-v1"; '
                   'xen,evtchn = <21 &r_ctl>; };'))
    return [r, s]


def phase_done(b, phase):
    """Wait for S to finish @phase; read the free figure; let S go on."""
    log_wait(b, r"\(d2\) static_reboot: phase %d done" % phase, 1, 120)
    free = b.free_pages()
    b.switch_input(2)
    b.send("g")
    log_wait(b, r"\(d2\) static_reboot: key", phase, 30)
    return free


def reboot_cycle(cpus):
    if not xen_abi_linked():
        raise Skip("the hypervisor is built without the Xen ABI")
    with Board("xen_static_reboot_%dcpu" % cpus, pair(), gic=3, cpus=cpus) as b:
        before = int(log_wait(b, r"dom0less: \d+ domain\(s\), (\d+) pages free before "
                                 r"building", 1, 60)[0].group(1))
        first = phase_done(b, 1)
        log_wait(b, r"d1 \(\w+\): shutdown: reboot", 1, 60)
        second = phase_done(b, 2)
        log_wait(b, r"\(d\d+\) RESULT (PASS|FAIL)", 2, 120)
        log_wait(b, r"d\d+: destroyed", 3, 60)
        after = b.free_pages()
        log = log_text(b)
    check_results(log)
    check(log.count("(d1) static_reboot side R") == 2, "R did not live twice")
    for port, peer in ((10, 20), (11, 21)):
        check(re.search(r"d1: static event channel %d re-attached to d2:%d" % (port, peer), log),
              "channel %d not re-attached by the hypervisor" % port)
    check(first == second, "free pages %d with R's first life idle, %d with its second"
          % (first, second))
    check(after == before, "free pages %d after both domains, %d before building"
          % (after, before))
    print("# free pages: %d before building, %d / %d in R's two lives, %d at the end"
          % (before, first, second, after))


@t.case("static event channels re-attached after one domain reboots; no pages lost (1 pCPU)")
def _():
    reboot_cycle(1)


@t.case("the same with the two domains on two pCPUs")
def _():
    reboot_cycle(2)


if __name__ == "__main__":
    t.run()

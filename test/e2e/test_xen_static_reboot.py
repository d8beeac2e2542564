#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Dom0less static event channels across reboots (test/guests/static_reboot.c).
R (d1) and S (d2) are linked by two static channels (R 10/11 <-> S 20/21)
and obey keys typed on their PV consoles. They ping-pong; then R reboots
(or both do at once: S raises the control channel and reboots, R reboots
when it arrives); each new life must find its ports re-attached as the DT
declares and the pair ping-pongs again. When R is finally powered off, S
finds its end unbound towards R and a send delivering nothing. The free-
page figure (debug key m) is read with both idle after each ping-pong and
must match, and once both are gone must be back to its value before
building. Skipped while the Xen ABI is not built in."""

import os
import re

from board import Board, Domain
from tap import Skip, Tap, check
from test_xen_guests import GUESTS, check_results, xen_abi_linked
from vmlib import log_text, log_wait, sync_input

t = Tap()


def side(name, image, dts):
    # No vPL011: the PV console ring takes the console input (the keys).
    return Domain(name, memory_mib=64, cpus=1, kernel=os.path.join(GUESTS, image), ramdisk=None,
                  bootargs="", vpl011=False,
                  extra_dts='      xen,enhanced = "enabled";\n' + dts)


def pair():
    link = ('      %s_%s: evtchn@%d { compatible = "xen,evtchn-v1"; '
            'xen,evtchn = <%d &%s_%s>; };')
    r = "\n".join([link % ("r", "data", 10, 10, "s", "data"),
                   link % ("r", "ctl", 11, 11, "s", "ctl")])
    s = "\n".join([link % ("s", "data", 20, 20, "r", "data"),
                   link % ("s", "ctl", 21, 21, "r", "ctl")])
    return [side("sr_r", "static_reboot_r.bin", r), side("sr_s", "static_reboot_s.bin", s)]


def key(b, domid, k):
    sync_input(b)
    b.switch_input(domid)
    b.send(k)


def ready(b, lives_r, lives_s):
    """Wait until R has come up @lives_r times and S @lives_s times."""
    for d, lives in ((1, lives_r), (2, lives_s)):
        log_wait(b, r"\(d%d\) static_reboot: ready" % d, lives, 120)


def ping_pong(b, times):
    """Both ping-pong (for the @times-th time); the free figure with both idle after."""
    key(b, 1, "p")
    key(b, 2, "p")
    for d in (1, 2):
        log_wait(b, r"\(d%d\) static_reboot: ping-pong done" % d, times, 120)
    return b.free_pages()


def reboot_cycle(cpus, both):
    if not xen_abi_linked():
        raise Skip("the hypervisor is built without the Xen ABI")
    name = "xen_static_reboot_%s_%dcpu" % ("both" if both else "one", cpus)
    with Board(name, pair(), gic=3, cpus=cpus) as b:
        before = int(log_wait(b, r"dom0less: \d+ domain\(s\), (\d+) pages free before "
                                 r"building", 1, 60)[0].group(1))
        ready(b, 1, 1)
        first = ping_pong(b, 1)
        if both:
            key(b, 2, "b")
            log_wait(b, r"d2 \(\w+\): shutdown: reboot", 1, 60)
        else:
            key(b, 1, "r")
        log_wait(b, r"d1 \(\w+\): shutdown: reboot", 1, 60)
        ready(b, 2, 2 if both else 1)
        second = ping_pong(b, 2)
        key(b, 1, "o")
        log_wait(b, r"\(d1\) RESULT (PASS|FAIL)", 1, 60)
        log_wait(b, r"d1: destroyed", 2, 60)
        key(b, 2, "g")
        key(b, 2, "o")
        log_wait(b, r"\(d2\) RESULT (PASS|FAIL)", 1, 60)
        log_wait(b, r"d2: destroyed", 2 if both else 1, 60)
        after = b.free_pages()
        log = log_text(b)
    check_results(log)
    rebuilt = [1, 2] if both else [1]
    for d in rebuilt:
        m = re.findall(r"d%d: static event channel (\d+) (re-attached to|waits for) d\d+:(\d+)"
                       % d, log)
        check(len(m) == 2, "d%d: %d static channel lines after the reboot" % (d, len(m)))
    # The last one back must have found every channel waiting for it.
    last = re.findall(r"d(\d): static event channel \d+ (re-attached to|waits for)", log)[-2:]
    check(all(how == "re-attached to" for _, how in last), "last rejoin did not connect: %r"
          % (last,))
    check(not re.search(r"\(d1\) PASS data port waits", log), "R ran the peer-gone check")
    check(re.search(r"\(d2\) PASS nothing delivered to us", log), "S did not check R gone")
    check(first == second, "free pages %d with both idle in the first lives, %d in the second"
          % (first, second))
    check(after == before, "free pages %d after both domains, %d before building"
          % (after, before))
    waits = len(re.findall(r"static event channel \d+ waits for", log))
    print("# free pages: %d before building, %d / %d in the two lives, %d at the end; "
          "%d channel end(s) waited for a peer that was down" % (before, first, second, after,
                                                                 waits))


@t.case("static channels re-attached after R reboots; no page lost (1 pCPU)")
def _():
    reboot_cycle(1, both=False)


@t.case("the same with R and S on two pCPUs")
def _():
    reboot_cycle(2, both=False)


@t.case("both reboot at once (2 pCPUs): the later one back binds; no page lost")
def _():
    reboot_cycle(2, both=True)


if __name__ == "__main__":
    t.run()

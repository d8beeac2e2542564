#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""The Xen ABI with the bare-metal test guests of test/guests/ as dom0less
domains: every hypercall incl. negative cases (xen_abi), two domains on a
static event channel sharing a granted page and ping-ponging 100,000
events (pingpong_a/_b), 131,071 FIFO ports in one domain (fifo_ports), and
rings of domains (ring); the fuzzing guest is test_xen_fuzz.py. Each guest
prints PASS/FAIL lines and a RESULT line; any FAIL fails the case. Skipped
while the hypervisor is built without the Xen ABI (no hypercall_dispatch
symbol)."""

import os
import re
import subprocess

from board import Board, Domain, HYPERVISOR
from tap import Skip, Tap, check
from vmlib import log_text, log_wait

TOP = os.environ.get("top_builddir", ".")
GUESTS = os.path.join(TOP, "test", "guests")
CROSS = os.environ.get("CROSS_COMPILE", "aarch64-linux-gnu-")
t = Tap()


def xen_abi_linked():
    elf = HYPERVISOR[:-len(".bin")] if HYPERVISOR.endswith(".bin") else HYPERVISOR
    if not os.path.exists(elf):
        return False
    syms = subprocess.run([CROSS + "nm", elf], capture_output=True, text=True).stdout
    return re.search(r" T hypercall_dispatch$", syms, re.M) is not None


def guest(name, image, memory_mib=64, extra_dts=""):
    # xen,enhanced: the domain gets the Xen ABI (hypercalls, /hypervisor node).
    dts = '      xen,enhanced = "enabled";\n' + extra_dts
    return Domain(name, memory_mib=memory_mib, cpus=1, kernel=os.path.join(GUESTS, image),
                  ramdisk=None, bootargs="", extra_dts=dts)


def run_guests(board_name, domains, hv_bootargs="", timeout=600, cpus=2, memory=None,
               wait_for=None):
    """Boot the guests, wait for every RESULT line; return the console log.
    With @memory (a dict), also check every page came back once all are gone.
    With @wait_for (a regex), also wait for one such line."""
    if not xen_abi_linked():
        raise Skip("the hypervisor is built without the Xen ABI")
    with Board(board_name, domains, gic=3, cpus=cpus, hv_bootargs=hv_bootargs) as b:
        log_wait(b, r"\(d\d+\) RESULT (PASS|FAIL)", len(domains), timeout)
        if wait_for:
            log_wait(b, wait_for, 1, 60)
        if memory is not None:
            before = int(log_wait(b, r"dom0less: \d+ domain\(s\), (\d+) pages free before "
                                     r"building", 1, 10)[0].group(1))
            log_wait(b, r"d\d+: destroyed", len(domains), 120)
            memory["before"], memory["after"] = before, b.free_pages()
        return log_text(b)


def check_results(log):
    fails = re.findall(r"\(d\d+\) FAIL .*", log)
    check(not fails, "failing cases:\n" + "\n".join(fails))
    check("RESULT FAIL" not in log, "a guest reported RESULT FAIL")
    check(re.search(r"\(d\d+\) PASS", log), "no PASS line at all")


@t.case("xen_abi guest: every hypercall, errno as Xen")
def _():
    # Its last step is SCHEDOP_shutdown with reason 77: Xen shuts down for any.
    log = run_guests("xen_abi", [guest("abi", "xen_abi.bin")],
                     wait_for=r"d\d+: shutdown reason 77, stopped as poweroff")
    check_results(log)
    m = re.search(r"BENCH null_hypercall_ns (\d+)", log)
    check(m, "no null-hypercall figure")
    print("# null hypercall round trip (xen_version): %s ns" % m.group(1))


@t.case("static event channel: grant map + copy, 100,000 events ping-ponged, "
        "destroy while mapped frees everything")
def _():
    a = guest("ppa", "pingpong_a.bin", extra_dts=
              '      ec_a: evtchn@1 { compatible = "xen,evtchn-v1"; xen,evtchn = <10 &ec_b>; };')
    b = guest("ppb", "pingpong_b.bin", extra_dts=
              '      ec_b: evtchn@2 { compatible = "xen,evtchn-v1"; xen,evtchn = <10 &ec_a>; };')
    # One pCPU: both domains share it, so each event is a direct switch. (On two
    # pCPUs under TCG every wake-up is a cross-CPU IPI and the run takes minutes.)
    memory = {}
    log = run_guests("xen_pingpong", [a, b], cpus=1, memory=memory)
    check_results(log)
    # B powered off with A's page still mapped: everything came back anyway.
    check(memory["after"] == memory["before"], "free pages %(after)d after both domains, "
          "%(before)d before building" % memory)
    m = re.search(r"BENCH evtchn_pingpong_rtt_ns (\d+)", log)
    check(m, "no round-trip figure")
    print("# event-channel ping-pong round trip: %s ns" % m.group(1))


@t.case("FIFO: 131,071 loopback ports delivered once each in priority order")
def _():
    check_results(run_guests("xen_fifo_ports", [guest("fifo", "fifo_ports.bin", 16)],
                             hv_bootargs="max_event_channels=131071"))


def run_ring(n, memory_mib):
    """@n dom0less domains, 1 vCPU each, port 10 of each bound to port 11 of
    the next by static event channels; a token goes 100 laps around."""
    doms = []
    for i in range(n):
        nxt, prv = (i + 1) % n, (i - 1) % n
        dts = ('      ring%d_out: evtchn@10 { compatible = "xen,evtchn-v1"; '
               'xen,evtchn = <10 &ring%d_in>; };\n'
               '      ring%d_in: evtchn@11 { compatible = "xen,evtchn-v1"; '
               'xen,evtchn = <11 &ring%d_out>; };') % (i, nxt, i, prv)
        doms.append(guest("ring%d" % i, "ring.bin", memory_mib, extra_dts=dts))
    check_results(run_guests("xen_ring%d" % n, doms, cpus=2, timeout=900))


@t.case("a ring of 16 dom0less domains passes a token 100 laps over static channels")
def _():
    run_ring(16, 16)


@t.case("a ring of 64 dom0less domains (4 MiB, 1 vCPU each) passes a token 100 laps")
def _():
    run_ring(64, 4)


if __name__ == "__main__":
    t.run()

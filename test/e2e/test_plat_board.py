#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""The bare hypervisor on several boards (no domains): it boots with the
banner, brings every CPU online, finds the GIC and RAM, and answers the
platform's debug keys (h, m, d, t).
Last, 'C' shows the panic path: message, call trace with symbol names,
every CPU stopped."""

import re

from board import Board
from tap import Tap, check

t = Tap()

# (name, gic, cpus, cpu model, RAM)
BOARDS = [
    ("gicv3_4cpu_a57", 3, 4, "cortex-a57", "4G"),
    ("gicv2_4cpu_a53", 2, 4, "cortex-a53", "2G"),
    ("gicv3_1cpu_a72", 3, 1, "cortex-a72", "1G"),
    ("gicv3_2cpu_max", 3, 2, "max", "4G"),
]
MIB = {"1G": 1024, "2G": 2048, "4G": 4096}
SUMMARY_RE = r"Basalt (\S+): (\d+) CPUs online, GICv(\d), (\d+) MiB RAM"


def boot(name, gic, cpus, cpu, mem):
    # The hypervisor's own command line (Xen's /chosen xen,xen-bootargs) is echoed.
    args = "loglvl=info plat_test=%s" % name
    b = Board("plat_" + name, (), gic=gic, cpus=cpus, cpu=cpu, mem=mem, hv_bootargs=args).start()
    b.expect(r"\(basalt\) Basalt hypervisor \S+ \(arm64, EL2\)", 30)
    b.expect(r"Command line: %s[\r\n]" % args, 10)
    online = set()
    while True:
        m = b.expect([r"CPU(\d+) online", SUMMARY_RE], 60)
        if m.re.pattern == SUMMARY_RE:
            break
        online.add(int(m.group(1)))
    check(int(m.group(2)) == cpus, "%d CPUs online, want %d" % (int(m.group(2)), cpus))
    check(online == set(range(1, cpus)), "secondary CPUs online: %s" % sorted(online))
    check(int(m.group(3)) == gic, "GICv%s, want v%d" % (m.group(3), gic))
    check(int(m.group(4)) == MIB[mem], "%s MiB RAM, want %d" % (m.group(4), MIB[mem]))
    b.expect("Type 'h' for the debug keys", 30)
    return b


def debug_keys(b, cpus, mem):
    b.hv_key("h")
    for key in ("C", "d", "h", "m", "t"):  # listed in key order
        b.expect(r"'%s'  \S" % key, 10)

    b.hv_key("d")
    for cpu in range(cpus):
        b.expect(r"\*\*\* pCPU%d \(MPIDR [^)]*\)" % cpu, 20)
        b.expect(r"PC is at \w+", 10)

    b.hv_key("t")
    seen = set()
    while len(seen) < cpus:
        m = b.expect(r"timer probe: pCPU(\d+) timer ran on pCPU(\d+), \d+ us after", 20)
        check(m.group(1) == m.group(2), "pCPU%s's timer ran on pCPU%s" % m.groups())
        seen.add(int(m.group(1)))
    check(seen == set(range(cpus)), "timers fired on %s" % sorted(seen))


def memory_key(b, mem):
    b.hv_key("m")
    m = b.expect(r"free pages: (\d+) of (\d+)", 10)
    free, total = int(m.group(1)), int(m.group(2))
    ram_pages = MIB[mem] * 256
    # All RAM but the hypervisor image (a few MiB) and the allocator's own
    # frame table (under 1%) goes to the allocator.
    check(ram_pages * 0.97 < total <= ram_pages, "total %d pages of %d RAM pages" % (total, ram_pages))
    check(0 < free <= total, "free %d of %d" % (free, total))


@t.case("gicv3_1cpu_a53: debug key m counts the RAM given to the page allocator")
def _():
    b = boot("mem", 3, 1, "cortex-a53", "2G")
    try:
        memory_key(b, "2G")
    finally:
        b.stop()


def make_case(name, gic, cpus, cpu, mem):
    @t.case("%s: boots, %d CPUs online, GICv%d, debug keys h d t answer" % (name, cpus, gic))
    def _():
        b = boot(name, gic, cpus, cpu, mem)
        try:
            debug_keys(b, cpus, mem)
        finally:
            b.stop()


for cfg in BOARDS:
    make_case(*cfg)


@t.case("debug key C: panic prints the CPU, a call trace with names, and stops every CPU")
def _():
    b = boot("panic", 3, 4, "cortex-a57", "4G")
    try:
        b.hv_key("C")
        b.expect(r"PANIC on CPU0: debug key 'C' pressed", 10)
        b.expect(r"Call trace:", 10)
        b.expect(r"\] key_crash\+0x", 10)
        b.expect(r"\] keyhandler_handle\+0x", 10)
        b.expect(r"\] console_rx_char\+0x", 10)
        b.expect(r"stopping all CPUs", 10)
        # Halted: the console no longer answers debug keys.
        b.send("h")
        try:
            b.expect(r"Debug keys:", 3)
        except Exception:
            return
        raise AssertionError("the hypervisor still answers after a panic")
    finally:
        b.stop()


t.run()

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""A Linux guest on the other CPU models (one small board each): cortex-a53,
cortex-a72 and max. On max the guest must see pointer authentication (its keys
are switched with the vCPU: two vCPUs share the one pCPU here) and must not
see SVE, SME or MTE, whose state the hypervisor does not switch."""

from board import Board, Domain
from tap import Tap, check
from vmlib import QEMU_EXTRA

t = Tap()


def boot(cpu, pcpus):
    dom = Domain("guest1", memory_mib=96, cpus=2)
    b = Board("vm_linux_cpu_%s" % cpu, [dom], gic=3, cpus=pcpus, cpu=cpu,
              extra_qemu=QEMU_EXTRA).start()
    try:
        m = b.wait_guest_init(1, timeout=240)
        check(int(m.group(2)) == 2, "%s: init saw %s cpus" % (cpu, m.group(2)))
        rc, out = b.guest_run(1, "grep -m1 ^Features /proc/cpuinfo", 60)
        check(rc == 0, "%s: /proc/cpuinfo unreadable: %r" % (cpu, out))
        features = set(" ".join(ln for ln in out if ln.startswith("Features")).split())
        # Context switches on both vCPUs, with whatever features the guest uses.
        rc, out = b.guest_run(1, "for i in 1 2 3 4 5 6; do ls /bin >/dev/null & done; wait; "
                              "echo sum=$((20+22))", 60)
        check(rc == 0 and "sum=42" in out, "%s: commands failed: %r" % (cpu, out))
        return features
    finally:
        b.stop()


@t.case("cortex-a53: a Linux guest boots with 2 vCPUs and runs commands")
def _():
    boot("cortex-a53", 2)


@t.case("cortex-a72: a Linux guest boots with 2 vCPUs and runs commands")
def _():
    boot("cortex-a72", 2)


@t.case("max on 1 pCPU: pointer authentication works, SVE/SME/MTE are hidden")
def _():
    features = boot("max", 1)
    check({"paca", "pacg"} <= features, "no pointer authentication in %s" % sorted(features))
    hidden = features & {"sve", "sve2", "sme", "mte", "mte3"}
    check(not hidden, "guest sees %s" % sorted(hidden))


t.run()

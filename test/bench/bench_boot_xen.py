#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Benchmark: time for a Linux guest to reach init under Debian's Xen 4.17
against the same under Basalt: the same kernel, initramfs, dom0less domain
(2 vCPUs, 256 MiB, console on the emulated PL011) and QEMU board as
test/e2e/bench_boot.py, whose Basalt measurement this reuses. Wall-clock
from QEMU start to the guest's init banner, so it includes the hypervisor's
own boot. Prints figures only; asserts nothing (issue 3: no slower than Xen)."""

import argparse
import os
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "e2e"))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "xenref"))

import board  # noqa: E402
import bench_boot  # noqa: E402
import xen_board  # noqa: E402

BOOTARGS = "console=ttyAMA0 quiet"


def xen_boot(gic, cpu, cpus, vcpus, mem_mib, bootargs):
    """Seconds from QEMU start to the init banner of a Linux domU under Xen 4.17,
    and the seconds at which Xen started the domain (its "Freed ... init memory")."""
    dom = board.Domain("guest1", memory_mib=mem_mib, cpus=vcpus, bootargs=bootargs)
    with xen_board.XenBoard("bench-boot-xen", [dom], gic=gic, cpus=cpus, cpu=cpu) as b:
        b.expect(r"Freed \d+kB init memory", timeout=600)
        hv = b.elapsed()
        b.expect_guest(1, bench_boot.INIT_RE, timeout=600)
        return b.elapsed(), hv


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--gic", type=int, default=3)
    ap.add_argument("--cpu", default="cortex-a57")
    ap.add_argument("--only", choices=("basalt", "xen"), help="one hypervisor only")
    args = ap.parse_args()
    xen_board.fetch_xen()
    xen, xen_hv, basalt = [], [], []
    for _ in range(args.runs):
        if args.only != "basalt":
            try:
                t, hv = xen_boot(args.gic, args.cpu, 4, 2, 256, BOOTARGS)
                xen.append(t)
                xen_hv.append(hv)
            except board.BoardError as e:
                print("  (under Xen 4.17: %s)" % str(e).splitlines()[0], flush=True)
        if args.only != "xen":
            try:
                basalt.append(bench_boot.basalt_boot(args.gic, args.cpu, 4, 2, 256, BOOTARGS,
                                                     board.ACCEL))
            except board.BoardError as e:
                print("  (under Basalt: %s)" % str(e).splitlines()[0], flush=True)

    def show(label, v, extra=""):
        if not v:
            print("  %-16s     n/a" % label)
            return None
        m = statistics.median(v)
        print("  %-16s %7.2f s   (runs: %s)%s" % (label, m, ", ".join("%.2f" % x for x in v),
                                                  extra))
        return m

    print("boot-to-init, Linux guest (2 vCPUs, 256 MiB, GICv%d, %s, 4 CPUs, -accel %s), "
          "median of %d:" % (args.gic, args.cpu, board.ACCEL, args.runs))
    x = show("under Xen 4.17:", xen, "; Xen itself up at %.2f s" % statistics.median(xen_hv)
             if xen_hv else "")
    b = show("under Basalt:", basalt)
    if x and b:
        print("  ratio Basalt/Xen: %.3f  (target <= 1.00)" % (b / x))


if __name__ == "__main__":
    main()

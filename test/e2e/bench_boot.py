#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Benchmark: time for a Linux guest to reach init under Basalt, against the
same kernel and initramfs booted directly on the same QEMU board. Prints
figures only; it asserts nothing about speed."""

import argparse
import statistics
import time

import pexpect

import board

INIT_RE = r"basalt-guest: init reached on \S+, \d+ cpus"


def direct_boot(gic, cpu, vcpus, mem_mib, bootargs, accel):
    argv = [board.QEMU, "-M", "virt,virtualization=on,gic-version=%d" % gic, "-cpu", cpu,
            "-accel", accel,
            "-smp", str(vcpus), "-m", "%dM" % mem_mib, "-nic", "none", "-display", "none",
            "-monitor", "none", "-serial", "stdio", "-kernel", board.GUEST_IMAGE,
            "-initrd", board.GUEST_INITRAMFS, "-append", bootargs + " basalt.name=direct"]
    t0 = time.monotonic()
    p = pexpect.spawn(argv[0], argv[1:], encoding="utf-8", codec_errors="replace")
    try:
        p.expect(INIT_RE, timeout=600)
        return time.monotonic() - t0
    finally:
        p.terminate(force=True)


def basalt_boot(gic, cpu, cpus, vcpus, mem_mib, bootargs, accel):
    dom = board.Domain("guest1", memory_mib=mem_mib, cpus=vcpus, bootargs=bootargs)
    with board.Board("bench-boot", [dom], gic=gic, cpus=cpus, cpu=cpu, accel=accel) as b:
        b.expect_guest(1, INIT_RE, timeout=600)
        return b.elapsed()


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--gic", type=int, default=3)
    ap.add_argument("--cpu", default="cortex-a57")
    ap.add_argument("--accel", default=board.ACCEL,
                    help="QEMU -accel for both boots (default %(default)s; "
                    "multi-threaded: tcg,thread=multi)")
    args = ap.parse_args()
    bootargs = "console=ttyAMA0 quiet"
    direct = [direct_boot(args.gic, args.cpu, 2, 256, bootargs, args.accel)
              for _ in range(args.runs)]
    basalt = [basalt_boot(args.gic, args.cpu, 4, 2, 256, bootargs, args.accel)
              for _ in range(args.runs)]
    d, b = statistics.median(direct), statistics.median(basalt)
    print("boot-to-init, Linux guest (2 vCPUs, 256 MiB, GICv%d, %s, -accel %s), median of %d:"
          % (args.gic, args.cpu, args.accel, args.runs))
    print("  direct on QEMU:  %7.2f s   (runs: %s)" % (d, ", ".join("%.2f" % x for x in direct)))
    print("  under Basalt:    %7.2f s   (runs: %s)" % (b, ", ".join("%.2f" % x for x in basalt)))
    print("  ratio Basalt/direct: %.3f  (target <= 1.10)" % (b / d))


if __name__ == "__main__":
    main()

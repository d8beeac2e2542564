#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Boot the reference board interactively: QEMU virt (GICv3, 4 CPUs) running
Basalt with N dom0less Linux guests, the hypervisor console on this terminal.
CTRL-a three times switches input between the hypervisor and each guest;
type 'h' at the hypervisor for its debug keys; CTRL-c twice quits QEMU."""

import argparse
import os
import sys

import board


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--guests", type=int, default=2)
    ap.add_argument("--memory", type=int, default=256, help="MiB per guest")
    ap.add_argument("--vcpus", type=int, default=2, help="vCPUs per guest")
    ap.add_argument("--gic", type=int, default=3, choices=(2, 3))
    ap.add_argument("--cpus", type=int, default=4)
    ap.add_argument("--cpu", default="cortex-a57")
    ap.add_argument("--mem", default="4G")
    ap.add_argument("--print-cmd", action="store_true", help="print the QEMU command and exit")
    args = ap.parse_args()

    # QEMU's -accel: board.ACCEL (BASALT_ACCEL), single-threaded TCG by default.
    b = board.Board("run", board.linux_domains(args.guests, args.memory, args.vcpus),
                    gic=args.gic, cpus=args.cpus, cpu=args.cpu, mem=args.mem)
    argv = b.build()
    if args.print_cmd:
        print(" ".join(argv))
        return
    print("Basalt board: %d CPUs, GICv%d, %d guest(s). CTRL-a x3 switches console input; "
          "CTRL-c quits." % (args.cpus, args.gic, args.guests), file=sys.stderr)
    os.execvp(argv[0], argv)


if __name__ == "__main__":
    main()

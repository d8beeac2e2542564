#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""VM basics with a tiny bare-metal guest (vm_payload.S), two domains on a
GICv3 board: entry at EL1, the emulated PL011, PSCI VERSION / CPU_ON /
CPU_OFF / SYSTEM_OFF, a read of an unmapped IPA turned into a data abort in
the guest, and every page coming back once both domains are gone."""

import os
import subprocess

from board import Board, BoardError, Domain
from tap import Tap, check
from vmlib import QEMU_EXTRA, log_count, log_wait

HERE = os.path.dirname(os.path.abspath(__file__))
CROSS = os.environ.get("CROSS_COMPILE", "aarch64-linux-gnu-")
t = Tap()
state = {}


def build_payload(outdir):
    """Assemble vm_payload.S into a raw binary (no Image header)."""
    os.makedirs(outdir, exist_ok=True)
    obj, elf, binary = (os.path.join(outdir, "payload" + e) for e in (".o", ".elf", ".bin"))
    subprocess.run([CROSS + "as", "-o", obj, os.path.join(HERE, "vm_payload.S")], check=True)
    subprocess.run([CROSS + "ld", "-Ttext=0x40000000", "-o", elf, obj], check=True)
    subprocess.run([CROSS + "objcopy", "-O", "binary", elf, binary], check=True)
    return binary


def board():
    if "board" not in state:
        payload = build_payload(os.path.join(os.environ.get("top_builddir", "."),
                                             "test", "e2e", "payload"))
        doms = [Domain("p%d" % i, memory_mib=16, cpus=2, kernel=payload, ramdisk=None)
                for i in (1, 2)]
        b = Board("vm_payload", doms, gic=3, cpus=2,
                  extra_qemu=QEMU_EXTRA).start()
        state["board"] = b
        m = log_wait(b, r"dom0less: 2 domain\(s\), (\d+) pages free before building", 1, 120)[0]
        state["free_before"] = int(m.group(1))
    return state["board"]


@t.case("payload enters at EL1 and prints on the vPL011")
def _():
    b = board()
    log_wait(b, r"\(d1\) payload: hello", 1, 60)
    log_wait(b, r"\(d2\) payload: hello", 1, 60)


@t.case("PSCI VERSION is 1.1 over HVC")
def _():
    for m in log_wait(board(), r"\(d\d\) payload: psci version ([0-9a-f]+)", 2, 60):
        check(int(m.group(1), 16) == 0x10001, "PSCI version %s" % m.group(1))


@t.case("PSCI CPU_ON starts vCPU 1, which turns itself off")
def _():
    for m in log_wait(board(), r"\(d\d\) payload: cpu_on returned ([0-9a-f]+)", 2, 60):
        check(int(m.group(1), 16) == 0, "CPU_ON returned %s" % m.group(1))
    log_wait(board(), r"\(d\d\) payload: cpu1 up", 2, 60)


@t.case("a read of an unmapped IPA is a data abort in the guest")
def _():
    b = board()
    for m in log_wait(b, r"\(d\d\) payload: abort esr ([0-9a-f]+)", 2, 60):
        esr = int(m.group(1), 16)
        check(esr >> 26 == 0x25, "ESR_EL1 %#x: expected a data abort from EL1 (EC 0x25)" % esr)
    for m in log_wait(b, r"\(d\d\) payload: abort far ([0-9a-f]+)", 2, 30):
        check(int(m.group(1), 16) == 0x10000000, "FAR_EL1 %s" % m.group(1))
    log_wait(b, r"\(d\d\) payload: survived the abort", 2, 30)


@t.case("SYSTEM_OFF destroys both domains")
def _():
    b = board()
    log_wait(b, r"d1 \(domU1\): shutdown: poweroff", 1, 60)
    log_wait(b, r"d2 \(domU2\): shutdown: poweroff", 1, 60)
    ids = {int(m.group(1)) for m in log_wait(b, r"d(\d+): destroyed", 2, 60)}
    check(ids == {1, 2}, "destroyed domains %s" % sorted(ids))
    check(log_count(b, r"payload: still running after SYSTEM_OFF") == 0,
          "a guest kept running after SYSTEM_OFF")


@t.case("debug key m shows every page back once the domains are gone")
def _():
    b = board()
    free = b.free_pages()
    check(free == state["free_before"],
          "free pages %d after teardown, %d before building" % (free, state["free_before"]))


@t.case("debug keys q and r answer with no domains")
def _():
    b = board()
    b.hv_key("q")
    b.expect(r"no domains", 20)
    b.hv_key("r")
    b.expect(r"CPU0: idle", 20)


try:
    t.run()
finally:
    if "board" in state:
        state["board"].stop()

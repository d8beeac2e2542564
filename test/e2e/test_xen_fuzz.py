#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""The fuzzing guest (test/guests/fuzz.c) hammers every hypercall family
with random arguments while a witness domain (fuzz_witness.c) runs beside
it; afterwards the hypervisor must be healthy: the witness still answers
on its console, debug keys still work, and once both domains are gone the
free-page figure of debug key `m` is what it was before they were built.

In the suite the fuzzer runs fuzz.bin: a fixed seed and a bounded number of
calls. `make fuzz` sets XEN_FUZZ_LONG and runs fuzz_long.bin: FUZZ_SECONDS
(60) of guest time from FUZZ_SEED (make fuzz FUZZ_SEED=0x...). The calls
per family and the call rate are printed as TAP comments. To find the call
that broke a run, rebuild the guest with -DFUZZ_CHECK (see fuzz.c): the
calls follow from the seed and the hypervisor's answers. Skipped while the hypervisor is
built without the Xen ABI."""

import os
import re

from board import Board
from tap import Skip, Tap, check
from test_xen_guests import guest, xen_abi_linked
from vmlib import log_text, log_wait, sync_input

LONG = bool(os.environ.get("XEN_FUZZ_LONG"))
IMAGE = "fuzz_long.bin" if LONG else "fuzz.bin"
t = Tap()
state = {}


def board():
    if state.get("panic"):
        raise AssertionError("the hypervisor panicked during the fuzz run: " + state["panic"])
    if "board" not in state:
        if not xen_abi_linked():
            raise Skip("the hypervisor is built without the Xen ABI")
        doms = [guest("fuzz", IMAGE), guest("witness", "fuzz_witness.bin", memory_mib=16)]
        b = Board("xen_fuzz_long" if LONG else "xen_fuzz", doms, gic=3, cpus=2)
        state["board"] = b.start()
        log_wait(b, r"\(d2\) witness: ready", 1, 60)
        state["before"] = int(log_wait(b, r"dom0less: \d+ domain\(s\), (\d+) pages free "
                                          r"before building", 1, 10)[0].group(1))
    return state["board"]


@t.case("the fuzzing guest runs to its end and its checks afterwards pass")
def _():
    b = board()
    # A fuzz domain shut down by a call (a hypervisor bug) ends without RESULT.
    log_wait(b, r"\(d1\) RESULT (PASS|FAIL)|d1 \(domU1\): shutdown|PANIC on CPU", 1,
             300 if LONG else 120)
    log = log_text(b)
    panic = re.search(r"PANIC on CPU.*", log)
    if panic:
        state["panic"] = panic.group(0)
        b.fail(panic.group(0))
    for line in re.findall(r"\(d1\) (fuzz: .*)", log):
        if not re.match(r"fuzz: \d+ s, ", line):  # not the progress lines
            print("# " + line)
    fails = re.findall(r"\(d1\) FAIL .*", log)
    check(not fails and "(d1) RESULT PASS" in log, "fuzzer: %s" % fails)
    log_wait(b, r"d1: destroyed", 1, 60)


@t.case("the other domain still runs and answers on its console")
def _():
    b = board()
    sync_input(b)
    for i in range(3):
        b.switch_input(2)
        b.send("ping-%d\r" % i)
        b.expect(r"\(d2\) witness: ping-%d \(xen_version 40011\)" % i, 30)


@t.case("debug keys still work: h lists them, q shows only the witness")
def _():
    b = board()
    b.hv_key("h")
    b.expect(r"dump domains and vCPUs", 20)
    b.hv_key("q")
    b.expect(r"d2 \(domU2\): ", 20)
    dump = log_text(b)[-4000:]
    check(not re.search(r"\bd1 \(domU1\): \S+, \d+ vCPUs", dump), "d1 still listed:\n" + dump)


@t.case("every page comes back once both domains are gone")
def _():
    b = board()
    b.switch_input(2)
    b.send("off\r")
    log_wait(b, r"\(d2\) RESULT PASS", 1, 30)
    log_wait(b, r"d2: destroyed", 1, 60)
    sync_input(b)
    after = b.free_pages()
    print("# free pages: %d before building, %d after both domains" % (state["before"], after))
    check(after == state["before"], "free pages %d, %d before building" % (after, state["before"]))


try:
    t.run()
finally:
    if "board" in state:
        state["board"].stop()

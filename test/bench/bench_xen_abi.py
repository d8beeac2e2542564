#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Benchmark: Xen ABI round trips under Basalt and under Debian's Xen 4.17,
run by the same bench guest binaries on identical QEMU boards:

  * null hypercall: xen_version(XENVER_version) in a tight loop
    (test/bench/bench_hypercall.c, one domain);
  * interdomain event channel ping-pong round trip between two dom0less
    domains on static event channels (test/bench/bench_evtchn.c), on the
    2-CPU board (one pCPU each: every wake-up crosses QEMU vCPU threads, so
    the host's own scheduling, i.e. its load, weighs in) and on a 1-CPU
    board (both domains share the pCPU: the hypervisor's send, block, wake
    and context-switch path alone).

Figures are the guests' own (CNTVCT / CNTFRQ), the median of their batches,
then the median over --runs boards. Prints both and the ratio Xen/Basalt
(issue 3's target: >= 1.5). Prints figures only; asserts nothing."""

import argparse
import os
import re
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "e2e"))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "xenref"))

import board  # noqa: E402
import xen_board  # noqa: E402
from run_under_xen import guest_domain, run_guests  # noqa: E402

BENCH_BUILD = os.path.join(board.TOP_BUILD, "test", "bench")
BOARD_CPUS = 2
TARGET = 1.5


def evtchn_domains():
    ini = ('      ec_ad: evtchn@10 { compatible = "xen,evtchn-v1"; xen,evtchn = <10 &ec_bd>; };\n'
           '      ec_as: evtchn@12 { compatible = "xen,evtchn-v1"; xen,evtchn = <12 &ec_bs>; };')
    res = ('      ec_bd: evtchn@11 { compatible = "xen,evtchn-v1"; xen,evtchn = <11 &ec_ad>; };\n'
           '      ec_bs: evtchn@13 { compatible = "xen,evtchn-v1"; xen,evtchn = <13 &ec_as>; };')
    image = os.path.join(BENCH_BUILD, "bench_evtchn.bin")
    return [guest_domain(image, "ping", extra_dts=ini), guest_domain(image, "pong", extra_dts=res)]


def hypercall_domains():
    return [guest_domain(os.path.join(BENCH_BUILD, "bench_hypercall.bin"), "nullcall")]


def figure(runs, key):
    """(median_ns, best_ns) of BENCH `key` from any domain, or None."""
    for r in runs.values():
        if key in r.bench:
            m = re.search(r"median_ns=(\d+) best_ns=(\d+)", r.bench[key])
            if m:
                return int(m.group(1)), int(m.group(2))
    return None


def measure(hypervisor, what, domains, key, cpus, timeout):
    name = "bench-%s-%s" % (what, hypervisor)
    try:
        runs, _text, b = run_guests(hypervisor, name, domains, cpus=cpus, timeout=timeout,
                                    idle=240)
    except board.BoardError as e:
        print("  (%s under %s: %s)" % (what, hypervisor, str(e).splitlines()[0]), flush=True)
        return None
    v = figure(runs, key)
    if v is None:
        print("  (%s under %s: no BENCH %s line; console log %s)" %
              (what, hypervisor, key, b.log_path), flush=True)
    return v


def fmt(v):
    return "%d ns" % v if v is not None else "n/a"


def ratio(x, b):
    return "%.2fx" % (x / b) if x and b else "n/a"


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=3, help="boards per figure and hypervisor")
    ap.add_argument("--timeout", type=int, default=600)
    ap.add_argument("--only", choices=("basalt", "xen"), help="one hypervisor only")
    args = ap.parse_args()
    xen_board.fetch_xen()
    hvs = [args.only] if args.only else ["basalt", "xen"]
    benches = [("null hypercall (xen_version)", "nullcall", hypercall_domains, "null_hypercall",
                BOARD_CPUS),
               ("evtchn ping-pong round trip", "evtchn", evtchn_domains, "evtchn_pingpong",
                BOARD_CPUS),
               ("  same, both on 1 pCPU", "evtchn1cpu", evtchn_domains, "evtchn_pingpong", 1)]
    results = {}
    load0 = os.getloadavg()[0]
    for (label, what, mk, key, cpus) in benches:
        vals = {hv: [] for hv in hvs}
        for _ in range(args.runs):  # alternate, so both see the same host load
            for hv in hvs:
                v = measure(hv, what, mk(), key, cpus, args.timeout)
                if v is not None:
                    vals[hv].append(v)
        for hv in hvs:
            med = statistics.median([v[0] for v in vals[hv]]) if vals[hv] else None
            best = min(v[1] for v in vals[hv]) if vals[hv] else None
            results[(what, hv)] = (med, best)
            print("bench-xen-abi: %s under %s: median %s, best batch %s" %
                  (label.strip(), hv, fmt(med), fmt(best)), flush=True)
    print("Xen ABI round trips: QEMU virt, GICv3, %d CPUs, cortex-a57, TCG; dom0less domains "
          "(1 vCPU, 64 MiB); Xen %s; %d run(s) each, alternating:" %
          (BOARD_CPUS, xen_board.xen_version_string(), args.runs))
    print("  host load average %.1f at the start, %.1f at the end (%d host CPUs)" %
          (load0, os.getloadavg()[0], os.cpu_count()))
    print("  median of the guests' batch medians (best batch in brackets); target Xen/Basalt "
          ">= %.1fx" % TARGET)
    print("  %-30s %24s %24s %16s" % ("", "Basalt", "Xen 4.17", "Xen/Basalt"))
    for (label, what, _mk, _key, _cpus) in benches:
        bm, bb = results.get((what, "basalt"), (None, None))
        xm, xb = results.get((what, "xen"), (None, None))
        print("  %-30s %24s %24s %16s" % (label, "%s (%s)" % (fmt(bm), fmt(bb)),
                                          "%s (%s)" % (fmt(xm), fmt(xb)),
                                          "%s (%s)" % (ratio(xm, bm), ratio(xb, bb))))


if __name__ == "__main__":
    main()

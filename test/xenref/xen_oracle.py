#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""`make xen-oracle`: run every test guest of test/guests/ under Debian's
Xen 4.17 on the reference board and report each case where Xen disagrees
with the guest's expectation (a FAIL line under Xen), and each case the
guest never reached under Xen (Xen shut it down or it hung first).

The guests check the errno Xen returns, so under the real Xen every case
should PASS; a FAIL here means the guest's expectation (and likely Basalt,
which is tested against it) is not what Xen 4.17 does. When the Basalt
build has the Xen ABI, the same scenarios also run under Basalt and the
report shows Basalt's answer next to Xen's.

The scenarios mirror the board tests (test/e2e/test_xen_guests.py,
test_xen_fuzz.py, test_xen_console_io.py: same domains, memory, vCPUs,
static event channels incl. the rings of 16 and 64 domains, board CPUs,
and the lines those tests type at a domain's console); a guest image that
no scenario names runs alone in a default domain, unless NOT_UNDER_XEN says
why Xen cannot run it. Hypervisor options that only Basalt knows are not
passed to Xen, and the report says so.

Writes test/xenref/oracle-report.txt under the build tree; exits 1 if any
case disagrees or was not reached, 0 if Xen agrees with every case."""

import argparse
import glob
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "e2e"))
sys.path.insert(0, HERE)

import board  # noqa: E402
import xen_board  # noqa: E402
from run_under_xen import guest_domain, run_guests  # noqa: E402

GUESTS_BUILD = os.path.join(board.TOP_BUILD, "test", "guests")
GUESTS_SRC = os.path.join(board.TOP_SRC, "test", "guests")
REPORT = os.path.join(board.TOP_BUILD, "test", "xenref", "oracle-report.txt")
CROSS = os.environ.get("CROSS_COMPILE", "aarch64-linux-gnu-")


def evtchn_pair_dts(port=10):
    a = ('      ec_a: evtchn@1 { compatible = "xen,evtchn-v1"; xen,evtchn = <%d &ec_b>; };'
         % port)
    b = ('      ec_b: evtchn@2 { compatible = "xen,evtchn-v1"; xen,evtchn = <%d &ec_a>; };'
         % port)
    return a, b


class Scenario:
    """One board: guest images as dom0less domains, plus hypervisor options."""

    def __init__(self, name, images, memory_mib=64, extra_dts=None, basalt_bootargs="",
                 xen_bootargs="", note="", idle=30, stop_note="", script=(),
                 xen_memory_mib=None):
        self.name = name
        self.idle = idle  # seconds without console output before a guest counts as stopped
        self.images = images
        self.memory_mib = memory_mib
        self.extra_dts = extra_dts or [""] * len(images)
        self.basalt_bootargs = basalt_bootargs
        self.xen_bootargs = xen_bootargs
        self.note = note
        self.stop_note = stop_note  # printed when a guest stops early under Xen
        self.script = script  # typed at the domains: run_under_xen.run_guests()
        self.xen_memory_mib = xen_memory_mib  # if Xen needs more than Basalt's figure

    def domains(self, xen=False):
        mem = self.xen_memory_mib if xen and self.xen_memory_mib else self.memory_mib
        mem = mem if isinstance(mem, list) else [mem] * len(self.images)
        return [guest_domain(os.path.join(GUESTS_BUILD, img), memory_mib=m, cpus=1,
                             extra_dts=dts)
                for img, dts, m in zip(self.images, self.extra_dts, mem)]


def ring_dts(n):
    """Static channels of a ring of @n domains, as test_xen_guests.py's
    run_ring declares them: port 10 of each domain to port 11 of the next."""
    out = []
    for i in range(n):
        nxt, prv = (i + 1) % n, (i - 1) % n
        out.append('      ring%d_out: evtchn@10 { compatible = "xen,evtchn-v1"; '
                   'xen,evtchn = <10 &ring%d_in>; };\n'
                   '      ring%d_in: evtchn@11 { compatible = "xen,evtchn-v1"; '
                   'xen,evtchn = <11 &ring%d_out>; };' % (i, nxt, i, prv))
    return out


PP_A, PP_B = evtchn_pair_dts(10)
SCENARIOS = [
    Scenario("xen_abi", ["xen_abi.bin"]),
    # 100,000 silent round trips: about 3 minutes under Xen 4.17 on a loaded host.
    Scenario("pingpong", ["pingpong_a.bin", "pingpong_b.bin"], extra_dts=[PP_A, PP_B], idle=600),
    Scenario("fifo_ports", ["fifo_ports.bin"], memory_mib=16,
             basalt_bootargs="max_event_channels=131071",
             note="Basalt runs it with max_event_channels=131071; Xen 4.17 has no such "
                  "option and gives every dom0less domU max_evtchn_port 1023 "
                  "(xen/arch/arm/domain_build.c create_domUs), so FIFO cases past port "
                  "1023 cannot pass under Xen: a configuration limit, not an ABI answer."),
    # The suite's rings: 16 domains of 16 MiB and 64 of 4 MiB, 1 vCPU each.
    Scenario("ring16", ["ring.bin"] * 16, memory_mib=16, extra_dts=ring_dts(16), idle=120),
    Scenario("ring64", ["ring.bin"] * 64, memory_mib=4, extra_dts=ring_dts(64), idle=300,
             xen_memory_mib=6,
             note="6 MiB per domain under Xen: Xen 4.17 puts a domU's DTB at a 2 MiB "
                  "boundary above the kernel's 2 MiB-rounded end and below the end of "
                  "RAM (arch/arm/kernel.c place_modules), which 4 MiB does not leave, "
                  "and panics (\"Unable to find suitable location for dtb+initrd\")"),
    # As test_xen_fuzz.py: the fuzzer beside a witness that answers a line typed
    # on its vPL011 once the fuzzer is done, and ends on "off". Memory sizes as there.
    Scenario("fuzz", ["fuzz.bin", "fuzz_witness.bin"], memory_mib=[64, 16], idle=120,
             script=[(r"\(d1\) RESULT", 2, "ping\r"), (r"\(d2\) witness: ping", 2, "off\r")],
             stop_note="the fuzzer stopped early under Xen: see the domain dump in its log "
                       "(a guest that harms itself, e.g. maps a frame over its own code, "
                       "ends the same way; -DFUZZ_CHECK finds the call)"),
    # Typed as test/e2e/test_xen_console_io.py types it (same lines, same triggers).
    Scenario("console_in", ["console_in_a.bin", "console_in_b.bin"],
             extra_dts=["      basalt,console-io;\n", ""], idle=60,
             script=[(r"\(d1\) CONSOLEIO READY 1", 1, "Basalt console-io 42 #1\r"),
                     (r"\(d1\) CONSOLEIO READY 2", 1, "after a fault: nothing lost\r"),
                     (r"\(d1\) CONSOLEIO READY 3", 2, "for d2 only\r"),
                     (r"d2: destroyed", 1, "back to d1\r")],
             note="differs by design: Basalt lets only a console owner (privileged, or "
                  "basalt,console-io, which Xen ignores) use CONSOLEIO_read and gives "
                  "others -EPERM, while Xen 4.17 marks every dom0less domU is_console "
                  "(arch/arm/domain_build.c create_domUs) and lets it read the hardware "
                  "domain's ring, empty here: under Xen d1 never reads the typed lines, "
                  "so its input cases are not reached there."),
]
# What Xen 4.17 does, for the disagreements found so far (facts read in Xen's
# RELEASE-4.17.5 sources), printed under the case so the report says why.
EXPLAIN = {
    "xen_version commandline domU":
        "a denied xen_version sub-op never fails in Xen: it copies the string "
        "\"<denied>\" and returns 0 (common/kernel.c; XENVER_commandline is XSM_PRIV)",
    "add_to_physmap bad space":
        "XENMAPSPACE_gmfn_range with .size = 0 maps nothing and returns 0 "
        "(common/memory.c xenmem_add_to_physmap); with .size = 1 it reaches Arm's "
        "add_to_physmap_one for XENMAPSPACE_gmfn",
    "register_vcpu_info crossing":
        "map_vcpu_info returns -ENXIO for an offset past PAGE_SIZE - sizeof(vcpu_info) "
        "or a misaligned one (common/domain.c)",
    "evtchn pointer into shared_info":
        "shared_info is mapped into the guest as RAM, so copy_from_guest reads it and "
        "the call goes on with what the page holds (here its domid field: -ESRCH); "
        "Xen has no -EFAULT for it",
    "evtchn bind_pirq":
        "Arm has nr_pirqs = 1024 but alloc_pirq_struct() returns NULL: pirq < 1024 "
        "gives -ENOMEM, pirq >= 1024 -EINVAL (common/event_channel.c); never -ENOSYS",
    "hvm callback value":
        "Xen 4.17 sets HVM_PARAM_CALLBACK_IRQ only for the hardware domain "
        "(arch/arm/domain_build.c evtchn_allocate); a dom0less domU reads 0 and "
        "finds the event PPI in the /hypervisor node",
    "sched bad reason":
        "SCHEDOP_shutdown accepts any reason (truncated to u8) and shuts the domain "
        "down (common/sched/core.c -> domain_shutdown); there is no -EINVAL, so this "
        "case ends the guest under Xen and every later case is lost",
    "map_grant_ref status":
        "a static channel's binding end (the second domain) starts with its port "
        "pending (bind_interdomain marks it), so B's first wait returned before A "
        "granted and the map saw an entry without GTF_permit_access "
        "(GNTST_general_error). The handshake must not trust the first event",
    "unmap status":
        "the guest unmaps with handle 0, but the handle is what map_grant_ref returned "
        "in .handle (Xen's maptrack handles need not start at 0): GNTST_bad_handle (-4); "
        "the grant then stays mapped, so A's 'grant flags released' sees "
        "GTF_reading|GTF_writing (25) too",
    "grant flags released":
        "follows from 'unmap status': B's unmap used a wrong handle, the mapping is "
        "still there",
    "ports bound":
        "configuration: a dom0less domU of Xen 4.17 gets max_evtchn_port 1023",
    # Basalt's console owner rule (core/include/basalt/console_input.h), by design.
    "console_io read (domU)":
        "by design: Xen 4.17 sets is_console for every dom0less domU, so the dummy "
        "XSM lets it read (0 bytes: the ring is the hardware domain's); Basalt gives "
        "CONSOLEIO_read to console owners only and -EPERM (XSM_PRIV's answer) to others",
    "read (not owner)": "by design, as 'console_io read (domU)'",
    "read count 0 (not owner)": "by design, as 'console_io read (domU)'",
    "read unmapped buffer (not owner)":
        "by design, as 'console_io read (domU)'; Xen reads nothing from an empty "
        "ring, so it checks no pointer and returns 0",
    "read count -1 (not owner)":
        "by design, as 'console_io read (domU)'; Xen, letting the read through, "
        "answers -E2BIG (count > INT_MAX)",
    "read after input (not owner)": "by design, as 'console_io read (domU)'",
}

# Variants that only `make fuzz` runs.
SKIP_IMAGES = {"fuzz_long.bin"}
# Guests Xen 4.17 cannot run as the suite does, and why (listed in the report).
NOT_UNDER_XEN = {
    "static_reboot": "static_reboot_r/_s (test_xen_static_reboot.py) take their keys on "
                     "the PV console and reboot dom0less domains; Xen 4.17 without dom0 has "
                     "no PV console backend for a domU and never rebuilds a domU that "
                     "shuts down with SHUTDOWN_reboot (no toolstack), so none of their "
                     "cases past the first 'ready' could be reached there",
}


def all_scenarios():
    named = {img for s in SCENARIOS for img in s.images}
    out = [s for s in SCENARIOS
           if all(os.path.exists(os.path.join(GUESTS_BUILD, i)) for i in s.images)]
    for path in sorted(glob.glob(os.path.join(GUESTS_BUILD, "*.bin"))):
        img = os.path.basename(path)
        if img not in named and img not in SKIP_IMAGES and has_source(img) and \
           source_name(img) not in NOT_UNDER_XEN:
            out.append(Scenario(img[:-4], [img], note="no scenario names this guest: run "
                                "alone in a default domain (64 MiB, 1 vCPU)"))
    return out


def source_name(image):
    """<name> of test/guests/<name>.c an image is built from (variants
    <name>_a/_b/_long/_r/_s share one)."""
    return re.sub(r"_(a|b|long|r|s)$", "", image[:-4])


def guest_source(image):
    return os.path.join(GUESTS_SRC, source_name(image) + ".c")


def has_source(image):
    return os.path.exists(guest_source(image))


def source_cases(image):
    """Case names a guest's source declares (string literal first arguments of
    CHECK_EQ/rt_check), for guests that stop early under Xen."""
    try:
        src = open(guest_source(image)).read()
    except OSError:
        return []
    return re.findall(r'(?:CHECK_EQ|rt_check)\(\s*"([^"%]*)"', src)


def basalt_has_xen_abi():
    elf = board.HYPERVISOR[:-4] if board.HYPERVISOR.endswith(".bin") else board.HYPERVISOR
    if not os.path.exists(elf):
        return False
    syms = subprocess.run([CROSS + "nm", elf], capture_output=True, text=True).stdout
    return re.search(r" T hypercall_dispatch$", syms, re.M) is not None


def fmt_answer(ok, got, want):
    if ok:
        return "as expected" if want is None else "%d (as expected)" % want
    return "?" if got is None else str(got)


def compare(scn, xen_runs, basalt_runs, out):
    """Append the report lines of one scenario; return (agree, disagree, unreached)."""
    agree = disagree = unreached = 0
    for domid, xr in xen_runs.items():
        img = scn.images[domid - 1]
        br = basalt_runs.get(domid) if basalt_runs else None
        status = xr.result or "no RESULT line, stopped after %r" % xr.last_case()
        out.append("== %s, d%d %s: Xen %s%s" % (scn.name, domid, img, status,
                                               "" if br is None else
                                               "; Basalt %s" % (br.result or "no RESULT line")))
        bmap = {c[0]: c for c in br.cases} if br else {}
        for (case, ok, got, want) in xr.cases:
            if ok:
                agree += 1
                continue
            disagree += 1
            line = "  DISAGREE %s: Xen returns %s, the guest expects %s" % (
                case, "?" if got is None else got, "?" if want is None else want)
            if case in bmap:
                _n, bok, bgot, bwant = bmap[case]
                line += "; Basalt %s" % ("passes" if bok else "returns %s" % bgot)
            out.append(line)
            if case in EXPLAIN:
                out.append("      why: " + EXPLAIN[case])
        seen = {c[0] for c in xr.cases}
        expected = [c[0] for c in br.cases] if br and br.cases else source_cases(img)
        missing = [c for c in expected if c not in seen]
        if missing and xr.result is None:
            unreached += len(missing)
            out.append("  NOT REACHED under Xen (%d): %s" % (len(missing), ", ".join(missing)))
            for c in missing:
                if c in EXPLAIN:
                    out.append("      %s: %s" % (c, EXPLAIN[c]))
        for k, v in xr.bench.items():
            out.append("  BENCH under Xen: %s %s" % (k, v))
    return agree, disagree, unreached


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--basalt", choices=("auto", "yes", "no"), default="auto",
                    help="also run the scenarios under Basalt (auto: if it has the Xen ABI)")
    ap.add_argument("--only", action="append", help="run only these scenarios")
    ap.add_argument("--timeout", type=int, default=900)
    args = ap.parse_args()

    xen_board.fetch_xen()
    with_basalt = args.basalt == "yes" or (args.basalt == "auto" and basalt_has_xen_abi())
    out = ["Xen 4.17 oracle for the test guests",
           "Xen: Debian xen-hypervisor-4.17-arm64 %s, command line: %s" %
           (xen_board.xen_version_string(), xen_board.XEN_BOOTARGS),
           "Board: QEMU virt, GICv3, 2 CPUs, cortex-a57, 4G; each guest a dom0less domU "
           "(1 vCPU, xen,enhanced); logs under %s" % xen_board.XEN_LOG_ROOT,
           "Basalt comparison: %s" % ("yes" if with_basalt else
                                       "no (the Basalt build has no Xen ABI yet)"), ""]
    totals = [0, 0, 0]
    for name, why in sorted(NOT_UNDER_XEN.items()):
        out.append("-- %s: not run under Xen: %s." % (name, why))
    if NOT_UNDER_XEN:
        out.append("")
    for scn in all_scenarios():
        if args.only and scn.name not in args.only:
            continue
        print("xen-oracle: %s under Xen 4.17 ..." % scn.name, flush=True)
        xen_runs, _t, _b = run_guests("xen", "oracle-" + scn.name, scn.domains(xen=True),
                                      cpus=2, hv_bootargs=scn.xen_bootargs, timeout=args.timeout,
                                      idle=scn.idle, script=scn.script)
        basalt_runs = None
        if with_basalt:
            print("xen-oracle: %s under Basalt ..." % scn.name, flush=True)
            try:
                basalt_runs, _t, _b = run_guests("basalt", "oracle-" + scn.name, scn.domains(),
                                                 cpus=2, hv_bootargs=scn.basalt_bootargs,
                                                 timeout=args.timeout, idle=scn.idle,
                                                 script=scn.script)
            except board.BoardError as e:
                out.append("(%s: Basalt run failed: %s)" % (scn.name, str(e).splitlines()[0]))
        if scn.note:
            out.append("-- %s: %s" % (scn.name, scn.note))
        if scn.stop_note and any(r.result is None for r in xen_runs.values()):
            out.append("-- %s: %s" % (scn.name, scn.stop_note))
        for i, n in enumerate(compare(scn, xen_runs, basalt_runs, out)):
            totals[i] += n
        out.append("")
    out.append("Summary: %d cases agree with Xen 4.17, %d disagree, %d not reached under Xen"
               % tuple(totals))
    text = "\n".join(out) + "\n"
    os.makedirs(os.path.dirname(REPORT), exist_ok=True)
    with open(REPORT, "w") as f:
        f.write(text)
    print(text, end="")
    print("report: %s" % REPORT)
    return 1 if totals[1] or totals[2] else 0


if __name__ == "__main__":
    sys.exit(main())

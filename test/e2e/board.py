# SPDX-License-Identifier: GPL-2.0-only
"""The board harness for end-to-end tests.

A Board is one QEMU `virt` machine (TCG) running the Basalt hypervisor with
dom0less domains described under /chosen in the host device tree (Xen's
binding: `compatible = "xen,domain"` nodes with `multiboot,kernel` and
`multiboot,ramdisk` modules). Module files are placed in guest-visible RAM with
QEMU's `-device loader`. The harness talks to the hypervisor console on the
board's UART:

  * output of domain N arrives as lines starting with `(dN) `;
  * CTRL-a three times switches console input between the hypervisor and each
    domain in turn; the hypervisor announces the new target on a line of its own
    that contains the word "input" and either the domain (`d1`, `dom1`, `DOM1`,
    `domain 1`) or the hypervisor (`hypervisor`, `Basalt`, `Xen`);
  * in hypervisor input mode single keys are debug keys; `m` prints a line with
    `free pages: N` (the figure tests compare before and after a domain lives).

Every board keeps its full console log under test/e2e/logs/<name>/ in the build
tree; a failed wait raises BoardError carrying the tail of that log.
"""

import os
import re
import shutil
import subprocess
import time

import pexpect

HERE = os.path.dirname(os.path.abspath(__file__))
TOP_SRC = os.environ.get("top_srcdir", os.path.dirname(os.path.dirname(HERE)))
TOP_BUILD = os.environ.get("top_builddir", TOP_SRC)
QEMU = os.environ.get("QEMU", "qemu-system-aarch64")
HYPERVISOR = os.path.join(TOP_BUILD, "core", "basalt.bin")
GUEST_IMAGE = os.path.join(TOP_BUILD, "test", "linux", "Image")
GUEST_INITRAMFS = os.path.join(TOP_BUILD, "test", "linux", "initramfs.cpio.gz")
LOG_ROOT = os.path.join(TOP_BUILD, "test", "e2e", "logs")
TIMEOUT_SCALE = float(os.environ.get("BASALT_TIMEOUT_SCALE", "1"))
# How QEMU runs the board's CPUs: the -accel option (BASALT_ACCEL overrides).
# Multi-threaded TCG ("tcg,thread=multi") runs each pCPU in its own host thread,
# as real hardware runs in parallel, and Basalt works there (test_vm_linux_mttcg.py).
# The default is single-threaded TCG because the CI machine has 2 cores and
# runs 4-pCPU boards two at a time (make -j2): 8 busy pCPU threads on 2 cores,
# so every cross-thread wait in QEMU lasts a host time slice. QEMU serialises
# each GIC CPU-interface, timer and counter register access on its global lock
# (ARM_CP_IO), which a hypervisor does on every exit; every broadcast TLB
# invalidation stops all vCPU threads; a guest spinning on a lock waits for a
# preempted holder. Measured on that machine: one board at a time, the two are
# on par (boot to init of 2 guests x 2 vCPUs on 4 pCPUs: 4.6 s multi, 4.0 s
# single; a 3-vCPU guest: 2.1 s multi, 2.3 s single); two boards at once, the
# VM tests take ~40% longer multi-threaded (24 s vs 17 s, 19 s vs 13 s).
ACCEL = os.environ.get("BASALT_ACCEL", "tcg,thread=single")

RAM_BASE = 0x40000000
# Modules go 1 GiB into RAM, clear of where QEMU puts the hypervisor and DTB.
MODULE_BASE = RAM_BASE + 0x40000000
MODULE_ALIGN = 0x200000

HV_INPUT_RE = re.compile(r"[Ii]nput[^\r\n]*?\b(hypervisor|Hypervisor|Basalt|basalt|XEN|Xen)\b")
DOM_INPUT_RE = re.compile(r"[Ii]nput[^\r\n]*?\b(?:d|dom|DOM|Dom|domain|Domain)\s?(\d+)\b")


class BoardError(Exception):
    pass


class Domain:
    """One dom0less domain: a kernel, an optional ramdisk, memory and vCPUs."""

    def __init__(self, name, memory_mib=256, cpus=2, kernel=GUEST_IMAGE,
                 ramdisk=GUEST_INITRAMFS, bootargs=None, vpl011=True, extra_dts=""):
        self.name = name
        self.memory_mib = memory_mib
        self.cpus = cpus
        self.kernel = kernel
        self.ramdisk = ramdisk
        if bootargs is None:
            bootargs = "console=ttyAMA0 quiet"
        self.bootargs = "%s basalt.name=%s" % (bootargs, name)
        self.vpl011 = vpl011
        self.extra_dts = extra_dts


def _align(v, a):
    return (v + a - 1) // a * a


def _cells(v):
    return "0x%x 0x%x" % (v >> 32, v & 0xFFFFFFFF)


class Board:
    """A QEMU virt board running Basalt with dom0less domains."""

    def __init__(self, name, domains=(), gic=3, cpus=4, cpu="cortex-a57", mem="4G",
                 hv_bootargs="", extra_qemu=(), accel=None):
        self.name = name
        self.domains = list(domains)
        self.gic = gic
        self.cpus = cpus
        self.cpu = cpu
        self.mem = mem
        self.hv_bootargs = hv_bootargs
        self.extra_qemu = list(extra_qemu)
        self.accel = accel or ACCEL
        self.dir = os.path.join(LOG_ROOT, name)
        self.log_path = os.path.join(self.dir, "console.log")
        self.proc = None
        self.input = "hv"
        self.started_at = None
        self._serial = 0

    # ---- building the machine -------------------------------------------------
    def _machine_args(self):
        return ["-M", "virt,virtualization=on,gic-version=%d" % self.gic,
                "-cpu", self.cpu, "-smp", str(self.cpus), "-m", self.mem,
                "-accel", self.accel, "-nic", "none", "-display", "none", "-monitor", "none"]

    def _place_modules(self):
        """Assign each module file a load address; returns (domain, kind, path, addr, size).
        A file several domains use is loaded once (the hypervisor copies it out),
        so 64 domains of one image leave the host memory map in one piece."""
        addr = MODULE_BASE
        placed = []
        loaded = {}
        for d in self.domains:
            for kind, path in (("kernel", d.kernel), ("ramdisk", d.ramdisk)):
                if not path:
                    continue
                if not os.path.exists(path):
                    raise BoardError("%s: missing %s image %s (run make)" % (self.name, kind, path))
                size = os.path.getsize(path)
                if path in loaded:
                    placed.append((d, kind, path, loaded[path], size))
                    continue
                loaded[path] = addr
                placed.append((d, kind, path, addr, size))
                addr = _align(addr + size, MODULE_ALIGN)
        return placed

    def _chosen_dts(self, placed):
        out = ["/ {", "  chosen {", "    #address-cells = <2>;", "    #size-cells = <2>;"]
        if self.hv_bootargs:
            out.append('    xen,xen-bootargs = "%s";' % self.hv_bootargs)
        for i, d in enumerate(self.domains, 1):
            out += ["    domU%d {" % i,
                    '      compatible = "xen,domain";',
                    "      #address-cells = <2>;", "      #size-cells = <2>;",
                    "      memory = <%s>;" % _cells(d.memory_mib * 1024),
                    "      cpus = <%d>;" % d.cpus]
            if d.vpl011:
                out.append("      vpl011;")
            # Before the module nodes: dtc wants a node's properties ahead of its subnodes.
            if d.extra_dts:
                out.append(d.extra_dts)
            for (pd, kind, _path, addr, size) in placed:
                if pd is not d:
                    continue
                out += ["      module@%x {" % addr,
                        '        compatible = "multiboot,%s", "multiboot,module";' % kind,
                        "        reg = <%s %s>;" % (_cells(addr), _cells(size))]
                if kind == "kernel":
                    out.append('        bootargs = "%s";' % d.bootargs)
                out.append("      };")
            out.append("    };")
        out += ["  };", "};"]
        return "\n".join(out) + "\n"

    def build(self):
        """Write the host DTB with the dom0less nodes; return the QEMU argv."""
        shutil.rmtree(self.dir, ignore_errors=True)
        os.makedirs(self.dir)
        if not os.path.exists(HYPERVISOR):
            raise BoardError("%s: missing hypervisor image %s (run make)" % (self.name, HYPERVISOR))
        base = os.path.join(self.dir, "base.dtb")
        subprocess.run([QEMU] + self._machine_args() +
                       ["-machine", "dumpdtb=" + base], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        dts = subprocess.run(["dtc", "-q", "-I", "dtb", "-O", "dts", base], check=True,
                             capture_output=True, text=True).stdout
        placed = self._place_modules()
        dts += "\n" + self._chosen_dts(placed)
        dts_path = os.path.join(self.dir, "board.dts")
        dtb_path = os.path.join(self.dir, "board.dtb")
        with open(dts_path, "w") as f:
            f.write(dts)
        subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", dtb_path, dts_path],
                       check=True)
        argv = [QEMU] + self._machine_args() + [
            "-serial", "stdio", "-kernel", HYPERVISOR, "-dtb", dtb_path]
        for (path, addr) in sorted(set((p[2], p[3]) for p in placed), key=lambda x: x[1]):
            argv += ["-device", "loader,file=%s,addr=0x%x,force-raw=on" % (path, addr)]
        return argv + self.extra_qemu

    # ---- running it -----------------------------------------------------------
    def start(self):
        # A second start would orphan the first QEMU (and rebuild its log dir).
        if self.proc is not None:
            raise BoardError("%s: board already started" % self.name)
        argv = self.build()
        with open(os.path.join(self.dir, "qemu.cmd"), "w") as f:
            f.write(" ".join(argv) + "\n")
        self.log = open(self.log_path, "w")
        self.started_at = time.monotonic()
        self.proc = pexpect.spawn(argv[0], argv[1:], encoding="utf-8", codec_errors="replace",
                                  timeout=60, maxread=65536, searchwindowsize=65536,
                                  dimensions=(50, 200))
        self.proc.logfile_read = self.log
        return self

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
        return False

    def stop(self):
        if self.proc is not None:
            self.proc.terminate(force=True)
            self.proc = None
        if getattr(self, "log", None):
            self.log.close()
            self.log = None

    def elapsed(self):
        return time.monotonic() - self.started_at

    def tail(self, lines=40):
        if getattr(self, "log", None):
            self.log.flush()
        try:
            with open(self.log_path, errors="replace") as f:
                return "".join(f.readlines()[-lines:])
        except OSError:
            return "(no console log)"

    def fail(self, what):
        raise BoardError("%s: %s\n--- last console lines (%s) ---\n%s" %
                         (self.name, what, self.log_path, self.tail()))

    def expect(self, pattern, timeout=60):
        """Wait for a regex (str or list of str) in the console; return the match."""
        try:
            self.proc.expect(pattern, timeout=timeout * TIMEOUT_SCALE)
        except pexpect.TIMEOUT:
            self.fail("timed out after %ds waiting for %r" % (timeout, pattern))
        except pexpect.EOF:
            self.fail("board exited while waiting for %r" % (pattern,))
        return self.proc.match

    def expect_guest(self, domid, pattern, timeout=60):
        return self.expect(r"\(d%d\) [^\r\n]*?%s" % (domid, pattern), timeout)

    def send(self, text):
        self.proc.send(text)

    # ---- the console multiplexer -----------------------------------------------
    def switch_input(self, target, timeout=20):
        """Press CTRL-a three times until input goes to `target` ('hv' or a domid)."""
        if self.input == target:
            return
        for _ in range(len(self.domains) + 2):
            self.send("\x01\x01\x01")
            m = self.expect([HV_INPUT_RE, DOM_INPUT_RE], timeout)
            now = "hv" if m.re is HV_INPUT_RE else int(m.group(1))
            self.input = now
            if now == target:
                return
        self.fail("could not switch console input to %r" % (target,))

    def hv_key(self, key):
        self.switch_input("hv")
        self.send(key)

    def free_pages(self, timeout=20):
        self.hv_key("m")
        return int(self.expect(r"free pages:\s*(\d+)\D", timeout).group(1))

    def guest_run(self, domid, command, timeout=60):
        """Run a shell command in domain `domid`; return (status, output lines)."""
        self.switch_input(domid)
        self._serial += 1
        tag = "__basalt_done_%d__" % self._serial
        self.send("%s; echo %s $?\r" % (command, tag))
        m = self.expect(r"\(d%d\) %s (\d+)" % (domid, tag), timeout)
        before = self.proc.before.replace("\r", "").split("\n")
        prefix = "(d%d) " % domid
        lines = [ln[len(prefix):] for ln in before if ln.startswith(prefix)]
        # Drop the echoed command line itself.
        lines = [ln for ln in lines if tag not in ln]
        return int(m.group(1)), lines

    def wait_guest_init(self, domid, timeout=240):
        return self.expect_guest(domid, r"basalt-guest: init reached on (\S+), (\d+) cpus",
                                 timeout)


def linux_domains(count, memory_mib=256, cpus=2, bootargs=None):
    return [Domain("guest%d" % i, memory_mib=memory_mib, cpus=cpus, bootargs=bootargs)
            for i in range(1, count + 1)]

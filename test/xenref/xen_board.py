# SPDX-License-Identifier: GPL-2.0-only
"""Debian's Xen 4.17 on the reference board, as an oracle and a yardstick.

XenBoard is test/e2e/board.py's Board with one difference: QEMU's `-kernel`
is Debian's Xen 4.17 (`/boot/xen-4.17-arm64` of xen-hypervisor-4.17-arm64, an
arm64 Image with an EFI stub) instead of Basalt. Everything else is the same
machine: the same QEMU arguments, the same host DTB with the same dom0less
`xen,domain` nodes under /chosen, the same module addresses. Xen reads its
command line from /chosen `xen,xen-bootargs` (Board's hv_bootargs).

Xen is not part of the default set-up: fetch_xen() downloads the package
from Debian's archive with `apt-get download` and unpacks it with dpkg-deb
into a cache under the build tree (test/xenref/cache/), once.

What differs in Xen's console, and how XenBoard hides it:
  * output of a domain through CONSOLEIO_write arrives as `(dN) text`, as on
    Basalt, but only with `guest_loglvl=all` (Xen logs it at G_DEBUG);
  * a domain's emulated PL011 arrives as `(XEN) DOMN: text` or `DOMN: text`;
    expect_guest() accepts both forms;
  * xen,enhanced = "enabled" on a domain becomes "no-xenstore" (Xen 4.17
    panics on "enabled" when there is no dom0 to run xenstore);
  * `CTRL-a` three times switches input ("*** Serial input to DOM1"); Board's
    switch_input() already understands that announcement.
"""

import glob
import os
import re
import shutil
import subprocess
import tempfile

import board

HERE = os.path.dirname(os.path.abspath(__file__))
XEN_PACKAGE = "xen-hypervisor-4.17-arm64:arm64"
CACHE_DIR = os.path.join(board.TOP_BUILD, "test", "xenref", "cache")
XEN_IMAGE = os.path.join(CACHE_DIR, "root", "boot", "xen-4.17-arm64")
XEN_LOG_ROOT = os.path.join(board.TOP_BUILD, "test", "xenref", "logs")

# Xen's command line for the dom0less boards. Console on the board's PL011
# (dtuart, found from /chosen stdout-path); guest_loglvl=all so every line a
# domain writes with CONSOLEIO_write reaches the console unthrottled (as on
# Basalt); bootscrub=0 since scrubbing 4 GiB under TCG only costs time;
# xsm=dummy: Debian builds Xen with the SILO policy as default, which forbids
# event channels and grants between two domUs; upstream Xen without XSM (and
# Basalt) behave like the dummy policy.
XEN_BOOTARGS = "console=dtuart guest_loglvl=all loglvl=all bootscrub=0 xsm=dummy"


# Xen stopped: a panic (it then reboots the board and starts over).
XEN_PANIC_RE = r"Panic on CPU \d+:|Reboot in five seconds"


class XenError(Exception):
    pass


def fetch_xen(quiet=False):
    """Make sure Xen 4.17 is unpacked in the cache; return the image path."""
    if os.path.exists(XEN_IMAGE):
        return XEN_IMAGE
    os.makedirs(CACHE_DIR, exist_ok=True)
    debs = glob.glob(os.path.join(CACHE_DIR, "xen-hypervisor-4.17-arm64_*_arm64.deb"))
    if not debs:
        if not quiet:
            print("xenref: downloading %s from Debian's archive into %s" %
                  (XEN_PACKAGE, CACHE_DIR), flush=True)
        r = subprocess.run(["apt-get", "download", "-q", XEN_PACKAGE], cwd=CACHE_DIR,
                           capture_output=True, text=True)
        debs = glob.glob(os.path.join(CACHE_DIR, "xen-hypervisor-4.17-arm64_*_arm64.deb"))
        if r.returncode != 0 or not debs:
            raise XenError("apt-get download %s failed (is the arm64 architecture enabled? "
                           "`dpkg --add-architecture arm64 && apt-get update`):\n%s" %
                           (XEN_PACKAGE, r.stderr.strip()))
    tmp = tempfile.mkdtemp(dir=CACHE_DIR)
    try:
        subprocess.run(["dpkg-deb", "-x", sorted(debs)[-1], tmp], check=True)
        shutil.rmtree(os.path.join(CACHE_DIR, "root"), ignore_errors=True)
        os.rename(tmp, os.path.join(CACHE_DIR, "root"))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if not os.path.exists(XEN_IMAGE):
        raise XenError("%s has no /boot/xen-4.17-arm64" % debs[-1])
    return XEN_IMAGE


def xen_version_string():
    """The Debian version of the cached package, e.g. 4.17.7+13-g2445b30a44-0+deb12u1."""
    debs = sorted(glob.glob(os.path.join(CACHE_DIR, "xen-hypervisor-4.17-arm64_*_arm64.deb")))
    if not debs:
        return "unknown"
    return subprocess.run(["dpkg-deb", "-f", debs[-1], "Version"], capture_output=True,
                          text=True).stdout.strip()


class XenBoard(board.Board):
    """A Board that boots Debian's Xen 4.17 instead of Basalt."""

    def __init__(self, name, domains=(), hv_bootargs=XEN_BOOTARGS, **kw):
        super().__init__(name, domains, hv_bootargs=hv_bootargs, **kw)
        self.dir = os.path.join(XEN_LOG_ROOT, name)
        self.log_path = os.path.join(self.dir, "console.log")

    def build(self):
        image = fetch_xen(quiet=True)
        argv = super().build()
        i = argv.index("-kernel")
        argv[i + 1] = image
        return argv

    def _chosen_dts(self, placed):
        # Xen 4.17 panics on xen,enhanced = "enabled" without a dom0 to run
        # xenstore; "no-xenstore" gives the same hypercall ABI and event PPI.
        return super()._chosen_dts(placed).replace('xen,enhanced = "enabled"',
                                                   'xen,enhanced = "no-xenstore"')

    def expect_guest(self, domid, pattern, timeout=60):
        return self.expect(r"(?:\(d%d\) |DOM%d: )[^\r\n]*?%s" % (domid, domid, pattern),
                           timeout)


def guest_lines(text, domid):
    """The lines domain `domid` wrote, from a console log, without prefixes."""
    out = []
    pre = re.compile(r"^(?:\(XEN\) )?(?:\(d%d\) |DOM%d: )(.*)$" % (domid, domid))
    for ln in text.replace("\r", "").split("\n"):
        m = pre.match(ln)
        if m:
            out.append(m.group(1))
    return out

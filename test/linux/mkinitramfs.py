#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Write a gzip'd newc cpio initramfs for Linux guests: a static busybox, its
applet links, the files of an overlay directory and the device nodes init
needs. Written in Python so no root privileges (mknod) are needed."""

import argparse
import gzip
import os
import stat

APPLETS = ["sh", "ash", "mount", "umount", "echo", "cat", "ls", "mkdir", "sleep",
           "poweroff", "reboot", "halt", "init", "nproc", "uname", "dmesg",
           "cttyhack", "setsid", "grep", "date", "true", "false", "ps", "sync",
           "hostname", "head", "tail", "dd", "sed", "awk", "wc", "free", "uptime"]


class Cpio:
    def __init__(self):
        self.data = bytearray()
        self.ino = 1

    def entry(self, name, mode, body=b"", rdev=(0, 0), nlink=1):
        name_b = name.encode() + b"\0"
        hdr = "070701" + "".join("%08X" % v for v in (
            self.ino, mode, 0, 0, nlink, 0, len(body), 0, 0,
            rdev[0], rdev[1], len(name_b), 0))
        self.ino += 1
        self.data += hdr.encode() + name_b
        self.data += b"\0" * ((4 - len(self.data) % 4) % 4)
        self.data += body
        self.data += b"\0" * ((4 - len(self.data) % 4) % 4)

    def directory(self, name):
        self.entry(name, stat.S_IFDIR | 0o755, nlink=2)

    def file(self, name, body, mode=0o644):
        self.entry(name, stat.S_IFREG | mode, body)

    def symlink(self, name, target):
        self.entry(name, stat.S_IFLNK | 0o777, target.encode())

    def chardev(self, name, major, minor):
        self.entry(name, stat.S_IFCHR | 0o600, rdev=(major, minor))

    def finish(self):
        self.entry("TRAILER!!!", 0)
        return bytes(self.data)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--busybox", required=True)
    ap.add_argument("--overlay", required=True)
    ap.add_argument("-o", "--output", required=True)
    args = ap.parse_args()

    c = Cpio()
    for d in ("bin", "sbin", "usr", "usr/bin", "usr/sbin", "dev", "proc", "sys", "tmp",
              "etc", "etc/init.d", "root"):
        c.directory(d)
    c.chardev("dev/console", 5, 1)
    c.chardev("dev/null", 1, 3)
    with open(args.busybox, "rb") as f:
        c.file("bin/busybox", f.read(), 0o755)
    for a in APPLETS:
        c.symlink("bin/" + a, "busybox")
    c.symlink("sbin/init", "../bin/busybox")
    c.symlink("init", "bin/busybox")
    for root, _dirs, files in sorted(os.walk(args.overlay)):
        for fn in sorted(files):
            src = os.path.join(root, fn)
            rel = os.path.relpath(src, args.overlay)
            with open(src, "rb") as f:
                mode = 0o755 if os.access(src, os.X_OK) else 0o644
                c.file(rel, f.read(), mode)
    tmp = args.output + ".tmp"
    with open(tmp, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as f:
        f.write(c.finish())
    os.replace(tmp, args.output)


if __name__ == "__main__":
    main()

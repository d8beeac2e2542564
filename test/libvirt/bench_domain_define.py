# SPDX-License-Identifier: GPL-2.0-only
"""Benchmark: define+undefine per second through python-libvirt, virtbasaltd
(built in the tree) side by side with Debian's libvirtd and its test driver,
in the same run, and their ratio. Prints figures; asserts nothing.

virtbasaltd's define is durable (fsync of the file and the directory) and
schema-checked; the test driver keeps definitions in memory only, so the
comparison is against the fastest thing libvirt has.

    make bench            (or: python3 bench_domain_define.py [N])
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vbdtest import Daemon  # noqa: E402

import libvirt  # noqa: E402

XML = """<domain type='{virt}'>
  <name>{name}</name>
  <memory unit='MiB'>128</memory>
  <vcpu>1</vcpu>
  <os><type {arch}>{ostype}</type><kernel>/boot/Image</kernel></os>
  <devices><console type='pty'/></devices>
</domain>
"""


class Libvirtd:
    """Debian's libvirtd as user nobody on a private socket (test driver)."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix='bench-libvirtd.')
        shutil.chown(self.dir, 'nobody')
        conf = os.path.join(self.dir, 'libvirtd.conf')
        with open(conf, 'w') as f:
            f.write(f'unix_sock_dir = "{self.dir}"\nauth_unix_rw = "none"\n'
                    'auth_unix_ro = "none"\nunix_sock_rw_perms = "0777"\n')
        os.chmod(conf, 0o644)
        env = dict(os.environ, HOME=self.dir, XDG_RUNTIME_DIR=self.dir,
                   XDG_CONFIG_HOME=self.dir, XDG_CACHE_HOME=self.dir)
        self.log = open(os.path.join(self.dir, 'log'), 'w')
        self.proc = subprocess.Popen(
            ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups',
             '/usr/sbin/libvirtd', '--config', conf, '--pid-file', os.path.join(self.dir, 'pid')],
            env=env, stdout=self.log, stderr=subprocess.STDOUT)
        sock = os.path.join(self.dir, 'libvirt-sock')
        deadline = time.monotonic() + 20
        while not os.path.exists(sock):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError('libvirtd did not start')
            time.sleep(0.05)
        self.uri = f'test+unix:///default?socket={sock}'

    def cleanup(self):
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)


def run(uri, xml_args, n):
    conn = libvirt.open(uri)
    # Warm up, then time n define+undefine pairs of fresh names.
    for i in range(20):
        conn.defineXML(XML.format(name=f'warm{i}', **xml_args)).undefine()
    t0 = time.perf_counter()
    for i in range(n):
        conn.defineXML(XML.format(name=f'bench{i}', **xml_args)).undefine()
    dt = time.perf_counter() - t0
    conn.close()
    return n / dt


def fsync_ms(directory):
    """Mean latency of write+fsync of a small file in directory, for context."""
    path = os.path.join(directory, 'fsync-probe')
    t0 = time.perf_counter()
    for _ in range(50):
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.write(fd, b'x' * 1024)
        os.fsync(fd)
        os.close(fd)
    os.unlink(path)
    return (time.perf_counter() - t0) / 50 * 1000


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    libvirt.registerErrorHandler(lambda *a: None, None)
    xen = dict(virt='xen', arch='', ostype='linux')
    # The same daemon with its state on tmpfs, where fsync costs nothing:
    # the protocol, XML and schema work alone, like the in-memory test driver.
    shm = tempfile.mkdtemp(prefix='vbd-bench.', dir='/dev/shm') if os.path.isdir('/dev/shm') else None
    ours = Daemon()
    theirs = Libvirtd()
    try:
        probe = fsync_ms(ours.dir)
        basalt = run(ours.uri, xen, n)
        ours.cleanup()
        basalt_shm = None
        if shm:
            ours = Daemon(args=['--state-dir', os.path.join(shm, 'state')])
            basalt_shm = run(ours.uri, xen, n)
        test = run(theirs.uri, dict(virt='test', arch="arch='x86_64'", ostype='hvm'), n)
    finally:
        ours.cleanup()
        theirs.cleanup()
        if shm:
            shutil.rmtree(shm, ignore_errors=True)
    print(f'define+undefine per second ({n} pairs, one python-libvirt connection):')
    print(f'  virtbasaltd (durable, schema-checked): {basalt:10.1f} /s')
    print(f'  libvirtd 9.0 test driver (in memory):  {test:10.1f} /s')
    print(f'  ratio virtbasaltd / libvirtd:          {basalt / test:10.2f}')
    if basalt_shm:
        print(f'  virtbasaltd, state on tmpfs (no fsync): {basalt_shm:9.1f} /s'
              f'   ratio {basalt_shm / test:.2f}')
    print(f'  (one write+fsync on this filesystem: {probe:.2f} ms; a durable define+undefine'
          f' needs 3; it took {1000 / basalt:.1f} ms)')


if __name__ == '__main__':
    main()

#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Round-trip latency of virConnectGetLibVersion: virtbasaltd built in the
tree next to Debian's libvirtd (test driver, test+unix:///default on its own
socket, started here as an unprivileged user with a private config and
runtime dir, driver modules disabled). The same calls, the same client,
in the same run: python3-libvirt, then a raw socket client (no client
library cost). Prints figures and the ratio; asserts nothing."""
import os
import shutil
import signal
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vbdtest import Daemon, Wire, xdr_string  # noqa: E402

import libvirt  # noqa: E402

CALLS = int(os.environ.get('BENCH_CALLS', '5000'))


class Libvirtd:
    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix='bench-libvirtd.')
        os.chmod(self.dir, 0o777)
        for sub in ('run', 'config', 'cache', 'drivers'):
            os.mkdir(os.path.join(self.dir, sub), 0o777)
            os.chmod(os.path.join(self.dir, sub), 0o777)
        conf = os.path.join(self.dir, 'libvirtd.conf')
        with open(conf, 'w') as f:
            f.write(f'unix_sock_dir = "{self.dir}"\nunix_sock_rw_perms = "0777"\n'
                    'unix_sock_ro_perms = "0777"\nauth_unix_rw = "none"\n'
                    'auth_unix_ro = "none"\nlisten_tls = 0\nlisten_tcp = 0\n')
        os.chmod(conf, 0o644)
        self.sock = os.path.join(self.dir, 'libvirt-sock')
        env = dict(os.environ, HOME=self.dir, XDG_RUNTIME_DIR=f'{self.dir}/run',
                   XDG_CONFIG_HOME=f'{self.dir}/config', XDG_CACHE_HOME=f'{self.dir}/cache',
                   # No qemu/network/... modules: the test driver is built in.
                   LIBVIRT_DRIVER_DIR=f'{self.dir}/drivers')
        cmd = ['/usr/sbin/libvirtd', '--config', conf]
        if os.geteuid() == 0:
            # As root libvirtd would use /run/libvirt and /var/lib/libvirt.
            cmd = ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups'] + cmd
        self.log = open(os.path.join(self.dir, 'log'), 'w')
        self.proc = subprocess.Popen(cmd, env=env, stdout=self.log, stderr=subprocess.STDOUT,
                                     cwd=self.dir)
        deadline = time.monotonic() + 20
        while not os.path.exists(self.sock):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError('libvirtd did not start; see ' + self.log.name)
            time.sleep(0.05)
        self.uri = f'test+unix:///default?socket={self.sock}'

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)


def bench_client(uri):
    c = libvirt.open(uri)
    for _ in range(200):
        c.getLibVersion()
    lat = []
    for _ in range(CALLS):
        t = time.perf_counter_ns()
        c.getLibVersion()
        lat.append(time.perf_counter_ns() - t)
    c.close()
    return lat


def bench_raw(sock, name):
    w = Wire(sock, timeout=10)
    w.call(66)
    r = w.call(1, struct.pack('>I', 1) + xdr_string(name) + struct.pack('>I', 0))
    assert r['status'] == 0, r
    msg = struct.pack('>IIIiIII', 28, 0x20008086, 1, 157, 0, 0, 0)
    lat = []
    for i in range(CALLS + 200):
        t = time.perf_counter_ns()
        w.s.sendall(msg)
        w.recv()
        if i >= 200:
            lat.append(time.perf_counter_ns() - t)
    w.close()
    return lat


def summary(lat):
    lat = sorted(lat)
    return (statistics.mean(lat) / 1000, lat[len(lat) // 2] / 1000,
            lat[int(len(lat) * 0.99)] / 1000)


def main():
    libvirt.registerErrorHandler(lambda ctx, err: None, None)
    vbd = Daemon()
    lvd = Libvirtd()
    try:
        rows = []
        for label, fn in (('python-libvirt', lambda u, s, n: bench_client(u)),
                          ('raw socket', lambda u, s, n: bench_raw(s, n))):
            a = summary(fn(vbd.uri, vbd.sock, 'basalt:///system'))
            b = summary(fn(lvd.uri, lvd.sock, 'test:///default'))
            rows.append((label, a, b))
    finally:
        vbd.cleanup()
        lvd.stop()
    print(f'virConnectGetLibVersion round trip, {CALLS} calls each, microseconds '
          '(mean / median / p99)')
    for label, a, b in rows:
        print(f'  {label:15s} virtbasaltd {a[0]:7.1f} / {a[1]:7.1f} / {a[2]:7.1f}   '
              f'libvirtd(test) {b[0]:7.1f} / {b[1]:7.1f} / {b[2]:7.1f}   '
              f'ratio virtbasaltd/libvirtd (median) {a[1] / b[1]:.2f}')


if __name__ == '__main__':
    main()

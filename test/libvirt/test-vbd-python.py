#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Debian's python3-libvirt against virtbasaltd built in the tree: the
connection API, error codes as applications see them, read-only
connections, lifecycle events, keepalive and calls from many threads."""
import os
import sys
import threading
import time
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vbdtest import Daemon, Tap  # noqa: E402

try:
    import libvirt
except ImportError:
    libvirt = None

DOM_XML = ("<domain type='kvm'><name>{name}</name><memory unit='KiB'>131072</memory>"
           "<vcpu>1</vcpu><os><type arch='aarch64' machine='virt'>hvm</type></os></domain>")


def quiet(ctx, err):
    pass


def err_of(fn):
    try:
        fn()
    except libvirt.libvirtError as e:
        return e.get_error_code(), e.get_error_domain(), str(e)
    return None


def main():
    tap = Tap(22)
    if libvirt is None:
        for _ in range(22):
            tap.skip('python3-libvirt', 'module libvirt not importable')
        tap.done()
    libvirt.registerErrorHandler(quiet, None)
    libvirt.virEventRegisterDefaultImpl()
    d = Daemon(conf={'keepalive_interval': 1, 'keepalive_count': 3})
    loop_stop = threading.Event()

    def run_loop():
        while not loop_stop.is_set():
            libvirt.virEventRunDefaultImpl()
    loop = threading.Thread(target=run_loop, daemon=True)
    loop.start()
    try:
        run(tap, d)
    finally:
        tap.ok(d.alive(), 'daemon still running', d.log_text()[-2000:])
        loop_stop.set()
        d.cleanup()
    tap.done()


def run(tap, d):
    c = libvirt.open(d.uri)
    tap.ok(c.getType() == 'Basalt', 'getType')
    tap.ok(c.getLibVersion() == 9000000 and c.getVersion() == 4017000,
           'getLibVersion / getVersion', (c.getLibVersion(), c.getVersion()))
    tap.ok(c.getHostname() == os.uname().nodename.split('.')[0] or
           c.getHostname() == os.uname().nodename, 'getHostname', c.getHostname())
    tap.ok(c.getURI() == d.uri, 'getURI')
    caps = ET.fromstring(c.getCapabilities())
    tap.ok(len(caps.findall('guest')) == 2, 'getCapabilities: two guest kinds')
    dc = ET.fromstring(c.getDomainCapabilities(None, 'aarch64', 'virt', 'kvm'))
    tap.ok(dc.findtext('machine') == 'virt' and dc.findtext('arch') == 'aarch64',
           'getDomainCapabilities echoes machine and arch')
    info = c.getInfo()
    tap.ok(info[0] == os.uname().machine and info[2] == os.cpu_count(), 'getInfo', info)
    cpus, cpumap, online = c.getCPUMap()
    tap.ok(cpus == os.cpu_count() and sum(cpumap) == online, 'getCPUMap',
           (cpus, cpumap, online))
    tap.ok(c.getFreeMemory() > 0, 'getFreeMemory')
    stats = c.getMemoryStats(libvirt.VIR_NODE_MEMORY_STATS_ALL_CELLS)
    tap.ok(set(stats) == {'total', 'free', 'buffers', 'cached'}, 'getMemoryStats', stats)
    tap.ok(c.getMaxVcpus(None) == 128, 'getMaxVcpus')
    tap.ok(c.listAllDevices() == [], 'listAllDevices: empty')
    tap.ok(c.isSecure() == 1 and c.isAlive() == 1, 'isSecure / isAlive on a UNIX socket')
    e = err_of(c.listAllNetworks)
    tap.ok(e and e[0] == libvirt.VIR_ERR_NO_SUPPORT, 'an unserved API raises VIR_ERR_NO_SUPPORT', e)
    e = err_of(lambda: c.getDomainCapabilities(None, 'ppc64', None, None))
    tap.ok(e and e[0] == libvirt.VIR_ERR_INVALID_ARG and 'ppc64' in e[2],
           'bad domcaps arch: VIR_ERR_INVALID_ARG naming it', e)

    # Read-only: the daemon itself refuses (the client does not know).
    ro = libvirt.open(d.uri_ro)
    e = err_of(lambda: ro.defineXML(DOM_XML.format(name='pyro')))
    tap.ok(e and e[0] == libvirt.VIR_ERR_OPERATION_DENIED, 'read-only socket refuses defineXML', e)
    tap.ok(ro.getLibVersion() == 9000000, 'read-only socket serves reads')
    ro.close()

    # Close callback and keepalive (interval 1 s on both sides).
    closed = []
    c.registerCloseCallback(lambda conn, reason, opaque: closed.append(reason), None)
    c.setKeepAlive(1, 3)
    time.sleep(4)
    tap.ok(c.isAlive() == 1 and not closed and c.getLibVersion() == 9000000,
           'keepalive: an idle connection stays up for 4 s')
    c.unregisterCloseCallback()

    # Lifecycle events reach a callback registered by another connection.
    events = []
    got = threading.Event()

    def on_event(conn, dom, event, detail, opaque):
        events.append((dom.name(), event, detail))
        got.set()
    cb = c.domainEventRegisterAny(None, libvirt.VIR_DOMAIN_EVENT_ID_LIFECYCLE, on_event, None)
    other = libvirt.open(d.uri)
    try:
        dom = other.defineXML(DOM_XML.format(name='pyev'))
    except libvirt.libvirtError as ex:
        dom = None
        tap.skip('DEFINED event', f'define not available: {ex}')
        tap.skip('UNDEFINED event', 'define not available')
    if dom:
        got.wait(5)
        tap.ok(('pyev', libvirt.VIR_DOMAIN_EVENT_DEFINED, 0) in events, 'DEFINED/ADDED event',
               events)
        got.clear()
        dom.undefine()
        got.wait(5)
        tap.ok(('pyev', libvirt.VIR_DOMAIN_EVENT_UNDEFINED, 0) in events,
               'UNDEFINED/REMOVED event', events)
    other.close()
    c.domainEventDeregisterAny(cb)

    # Calls from many threads on one connection: replies matched by serial.
    bad = []

    def worker():
        for _ in range(200):
            if c.getLibVersion() != 9000000:
                bad.append(1)
    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    tap.ok(not bad, '8 threads x 200 calls on one connection')
    c.close()


if __name__ == '__main__':
    main()

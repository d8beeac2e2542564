# SPDX-License-Identifier: GPL-2.0-only
"""Domain configuration through the real Debian clients against the
virtbasaltd built in the tree: virsh, python-libvirt, virt-install
--print-xml; concurrent defines from 8 clients; kill -9 in the middle of a
stream of defines, then a restart. TAP output."""
import glob
import os
import re
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vbdtest import Daemon, Tap  # noqa: E402

try:
    import libvirt  # Debian's python3-libvirt
except ImportError:
    libvirt = None

SRC = os.environ.get('top_srcdir', os.path.join(os.path.dirname(__file__), '..', '..'))
XML_DIR = os.path.join(SRC, 'test', 'libvirt', 'xml')

XEN_TEMPLATE = """<domain type='xen'>
  <name>{name}</name>
  {uuid}
  <memory unit='MiB'>128</memory>
  <vcpu>1</vcpu>
  <os><type>linux</type><kernel>/boot/Image</kernel><cmdline>console=hvc0</cmdline></os>
  <devices><console type='pty'><target type='xen' port='0'/></console></devices>
</domain>
"""


def xen_xml(name, uuid=None):
    return XEN_TEMPLATE.format(name=name, uuid=f'<uuid>{uuid}</uuid>' if uuid else '')


def virsh(d, *args, check=False):
    r = subprocess.run(['virsh', '-q', '-c', d.uri] + list(args), capture_output=True,
                       text=True, timeout=60)
    return r.returncode, r.stdout, r.stderr


def validates(xml_text):
    with tempfile.NamedTemporaryFile('w', suffix='.xml', delete=False) as f:
        f.write(xml_text)
    try:
        r = subprocess.run(['virt-xml-validate', f.name, 'domain'], capture_output=True,
                           text=True)
        return r.returncode == 0, r.stdout + r.stderr
    finally:
        os.unlink(f.name)


def virsh_cases(t, d):
    src = os.path.join(XML_DIR, 'xen-pv.in.xml')
    rc, out, err = virsh(d, 'define', src)
    t.ok(rc == 0, 'virsh define (Xen dialect)', err)
    rc, out, err = virsh(d, 'define', os.path.join(XML_DIR, 'nova-aarch64.in.xml'))
    t.ok(rc == 0, 'virsh define (Nova aarch64 dialect)', err)
    rc, out, err = virsh(d, 'define', '--validate', os.path.join(XML_DIR, 'nova-aarch64.in.xml'))
    t.ok(rc == 0, 'virsh define --validate of a schema-valid definition (redefine)', err)
    rc, out, err = virsh(d, 'define', '--validate', src)
    t.ok(rc != 0 and 'failed to validate against schema' in err,
         'virsh define --validate rejects arch=aarch64 with os type xen, as the schema does', err)
    rc, out, err = virsh(d, 'list', '--all')
    t.ok(rc == 0 and re.search(r'-\s+vm1\s+shut off', out) and 'instance-00000001' in out,
         'virsh list --all', out + err)
    rc, out, err = virsh(d, 'dominfo', 'vm1')
    t.ok(rc == 0 and re.search(r'OS Type:\s+linux', out) and
         re.search(r'Max memory:\s+524288 KiB', out) and re.search(r'CPU\(s\):\s+1', out),
         'virsh dominfo', out + err)
    rc, out, err = virsh(d, 'domstate', '--reason', 'vm1')
    t.ok(rc == 0 and out.strip() == 'shut off (unknown)', 'virsh domstate --reason', out + err)
    rc, out, err = virsh(d, 'dumpxml', 'vm1')
    ok, why = validates(out)
    t.ok(rc == 0 and ok and "<type machine=\"xenpv\">linux</type>" in out,
         'virsh dumpxml validates with virt-xml-validate', out + err + why)
    rc, out, err = virsh(d, 'autostart', 'vm1')
    rc2, out2, _ = virsh(d, 'dominfo', 'vm1')
    t.ok(rc == 0 and re.search(r'Autostart:\s+enable', out2), 'virsh autostart', err)
    rc, out, err = virsh(d, 'list', '--all', '--autostart')
    t.ok(rc == 0 and 'vm1' in out and 'instance-00000001' not in out,
         'virsh list --autostart filters', out + err)
    rc, out, err = virsh(d, 'autostart', '--disable', 'vm1')
    rc2, out2, _ = virsh(d, 'dominfo', 'vm1')
    t.ok(rc == 0 and re.search(r'Autostart:\s+disable', out2), 'virsh autostart --disable', err)
    rc, out, err = virsh(d, 'setmem', 'vm1', '300000', '--config')
    rc2, out2, _ = virsh(d, 'dominfo', 'vm1')
    t.ok(rc == 0 and re.search(r'Used memory:\s+300000 KiB', out2), 'virsh setmem --config',
         err + out2)
    rc, out, err = virsh(d, 'setmem', 'vm1', '300000')
    t.ok(rc != 0 and 'not running' in err, 'virsh setmem (live) without a hypervisor: clear error',
         err)
    rc, out, err = virsh(d, 'setmem', 'vm1', '9000000', '--config')
    t.ok(rc != 0 and 'higher than max memory' in err, 'virsh setmem --config above maximum', err)
    rc, out, err = virsh(d, 'setmaxmem', 'vm1', '1048576', '--config')
    rc2, out2, _ = virsh(d, 'dominfo', 'vm1')
    t.ok(rc == 0 and re.search(r'Max memory:\s+1048576 KiB', out2), 'virsh setmaxmem --config',
         err + out2)
    rc, out, err = virsh(d, 'setvcpus', 'vm1', '2', '--config')
    rc2, out2, _ = virsh(d, 'vcpucount', 'vm1', '--config', '--current')
    t.ok(rc == 0 and out2.strip() == '2', 'virsh setvcpus --config', err + out2)
    rc, out, err = virsh(d, 'setvcpus', 'vm1', '4', '--config', '--maximum')
    rc2, out2, _ = virsh(d, 'vcpucount', 'vm1', '--config', '--maximum')
    t.ok(rc == 0 and out2.strip() == '4', 'virsh setvcpus --config --maximum', err + out2)
    rc, out, err = virsh(d, 'setvcpus', 'vm1', '8', '--config')
    t.ok(rc != 0 and 'greater than max allowable' in err, 'virsh setvcpus above maximum', err)
    rc, out, err = virsh(d, 'desc', 'vm1', '--config', 'A test guest')
    rc2, out2, _ = virsh(d, 'desc', 'vm1')
    t.ok(rc == 0 and out2.strip() == 'A test guest', 'virsh desc set and get', err + out2)
    rc, out, err = virsh(d, 'desc', 'vm1', '--config', '--title', 'Guest one')
    rc2, out2, _ = virsh(d, 'list', '--all', '--title')
    t.ok(rc == 0 and 'Guest one' in out2, 'virsh desc --title and list --title', err + out2)
    rc, out, err = virsh(d, 'domrename', 'vm1', 'vm1-renamed')
    rc2, out2, _ = virsh(d, 'list', '--all', '--name')
    t.ok(rc == 0 and 'vm1-renamed' in out2.split() and 'vm1' not in out2.split(),
         'virsh domrename', err + out2)
    rc, out, err = virsh(d, 'domrename', 'vm1-renamed', 'instance-00000001')
    t.ok(rc != 0 and 'already exists' in err, 'virsh domrename onto a taken name fails', err)
    rc, out, err = virsh(d, 'dumpxml', 'vm1-renamed')
    ok, why = validates(out)
    t.ok(ok and '<title>Guest one</title>' in out and
         '<currentMemory unit="KiB">300000</currentMemory>' in out,
         'dumpxml after the changes validates and shows them', out + why)
    rc, out, err = virsh(d, 'dominfo', 'nosuch')
    t.ok(rc != 0 and "failed to get domain 'nosuch'" in err, 'virsh dominfo of an unknown domain',
         err)
    rc, out, err = virsh(d, 'undefine', 'vm1-renamed')
    rc2, out2, _ = virsh(d, 'list', '--all', '--name')
    t.ok(rc == 0 and 'vm1-renamed' not in out2, 'virsh undefine', err + out2)
    bad = os.path.join(d.dir, 'bad.xml')
    with open(bad, 'w') as f:
        f.write("<domain type='xen'><name>a/b</name><memory>1024</memory>"
                "<os><type>xen</type><kernel>/k</kernel></os></domain>")
    rc, out, err = virsh(d, 'define', bad)
    t.ok(rc != 0 and "cannot contain '/'" in err, 'virsh define of a bad name: clear error', err)
    rc, out, err = virsh(d, 'undefine', 'instance-00000001')
    t.ok(rc == 0, 'virsh undefine (second domain)', err)


def python_cases(t, d):
    names = ['python: defineXML + lookups', 'python: info/state/OSType',
             'python: setMemoryFlags/setVcpusFlags CONFIG, LIVE refused',
             'python: metadata element set/get/remove', 'python: lifecycle events',
             'python: listAllDomains filters', 'python: rename + undefine']
    if libvirt is None:
        for n in names:
            t.skip(n, 'python3-libvirt not importable')
        return
    libvirt.registerErrorHandler(lambda *a: None, None)
    libvirt.virEventRegisterDefaultImpl()
    events = []
    stop = threading.Event()

    def loop():
        while not stop.is_set():
            libvirt.virEventRunDefaultImpl()

    th = threading.Thread(target=loop, daemon=True)
    th.start()
    conn = libvirt.open(d.uri)
    cb = conn.domainEventRegisterAny(
        None, libvirt.VIR_DOMAIN_EVENT_ID_LIFECYCLE,
        lambda c, dom, ev, det, op: events.append((dom.name(), ev, det)), None)
    try:
        dom = conn.defineXML(xen_xml('py1'))
        same = conn.lookupByUUIDString(dom.UUIDString())
        t.ok(dom.name() == 'py1' and same.name() == 'py1' and dom.ID() == -1 and
             conn.lookupByName('py1').UUID() == dom.UUID(), names[0])
        info = dom.info()
        t.ok(info[0] == libvirt.VIR_DOMAIN_SHUTOFF and info[1] == 131072 and info[3] == 1 and
             dom.state() == [libvirt.VIR_DOMAIN_SHUTOFF, 0] and dom.OSType() == 'linux' and
             dom.isPersistent() == 1 and dom.isActive() == 0, names[1], info)
        dom.setMemoryFlags(65536, libvirt.VIR_DOMAIN_AFFECT_CONFIG)
        dom.setVcpusFlags(1, libvirt.VIR_DOMAIN_AFFECT_CONFIG)
        try:
            dom.setMemoryFlags(65536, libvirt.VIR_DOMAIN_AFFECT_LIVE)
            live = None
        except libvirt.libvirtError as e:
            live = e.get_error_code()
        t.ok(dom.info()[2] == 65536 and live == libvirt.VIR_ERR_OPERATION_INVALID, names[2],
             (dom.info(), live))
        uri = 'http://example.org/basalt/test/1'
        dom.setMetadata(libvirt.VIR_DOMAIN_METADATA_ELEMENT, '<owner team="qa">alice</owner>',
                        'ex', uri, libvirt.VIR_DOMAIN_AFFECT_CONFIG)
        got = dom.metadata(libvirt.VIR_DOMAIN_METADATA_ELEMENT, uri)
        xml = dom.XMLDesc(0)
        dom.setMetadata(libvirt.VIR_DOMAIN_METADATA_ELEMENT, None, None, uri,
                        libvirt.VIR_DOMAIN_AFFECT_CONFIG)
        try:
            dom.metadata(libvirt.VIR_DOMAIN_METADATA_ELEMENT, uri)
            gone = None
        except libvirt.libvirtError as e:
            gone = e.get_error_code()
        ok, why = validates(xml)
        t.ok('alice' in got and 'ex:owner' in xml and ok and
             gone == libvirt.VIR_ERR_NO_DOMAIN_METADATA, names[3], (got, xml, why, gone))
        conn.defineXML(xen_xml('py1', dom.UUIDString()))  # redefine: UPDATED
        dom.undefine()
        deadline = time.time() + 5
        want = [('py1', 0, 0), ('py1', 0, 1), ('py1', 1, 0)]
        while time.time() < deadline and len(events) < 3:
            time.sleep(0.05)
        t.ok(events[:3] == want, names[4], events)
        a = conn.defineXML(xen_xml('py-a'))
        conn.defineXML(xen_xml('py-b'))
        a.setAutostart(1)
        auto = [x.name() for x in conn.listAllDomains(libvirt.VIR_CONNECT_LIST_DOMAINS_AUTOSTART)]
        inactive = [x.name() for x in conn.listAllDomains(libvirt.VIR_CONNECT_LIST_DOMAINS_INACTIVE)]
        active = conn.listAllDomains(libvirt.VIR_CONNECT_LIST_DOMAINS_ACTIVE)
        t.ok(auto == ['py-a'] and inactive == ['py-a', 'py-b'] and active == [] and
             conn.numOfDefinedDomains() == 2 and conn.numOfDomains() == 0 and
             sorted(conn.listDefinedDomains()) == ['py-a', 'py-b'], names[5],
             (auto, inactive, active))
        events.clear()
        a.rename('py-c', 0)
        conn.lookupByName('py-c').undefine()
        conn.lookupByName('py-b').undefine()
        deadline = time.time() + 5
        while time.time() < deadline and len(events) < 4:
            time.sleep(0.05)
        t.ok(conn.listAllDomains(0) == [] and ('py-a', 1, 1) in events and
             ('py-c', 0, 2) in events, names[6], events)
    finally:
        conn.domainEventDeregisterAny(cb)
        conn.close()
        stop.set()


def virt_install_cases(t, d):
    cmd = ['virt-install', '--connect', d.uri, '--name', 'vi1', '--memory', '256',
           '--vcpus', '2', '--boot',
           'kernel=/var/lib/basalt/Image,initrd=/var/lib/basalt/initrd.img,kernel_args=console=hvc0',
           '--disk', 'none', '--network', 'none', '--import', '--osinfo', 'generic',
           '--print-xml', '--noautoconsole']
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        t.ok(False, 'virt-install --print-xml against virtbasaltd', r.stderr)
        t.skip('virt-install XML round trip', 'no XML')
        return
    t.ok('<name>vi1</name>' in r.stdout, 'virt-install --print-xml against virtbasaltd', r.stdout)
    path = os.path.join(d.dir, 'vi1.xml')
    with open(path, 'w') as f:
        f.write(r.stdout)
    rc, out, err = virsh(d, 'define', path)
    rc1, dump1, _ = virsh(d, 'dumpxml', 'vi1')
    with open(path, 'w') as f:
        f.write(dump1)
    rc2, _, err2 = virsh(d, 'define', path)
    rc3, dump2, _ = virsh(d, 'dumpxml', 'vi1')
    ok, why = validates(dump1)
    virsh(d, 'undefine', 'vi1')
    t.ok(rc == 0 and rc2 == 0 and ok and dump1 == dump2,
         'virt-install XML: define -> dumpxml -> define is stable and valid',
         err + err2 + why + dump1 + dump2)


def concurrency_cases(t, d):
    """8 clients: each defines its 25 domains and undefines the odd ones; all
    8 also race to define one name with different UUIDs."""
    if libvirt is None:
        t.skip('8 clients define/undefine 200 domains', 'no python3-libvirt')
        t.skip('8 clients race on one name: one wins', 'no python3-libvirt')
        return
    errors = []
    clash = []
    barrier = threading.Barrier(8)

    def worker(k):
        try:
            c = libvirt.open(d.uri)
            barrier.wait()
            try:
                c.defineXML(xen_xml('clash', f'00000000-0000-4000-8000-{k:012d}'))
                clash.append(('ok', k))
            except libvirt.libvirtError as e:
                clash.append(('err', str(e)))
            for i in range(25):
                dom = c.defineXML(xen_xml(f'c{k}-{i}'))
                if i % 2:
                    dom.undefine()
            c.close()
        except Exception as e:  # noqa: BLE001 - reported as a test failure
            errors.append(repr(e))

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(300)
    rc, out, err = virsh(d, 'list', '--all', '--name')
    got = set(out.split())
    want = {f'c{k}-{i}' for k in range(8) for i in range(0, 25, 2)} | {'clash'}
    t.ok(not errors and got == want, '8 clients define/undefine 200 domains: exact set remains',
         (errors, sorted(got ^ want)[:10]))
    wins = [c for c in clash if c[0] == 'ok']
    losses = [c for c in clash if c[0] == 'err']
    t.ok(len(wins) == 1 and len(losses) == 7 and
         all("domain 'clash' already exists with uuid" in m for _, m in losses),
         '8 clients race on one name: one wins, 7 get a clear error', clash)
    for name in sorted(got):
        virsh(d, 'undefine', name)


def crash_cases(t):
    """kill -9 while 8 writers define and undefine; a restart loads every file whole."""
    d = Daemon()
    acked = set()
    undone = set()
    lock = threading.Lock()
    stop = threading.Event()

    def writer(k):
        try:
            c = libvirt.open(d.uri)
            i = 0
            while not stop.is_set():
                name = f'k{k}-{i}'
                c.defineXML(xen_xml(name))
                with lock:
                    acked.add(name)
                if i % 3 == 2:
                    # Counted before the call: the daemon may remove the file and
                    # die before its reply reaches us.
                    with lock:
                        undone.add(name)
                    c.lookupByName(name).undefine()
                i += 1
        except libvirt.libvirtError:
            pass  # the daemon died under us: expected

    if libvirt is None:
        d.cleanup()
        for n in range(3):
            t.skip(f'kill -9 case {n}', 'no python3-libvirt')
        return
    threads = [threading.Thread(target=writer, args=(k,)) for k in range(8)]
    for th in threads:
        th.start()
    time.sleep(2.0)
    d.proc.kill()  # SIGKILL in the middle of writes
    d.proc.wait()
    stop.set()
    for th in threads:
        th.join(30)
    files = glob.glob(os.path.join(d.state, '*.xml'))
    whole = 0
    for path in files:
        with open(path) as f:
            ok, _ = validates(f.read())
        whole += ok
    t.ok(len(files) > 0 and whole == len(files),
         f'after kill -9: all {len(files)} definition files on disk are whole and valid',
         f'{whole} of {len(files)} valid')
    # Restart on the same state directory.
    d2 = Daemon(args=['--state-dir', d.state])
    try:
        rc, out, err = virsh(d2, 'list', '--all', '--name')
        loaded = set(out.split())
        leftovers = [p for p in os.listdir(d.state) if p.startswith('.')]
        t.ok(rc == 0 and len(loaded) == len(files) and not leftovers,
             'restart loads every definition and clears temp files',
             (len(loaded), len(files), leftovers, err))
        # Acknowledged defines survive unless an undefine of that name was sent.
        missing = (acked - undone) - loaded
        t.ok(not missing, f'every acknowledged define ({len(acked - undone)}) survived the crash',
             sorted(missing)[:10])
    finally:
        d2.cleanup()
        d.cleanup()


def main():
    t = Tap(27 + 1 + 7 + 2 + 2 + 2 + 3)
    d = Daemon()
    try:
        virsh_cases(t, d)
        rc, out, err = virsh(d, 'list', '--all', '--name')
        t.ok(rc == 0 and out.strip() == '', 'all virsh domains gone', out)
        python_cases(t, d)
        virt_install_cases(t, d)
        concurrency_cases(t, d)
        t.ok(d.alive(), 'daemon still up', d.log_text()[-2000:])
        status = d.stop()
        t.ok(status == 0, 'daemon exits cleanly on SIGTERM', status)
    finally:
        d.cleanup()
    crash_cases(t)
    t.done()


if __name__ == '__main__':
    main()

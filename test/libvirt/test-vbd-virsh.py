#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Debian's virsh against virtbasaltd built in the tree: the connection and
host commands, XML that validates against libvirt's schemas, read-only
refusals, errors, the uri_aliases snippet, TCP, and the daemon's own
command line (config errors, a second instance, stale sockets)."""
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vbdtest import Daemon, Tap, daemon_path  # noqa: E402

SRCDIR = os.path.dirname(os.path.abspath(__file__))
TOP_SRCDIR = os.environ.get('top_srcdir', os.path.join(SRCDIR, '..', '..'))


def virsh(uri, *args, env=None, prefix=()):
    p = subprocess.run(list(prefix) + ['virsh', '-q', '-c', uri] + list(args),
                       capture_output=True, text=True, timeout=60,
                       env=dict(os.environ, LIBVIRT_AUTOSTART='0', **(env or {})))
    return p.returncode, p.stdout, p.stderr


def validates(text, kind):
    p = subprocess.run(['virt-xml-validate', '-', kind], input=text, capture_output=True,
                       text=True, timeout=60)
    return p.returncode == 0, p.stdout + p.stderr


def meminfo_total():
    with open('/proc/meminfo') as f:
        for line in f:
            if line.startswith('MemTotal:'):
                return int(line.split()[1])
    return None


def main():
    tap = Tap(33)
    d = Daemon(conf={'unix_sock_rw_perms': '0666'})
    try:
        host_commands(tap, d)
        refusals(tap, d)
        aliases(tap, d)
    finally:
        tap.ok(d.alive(), 'daemon still running', d.log_text()[-2000:])
        d.cleanup()
    tcp(tap)
    command_line(tap)
    tap.done()


def host_commands(tap, d):
    rc, out, err = virsh(d.uri, 'version')
    tap.ok(rc == 0 and 'Using API: Basalt 9.0.0' in out and
           'Running hypervisor: Basalt 4.17.0' in out, 'virsh version', out + err)
    rc, out, err = virsh(d.uri, 'hostname')
    tap.ok(rc == 0 and out.strip() == socket.gethostname(), 'virsh hostname', out + err)
    rc, out, err = virsh(d.uri, 'uri')
    tap.ok(rc == 0 and out.strip() == d.uri, 'virsh uri', out + err)

    rc, caps, err = virsh(d.uri, 'capabilities')
    ok, why = validates(caps, 'capability')
    tap.ok(rc == 0 and ok, 'virsh capabilities validates (capability.rng)', why + err)
    kinds = set()
    try:
        root = ET.fromstring(caps)
        for g in root.findall('guest'):
            a = g.find('arch')
            kinds.add((g.findtext('os_type'), a.get('name'), a.findtext('machine'),
                       a.find('domain').get('type')))
        host_arch = root.findtext('host/cpu/arch')
    except ET.ParseError as ex:
        host_arch = str(ex)
    tap.ok(kinds == {('xen', 'aarch64', 'xenpv', 'xen'), ('hvm', 'aarch64', 'virt', 'kvm')},
           'capabilities: guests xen/aarch64/xenpv/xen and hvm/aarch64/virt/kvm', kinds)
    tap.ok(host_arch == os.uname().machine, 'capabilities: host arch is the real one', host_arch)

    for args, kind in [((), 'kvm'), (('--virttype', 'xen', '--machine', 'xenpv'), 'xen'),
                       (('--virttype', 'kvm', '--arch', 'aarch64', '--machine', 'virt'), 'kvm')]:
        rc, out, err = virsh(d.uri, 'domcapabilities', *args)
        ok, why = validates(out, 'domaincaps')
        tap.ok(rc == 0 and ok and f'<domain>{kind}</domain>' in out,
               f"virsh domcapabilities {' '.join(args)} validates", why + out + err)
    rc, out, err = virsh(d.uri, 'domcapabilities', '--arch', 'x86_64')
    tap.ok(rc != 0 and "architecture 'x86_64' is not supported" in err,
           'domcapabilities for another arch: a clear error', err)

    rc, out, err = virsh(d.uri, 'nodeinfo')
    fields = dict(re.findall(r'^([^:]+):\s+(.*)$', out, re.M))
    tap.ok(rc == 0 and fields.get('CPU(s)') == str(os.cpu_count()),
           'virsh nodeinfo: CPU count of the host', out + err)
    tap.ok(fields.get('Memory size') == f'{meminfo_total()} KiB', 'virsh nodeinfo: MemTotal', out)
    rc, out, err = virsh(d.uri, 'nodememstats')
    tap.ok(rc == 0 and re.search(r'^total\s*:\s*%d KiB' % meminfo_total(), out, re.M),
           'virsh nodememstats', out + err)
    rc, out, err = virsh(d.uri, 'nodecpustats')
    tap.ok(rc == 0 and re.search(r'^idle:\s+\d+', out, re.M), 'virsh nodecpustats', out + err)
    rc, out, err = virsh(d.uri, 'nodecpustats', '--cpu', '4096')
    tap.ok(rc != 0 and 'no CPU 4096 on this host' in err, 'nodecpustats of a missing CPU', err)
    rc, out, err = virsh(d.uri, 'nodecpumap')
    tap.ok(rc == 0 and re.search(r'CPUs present:\s+%d' % os.cpu_count(), out),
           'virsh nodecpumap', out + err)
    rc, out, err = virsh(d.uri, 'freecell')
    tap.ok(rc == 0 and re.search(r'Total: \d+ KiB', out), 'virsh freecell', out + err)
    rc, out, err = virsh(d.uri, 'maxvcpus')
    tap.ok(rc == 0 and out.strip() == '128', 'virsh maxvcpus', out + err)
    rc, out, err = virsh(d.uri, 'sysinfo')
    tap.ok(rc == 0 and out.startswith('<sysinfo'), 'virsh sysinfo', out + err)
    rc, out, err = virsh(d.uri, 'nodedev-list')
    tap.ok(rc == 0 and out.strip() == '', 'virsh nodedev-list: empty', out + err)
    rc, out, err = virsh(d.uri, 'net-list')
    # libvirtd's answer, word for word; the client turns its code into NO_SUPPORT.
    tap.ok(rc != 0 and 'error: unknown procedure: 52' in err,
           'an unserved procedure gets libvirtd\'s "unknown procedure" error', err)


def refusals(tap, d):
    xml = os.path.join(d.dir, 'vm.xml')
    with open(xml, 'w') as f:
        f.write("<domain type='kvm'><name>vbdro</name><memory unit='KiB'>131072</memory>"
                "<vcpu>1</vcpu><os><type arch='aarch64' machine='virt'>hvm</type></os></domain>")
    rc, out, err = virsh(d.uri_ro, 'define', xml)
    tap.ok(rc != 0 and 'operation forbidden: read only access prevents DOMAIN_DEFINE_XML' in err,
           'read-only socket: define refused by the daemon', err)
    rc, out, err = virsh(d.uri_ro, 'version')
    tap.ok(rc == 0, 'read-only socket: version works', err)
    rc, out, err = virsh(d.uri, 'define', xml)
    if rc != 0:
        tap.skip('runtime call answers "no Basalt hypervisor"', 'define not available: ' + err)
        return
    rc, out, err = virsh(d.uri, 'start', 'vbdro')
    tap.ok(rc != 0 and 'no Basalt hypervisor is present' in err and "'vbdro'" in err,
           'virsh start: "no Basalt hypervisor" error naming the domain', err)
    virsh(d.uri, 'undefine', 'vbdro')


def aliases(tap, d):
    """The shipped libvirt.conf snippet, with our socket path, as user nobody
    (root reads only /etc/libvirt/libvirt.conf)."""
    cfg = tempfile.mkdtemp(prefix='vbd-conf.')
    try:
        os.makedirs(os.path.join(cfg, 'libvirt'))
        with open(os.path.join(TOP_SRCDIR, 'libvirt-driver', 'libvirt-basalt.conf')) as f:
            text = f.read().replace('/run/libvirt/virtbasaltd-sock', d.sock)
        with open(os.path.join(cfg, 'libvirt', 'libvirt.conf'), 'w') as f:
            f.write(text)
        os.chmod(cfg, 0o755)
        os.chmod(os.path.join(cfg, 'libvirt'), 0o755)
        os.chmod(d.dir, 0o755)
        rc, out, err = virsh('basalt', 'hostname', prefix=(
            'setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups', 'env',
            f'XDG_CONFIG_HOME={cfg}', 'HOME=/nonexistent', f'XDG_RUNTIME_DIR={cfg}'))
        tap.ok(rc == 0 and out.strip() == socket.gethostname(),
               'virsh -c basalt through the uri_aliases snippet', out + err)
    finally:
        shutil.rmtree(cfg, ignore_errors=True)


def tcp(tap):
    port = random.randint(20000, 60000)
    d = Daemon(args=('--listen-tcp', '--tcp-port', str(port)))
    try:
        rc, out, err = virsh(f'basalt+tcp://127.0.0.1:{port}/system', 'hostname')
        tap.ok(rc == 0 and out.strip() == socket.gethostname(), 'basalt+tcp:// on loopback',
               out + err + d.log_text())
    finally:
        d.cleanup()


def command_line(tap):
    exe = daemon_path()
    p = subprocess.run([exe, '--version'], capture_output=True, text=True)
    tap.ok(p.returncode == 0 and p.stdout.startswith('virtbasaltd (Basalt) '), '--version', p.stdout)
    p = subprocess.run([exe, '--help'], capture_output=True, text=True)
    tap.ok(p.returncode == 0 and '--socket-dir' in p.stdout, '--help', p.stdout)
    tmp = tempfile.mkdtemp(prefix='vbd-cli.')
    try:
        conf = os.path.join(tmp, 'bad.conf')
        with open(conf, 'w') as f:
            f.write('[virtbasaltd]\nmax_clients=lots\n')
        p = subprocess.run([exe, '--config', conf, '--socket-dir', tmp, '--pid-file', ''],
                           capture_output=True, text=True, timeout=10)
        tap.ok(p.returncode != 0 and 'max_clients' in p.stderr, 'bad config value: names the key',
               p.stderr)
        with open(conf, 'w') as f:
            f.write('[virtbasaltd]\nno_such_key=1\n')
        p = subprocess.run([exe, '--config', conf, '--socket-dir', tmp, '--pid-file', ''],
                           capture_output=True, text=True, timeout=10)
        tap.ok(p.returncode != 0 and "unknown key 'no_such_key'" in p.stderr,
               'unknown config key: refused by name', p.stderr)
        # A socket file left by a dead daemon is taken over.
        stale = socket.socket(socket.AF_UNIX)
        stale.bind(os.path.join(tmp, 'virtbasaltd-sock'))
        stale.close()
        first = subprocess.Popen([exe, '--socket-dir', tmp, '--pid-file', '',
                                  '--state-dir', os.path.join(tmp, 'state')],
                                 stderr=subprocess.PIPE, text=True)
        try:
            rc, out, err = 1, '', ''
            for _ in range(100):
                rc, out, err = virsh(f'basalt+unix:///system?socket={tmp}/virtbasaltd-sock',
                                     'hostname')
                if rc == 0:
                    break
            tap.ok(rc == 0, 'a stale socket file is replaced', err)
            p = subprocess.run([exe, '--socket-dir', tmp, '--pid-file', '',
                                '--state-dir', os.path.join(tmp, 'state2')],
                               capture_output=True, text=True, timeout=10)
            tap.ok(p.returncode != 0 and 'is in use' in p.stderr,
                   'a second daemon on the same sockets refuses to start', p.stderr)
        finally:
            first.terminate()
            first.wait(10)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == '__main__':
    main()

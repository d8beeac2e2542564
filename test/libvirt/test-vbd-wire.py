#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""virtbasaltd on the wire: the handshake, libvirt's error replies, bad
input of every kind (the daemon must stay up and other clients unaffected),
read-only refusals, keepalive, event callbacks and many clients at once."""
import os
import random
import socket
import subprocess
import struct
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vbdtest import (CALL, ERROR, KEEPALIVE_PROGRAM, MESSAGE, OK, REPLY, Daemon, Tap,  # noqa: E402
                     Wire, decode_error, frame, xdr_string)

VIR_ERR_NO_CONNECT, VIR_ERR_OPERATION_DENIED, VIR_ERR_INVALID_ARG, VIR_ERR_RPC = 5, 29, 8, 39
VIR_FROM_RPC = 7
PROC_OPEN, PROC_GET_TYPE, PROC_LIB_VERSION, PROC_AUTH_LIST = 1, 3, 157, 66
PROC_DEFINE_XML, PROC_CAPS, PROC_FEATURE, PROC_MAX_VCPUS = 11, 7, 60, 5
PROC_EV_REG, PROC_EV_DEREG = 316, 317


def lib_version(w):
    r = w.call(PROC_LIB_VERSION)
    return struct.unpack('>Q', r['payload'])[0] if r['status'] == OK else None


def error_of(r):
    return decode_error(r['payload']) if r['status'] == ERROR else None


def fresh_client_works(d):
    """Another client still gets prompt service."""
    t = time.monotonic()
    w = Wire(d.sock)
    try:
        w.handshake()
        ok = lib_version(w) == 9000000
    finally:
        w.close()
    return ok and time.monotonic() - t < 2


def main():
    tap = Tap(41)
    d = Daemon(conf={'open_timeout': 2, 'keepalive_interval': 1, 'keepalive_count': 2,
                     'max_client_requests': 4, 'max_message_size': 1048576})
    try:
        run(tap, d)
    finally:
        tap.ok(d.alive(), 'daemon still running after every case', d.log_text()[-2000:])
        rc = d.stop()
        tap.ok(rc == 0, 'SIGTERM: clean exit 0', f'rc={rc}')
        tap.ok(not os.path.exists(d.sock) and not os.path.exists(d.pidfile),
               'SIGTERM: sockets and pid file removed')
        d.cleanup()
    fd_exhaustion(tap)
    tap.done()


def cpu_ticks(pid):
    fields = open(f'/proc/{pid}/stat').read().rsplit(')', 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def fd_exhaustion(tap):
    """Out of file descriptors, accept fails while connections wait in the
    backlog: the daemon must pause accepting, not spin, and recover."""
    d = Daemon()
    socks = []
    try:
        subprocess.run(['prlimit', '--pid', str(d.proc.pid), '--nofile=40:40'], check=True)
        for _ in range(60):
            s = socket.socket(socket.AF_UNIX)
            s.connect(d.sock)
            socks.append(s)
        time.sleep(1)
        before = cpu_ticks(d.proc.pid)
        time.sleep(2)
        spent = cpu_ticks(d.proc.pid) - before
        tap.ok(spent < 50 and 'not accepting connections' in d.log_text(),
               f'out of fds: accepting paused, no busy loop ({spent} ticks in 2 s)')
        for s in socks:
            s.close()
        socks = []
        time.sleep(2)
        tap.ok(fresh_client_works(d), 'out of fds: service resumes once fds are free')
    finally:
        for s in socks:
            s.close()
        d.cleanup()


def run(tap, d):
    w = Wire(d.sock)
    r = w.call(PROC_AUTH_LIST)
    tap.ok(r['status'] == OK and r['payload'] == struct.pack('>II', 1, 0),
           'AUTH_LIST answers [REMOTE_AUTH_NONE]', r)
    r = w.call(PROC_GET_TYPE)
    e = error_of(r)
    tap.ok(e and e[0] == VIR_ERR_NO_CONNECT, 'a call before CONNECT_OPEN is refused', e)
    r = w.call(PROC_OPEN, struct.pack('>I', 1) + xdr_string('qemu:///system') + b'\0' * 4)
    e = error_of(r)
    tap.ok(e and e[0] == VIR_ERR_NO_CONNECT and 'qemu:///system' in e[2],
           'CONNECT_OPEN of a foreign URI is refused, naming it', e)
    w.handshake()
    tap.ok(lib_version(w) == 9000000, 'CONNECT_GET_LIB_VERSION after the handshake')

    r = w.call(9999)
    e = error_of(r)
    tap.ok(e == (VIR_ERR_RPC, VIR_FROM_RPC, 'unknown procedure: 9999', 2),
           "unknown procedure: libvirtd's error (code 39, domain 7, level 2)", e)
    r = w.call(1, prog=0x12345678)
    e = error_of(r)
    tap.ok(e and e[0] == VIR_ERR_RPC and 'Cannot find program' in e[2],
           'unknown program: RPC error', e)
    r = w.call(PROC_LIB_VERSION, vers=7)
    tap.ok(error_of(r) is not None, 'wrong protocol version: RPC error')
    r = w.call(PROC_CAPS, mtype=4)  # CALL_WITH_FDS
    tap.ok(error_of(r) is not None, 'CALL_WITH_FDS: RPC error (no fd passing)')

    # XDR payloads that lie.
    # CONNECT_GET_MAX_VCPUS takes a remote_string: present flag, length, bytes.
    huge = struct.pack('>II', 1, 0x00500000) + b'abcd'  # longer than REMOTE_STRING_MAX
    e = error_of(w.call(PROC_MAX_VCPUS, huge))
    tap.ok(e and e[0] == VIR_ERR_RPC and 'decode' in e[2],
           'oversized string (5 MiB > REMOTE_STRING_MAX): decode error', e)
    e = error_of(w.call(PROC_MAX_VCPUS, struct.pack('>II', 1, 400) + b'x' * 40))
    tap.ok(e and e[0] == VIR_ERR_RPC, 'string length past the end of the payload: decode error', e)
    e = error_of(w.call(PROC_FEATURE, struct.pack('>i', 10) + b'junk'))
    tap.ok(e and e[0] == VIR_ERR_RPC, 'bytes left over after the arguments: decode error', e)
    e = error_of(w.call(PROC_GET_TYPE, b'\0' * 8))
    tap.ok(e and e[0] == VIR_ERR_RPC, 'payload on a void procedure: decode error', e)
    tap.ok(lib_version(w) == 9000000, 'the same connection still serves after bad payloads')

    # Event callbacks.
    r1 = w.call(PROC_EV_REG, struct.pack('>iI', 0, 0))
    r2 = w.call(PROC_EV_REG, struct.pack('>iI', 0, 0))
    ids = [struct.unpack('>i', r['payload'])[0] for r in (r1, r2) if r['status'] == OK]
    tap.ok(ids == [0, 1], 'event callback ids count from 0 per connection', ids)
    tap.ok(w.call(PROC_EV_DEREG, struct.pack('>i', 0))['status'] == OK,
           'deregister a callback')
    e = error_of(w.call(PROC_EV_DEREG, struct.pack('>i', 42)))
    tap.ok(e and e[0] == VIR_ERR_INVALID_ARG, 'deregister an unknown callback id: INVALID_ARG', e)
    e = error_of(w.call(PROC_EV_REG, struct.pack('>iI', 999, 0)))
    tap.ok(e and e[0] == VIR_ERR_INVALID_ARG, 'register an unknown event id: INVALID_ARG', e)

    # Keepalive: PING -> PONG; we are pinged once we asked for the feature.
    w.send(frame(1, 0, prog=KEEPALIVE_PROGRAM, mtype=MESSAGE))
    m = w.recv()
    tap.ok(m['prog'] == KEEPALIVE_PROGRAM and m['proc'] == 2 and m['type'] == MESSAGE,
           'keepalive PING answered with PONG', m)
    w.call(PROC_FEATURE, struct.pack('>i', 10))
    w.s.settimeout(4)
    m = w.recv()
    tap.ok(m['prog'] == KEEPALIVE_PROGRAM and m['proc'] == 1,
           'an idle keepalive client is sent PING', m)
    tap.ok(w.closed_by_peer(6), 'a client that never answers PING is dropped')
    w.close()

    # Read-only.
    ro = Wire(d.sock_ro)
    ro.handshake()
    e = error_of(ro.call(PROC_DEFINE_XML, xdr_string('<domain/>')))
    tap.ok(e and e[0] == VIR_ERR_OPERATION_DENIED, 'read-only socket refuses DOMAIN_DEFINE_XML', e)
    tap.ok(lib_version(ro) == 9000000, 'read-only socket serves reads')
    ro.close()
    rw = Wire(d.sock)
    rw.handshake(flags=1)  # VIR_CONNECT_RO
    e = error_of(rw.call(PROC_DEFINE_XML, xdr_string('<domain/>')))
    tap.ok(e and e[0] == VIR_ERR_OPERATION_DENIED, 'CONNECT_OPEN with VIR_CONNECT_RO refuses writes', e)
    rw.close()

    # Broken framing: the connection is closed, nobody else notices.
    for name, data in [('length word below the header size', struct.pack('>I', 8) + b'x' * 8),
                       ('length word above max_message_size', struct.pack('>I', 0x7FFFFFF0)),
                       ('a REPLY sent by a client', frame(3, 0, mtype=REPLY))]:
        g = Wire(d.sock)
        g.handshake()
        g.send(data)
        tap.ok(g.closed_by_peer(3) and fresh_client_works(d), f'{name}: connection closed')
        g.close()
    random.seed(4)
    g = Wire(d.sock)
    g.send(bytes(random.getrandbits(8) for _ in range(4096)))
    tap.ok(g.closed_by_peer(4) and fresh_client_works(d), 'garbage bytes: connection closed')
    g.close()
    g = Wire(d.sock)
    g.handshake()
    g.send(struct.pack('>I', 1000) + b'\x20\x00\x80\x86' + b'\0' * 60)
    tap.ok(fresh_client_works(d), 'a length word that lies: others unaffected while it waits')
    tap.ok(g.closed_by_peer(5), 'a length word that lies: dropped after open_timeout')
    g.close()
    g = Wire(d.sock)
    g.send(frame(PROC_AUTH_LIST, 0)[:17])
    g.close()
    tap.ok(fresh_client_works(d), 'a truncated message then hang-up: others unaffected')
    idle = Wire(d.sock)
    tap.ok(fresh_client_works(d), 'a client that connects and sends nothing: others unaffected')
    tap.ok(idle.closed_by_peer(5), 'a client that sends nothing is dropped after open_timeout')
    idle.close()

    # A client that floods calls and never reads its replies.
    flood = Wire(d.sock)
    flood.handshake()
    flood.s.setblocking(False)
    sent = 0
    payload = frame(PROC_CAPS, 0)
    try:
        for _ in range(20000):
            flood.s.send(payload)
            sent += 1
    except BlockingIOError:
        pass
    tap.ok(fresh_client_works(d), f'a client flooding calls ({sent} sent, none read): others unaffected')
    flood.close()
    flood = Wire(d.sock)
    flood.s.setblocking(False)
    sent = 0
    ping = frame(1, 0, prog=KEEPALIVE_PROGRAM, mtype=MESSAGE)
    try:
        for _ in range(200000):
            flood.s.send(ping)
            sent += 1
    except BlockingIOError:
        pass
    tap.ok(fresh_client_works(d), f'a client flooding PINGs ({sent} sent, no PONG read): others unaffected')
    flood.close()

    # Many clients at once.
    results = []

    def one():
        try:
            c = Wire(d.sock, timeout=10)
            c.handshake()
            results.append(lib_version(c) == 9000000)
            c.close()
        except Exception as ex:  # reported through results
            results.append(ex)
    threads = [threading.Thread(target=one) for _ in range(64)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    tap.ok(results.count(True) == 64, '64 clients at once all served',
           [r for r in results if r is not True][:3])
    tap.ok(fresh_client_works(d), 'service continues afterwards')


if __name__ == '__main__':
    main()

# SPDX-License-Identifier: GPL-2.0-only
"""Shared helpers of the virtbasaltd tests: TAP output, a daemon built in
the tree started on a private socket directory, and a raw wire client."""
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time

REMOTE_PROGRAM = 0x20008086
KEEPALIVE_PROGRAM = 0x6B656570
CALL, REPLY, MESSAGE, STREAM = 0, 1, 2, 3
OK, ERROR = 0, 1


class Tap:
    """Minimal TAP producer: plan up front, one line per case."""

    def __init__(self, plan):
        self.n = 0
        self.failed = 0
        print(f'1..{plan}', flush=True)

    def ok(self, cond, name, diag=None):
        self.n += 1
        print(f"{'ok' if cond else 'not ok'} {self.n} - {name}", flush=True)
        if not cond:
            self.failed += 1
            if diag:
                for line in str(diag).splitlines():
                    print(f'# {line}', flush=True)
        return cond

    def skip(self, name, why):
        self.n += 1
        print(f'ok {self.n} - {name} # SKIP {why}', flush=True)

    def done(self):
        sys.exit(1 if self.failed else 0)


def daemon_path():
    return os.path.join(os.environ.get('top_builddir', '../..'),
                        'libvirt-driver', 'virtbasaltd')


class Daemon:
    """virtbasaltd on a private socket and state directory; stopped (and
    checked to exit cleanly) by stop() or at interpreter exit."""

    def __init__(self, conf=None, args=()):
        self.dir = tempfile.mkdtemp(prefix='vbd-test.')
        self.sock = os.path.join(self.dir, 'virtbasaltd-sock')
        self.sock_ro = self.sock + '-ro'
        self.state = os.path.join(self.dir, 'state')
        self.pidfile = os.path.join(self.dir, 'virtbasaltd.pid')
        self.log = os.path.join(self.dir, 'daemon.log')
        cmd = [daemon_path(), '--socket-dir', self.dir, '--state-dir', self.state,
               '--pid-file', self.pidfile, '-v', '-v']
        conf_text = '[virtbasaltd]\n' + ''.join(f'{k}={v}\n' for k, v in (conf or {}).items())
        conf_path = os.path.join(self.dir, 'virtbasaltd.conf')
        with open(conf_path, 'w') as f:
            f.write(conf_text)
        cmd += ['--config', conf_path] + list(args)
        self.logf = open(self.log, 'w')
        self.proc = subprocess.Popen(cmd, stdout=self.logf, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 10
        while not os.path.exists(self.sock_ro):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError('virtbasaltd did not start:\n' + self.log_text())
            time.sleep(0.02)

    @property
    def uri(self):
        return f'basalt+unix:///system?socket={self.sock}'

    @property
    def uri_ro(self):
        return f'basalt+unix:///system?socket={self.sock_ro}'

    def alive(self):
        return self.proc.poll() is None

    def log_text(self):
        self.logf.flush()
        with open(self.log) as f:
            return f.read()

    def stop(self):
        """SIGTERM; return the exit status (None if it had to be killed)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                return None
        self.logf.close()
        return self.proc.returncode

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


# --- raw wire client ---------------------------------------------------------

def xdr_string(s):
    b = s.encode() if isinstance(s, str) else s
    return struct.pack('>I', len(b)) + b + b'\0' * (-len(b) % 4)


def frame(proc, serial, payload=b'', prog=REMOTE_PROGRAM, vers=1, mtype=CALL, status=OK):
    body = struct.pack('>IIiIII', prog, vers, proc, mtype, serial, status) + payload
    return struct.pack('>I', len(body) + 4) + body


class Wire:
    """A raw client: send frames, read frames, decode errors."""

    def __init__(self, path, timeout=5):
        self.s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.s.settimeout(timeout)
        self.s.connect(path)
        self.serial = 0

    def send(self, data):
        self.s.sendall(data)

    def call(self, proc, payload=b'', **kw):
        serial = self.serial
        self.serial += 1
        self.send(frame(proc, serial, payload, **kw))
        return self.recv_reply(serial)

    def recv_exact(self, n):
        buf = b''
        while len(buf) < n:
            chunk = self.s.recv(n - len(buf))
            if not chunk:
                raise EOFError('connection closed by the daemon')
            buf += chunk
        return buf

    def recv(self):
        (length,) = struct.unpack('>I', self.recv_exact(4))
        body = self.recv_exact(length - 4)
        prog, vers, proc, mtype, serial, status = struct.unpack('>IIiIII', body[:24])
        return dict(prog=prog, vers=vers, proc=proc, type=mtype, serial=serial,
                    status=status, payload=body[24:])

    def recv_reply(self, serial):
        while True:
            m = self.recv()
            if m['type'] == REPLY and m['serial'] == serial:
                return m

    def handshake(self, name='basalt:///system', flags=0):
        self.call(66)
        r = self.call(1, struct.pack('>I', 1) + xdr_string(name) + struct.pack('>I', flags))
        assert r['status'] == OK, decode_error(r['payload'])
        return r

    def closed_by_peer(self, wait=5):
        """True if the daemon closes this connection within wait seconds."""
        self.s.settimeout(wait)
        try:
            while self.s.recv(65536):
                pass
            return True
        except (socket.timeout, TimeoutError):
            return False
        except OSError:
            return True

    def close(self):
        self.s.close()


def decode_error(p):
    """remote_error -> (code, domain, message, level)."""
    code, domain, present = struct.unpack('>iiI', p[:12])
    off = 12
    msg = None
    if present:
        (n,) = struct.unpack('>I', p[off:off + 4])
        msg = p[off + 4:off + 4 + n].decode()
        off += 4 + n + (-n % 4)
    (level,) = struct.unpack('>i', p[off:off + 4])
    return code, domain, msg, level

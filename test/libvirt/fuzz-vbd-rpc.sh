#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Run the RPC message decoder fuzzer for FUZZ_SECONDS (20 in the suite),
# from a corpus of real handshake frames. TAP: one case.
set -u
bin="${top_builddir:-../..}/test/libvirt/fuzz-vbd-rpc"
secs="${FUZZ_SECONDS:-20}"
echo "1..1"
if [ ! -x "$bin" ]; then
	echo "ok 1 - RPC decoder fuzzing # SKIP $bin not built (clang with libFuzzer needed)"
	exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/corpus"
# Seeds: frames as virsh sends them (AUTH_LIST, OPEN, SUPPORTS_FEATURE,
# event register, GET_MAX_VCPUS, domain capabilities, DEFINE_XML, PING).
/usr/bin/python3 - "$work/corpus" <<'PY'
import struct, sys, os
def s(x):
    b = x.encode(); return struct.pack('>I', len(b)) + b + b'\0' * (-len(b) % 4)
def f(proc, payload=b'', prog=0x20008086, t=0, serial=0, status=0):
    body = struct.pack('>IIiIII', prog, 1, proc, t, serial, status) + payload
    return struct.pack('>I', len(body) + 4) + body
seeds = [f(66), f(1, struct.pack('>I', 1) + s('basalt:///system') + b'\0' * 4),
         f(60, struct.pack('>i', 10)), f(316, struct.pack('>iI', 0, 0)),
         f(5, struct.pack('>I', 1) + s('xen')),
         f(342, b'\0' * 4 + struct.pack('>I', 1) + s('aarch64') + b'\0' * 12),
         f(11, s("<domain type='xen'><name>a</name></domain>")),
         f(24, b'\x11' * 16), f(23, s('vm1')),
         f(1, prog=0x6b656570, t=2),
         f(23, struct.pack('>iiI', 42, 12, 1) + s('Domain not found') + b'\0' * 24, t=1, status=1)]
for i, x in enumerate(seeds):
    open(os.path.join(sys.argv[1], f'seed{i}'), 'wb').write(x)
open(os.path.join(sys.argv[1], 'all'), 'wb').write(b''.join(seeds))
PY
if "$bin" -max_total_time="$secs" -rss_limit_mb=1024 -max_len=65536 -print_final_stats=1 \
	"$work/corpus" > "$work/log" 2>&1; then
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log")
	echo "ok 1 - RPC decoder fuzzed for ${secs}s (${runs:-?} inputs), no crash"
else
	echo "not ok 1 - RPC decoder fuzzing found a crash"
	tail -n 60 "$work/log" | sed 's/^/# /'
	ls "$work"/corpus/.. | sed 's/^/# /'
	exit 1
fi

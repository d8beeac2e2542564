#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Run the domain XML fuzzer for a bounded time (FUZZ_SECONDS, default 20),
# seeded with the golden inputs. Crash inputs are kept in the build tree.
echo 1..1
bin=${top_builddir:-../..}/test/libvirt/fuzz-domain-xml
secs=${FUZZ_SECONDS:-20}
work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT
cp "${top_srcdir:-../..}"/test/libvirt/xml/*.in.xml "$work"/
mkdir "$work/corpus" && mv "$work"/*.xml "$work/corpus/"
if "$bin" -max_total_time="$secs" -rss_limit_mb=2048 -print_final_stats=1 \
	-artifact_prefix="${top_builddir:-../..}/test/libvirt/fuzz-domain-xml-" \
	"$work/corpus" >"$work/log" 2>&1; then
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log")
	echo "ok 1 - domain XML parser fuzzed for ${secs}s (${runs:-?} inputs), no crash, leak or unstable round trip"
else
	echo "not ok 1 - domain XML fuzzer found a problem (input saved as fuzz-domain-xml-*)"
	tail -n 40 "$work/log" | sed 's/^/# /'
	exit 1
fi

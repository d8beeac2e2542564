#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The test suite: set up, build, run `make check`, and print one summary line
# counting every test case (each test program speaks TAP; automake records one
# :test-result: line per case in the .trs files).
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/build.sh"
cd "$top"
find . -name '*.trs' -delete
set +e
make -s -j"$(nproc)" check
rc=$?
set -e
summary() {
	find . -name '*.trs' -exec grep -h '^:test-result:' {} + 2>/dev/null |
		awk '{ n[$2]++ } END {
			printf "%d passed, %d failed, %d skipped\n",
				n["PASS"] + n["XFAIL"], n["FAIL"] + n["ERROR"] + n["XPASS"], n["SKIP"] }'
}
# Show every failing case with its log so CI output is self-explanatory.
for t in $(find . -name '*.trs' -exec grep -l -E '^:test-result: (FAIL|ERROR|XPASS)' {} +); do
	echo "=== failures in ${t%.trs}.log"
	grep -E '^(not ok|Bail out)' "${t%.trs}.log" | head -n 20
done
line=$(summary)
echo "$line"
case "$line" in *" 0 failed"*) [ $rc -eq 0 ] || { echo "make check failed (rc=$rc)"; exit 1; } ;; *) exit 1 ;; esac

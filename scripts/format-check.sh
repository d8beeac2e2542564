#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Fail if any C source in the tree differs from what clang-format would write.
top=${1:-.}
cd "$top" || exit 1
bad=0
for f in $(git ls-files '*.c' '*.h'); do
	if ! clang-format --style=file "$f" | cmp -s - "$f"; then
		echo "format: $f"
		bad=1
	fi
done
exit $bad

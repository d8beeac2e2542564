#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Install dependencies (idempotent), configure once, and build the whole tree in place.
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
"$top/scripts/setup.sh"
[ -x configure ] && [ configure -nt configure.ac ] || ./autogen.sh
[ -f Makefile ] && [ config.status -nt configure ] || ./configure -q
make -s -j"$(nproc)"

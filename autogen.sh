#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Regenerate the autotools build system (configure, Makefile.in).
set -e
cd "$(dirname "$0")"
mkdir -p build-aux m4
autoreconf --install --force >/dev/null 2>&1 || autoreconf --install --force

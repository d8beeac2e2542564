#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The main job: set up, build, and boot the reference board with two Linux guests.
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/build.sh"
exec make -s -C "$top" run

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Install every build, test and run dependency of Basalt from Debian's archive.
# Idempotent: quiet and quick when everything is already present. Run as root.
set -e

# Native build tools and host libraries.
NATIVE=$(dpkg --print-architecture)
HOST_PKGS="build-essential autoconf automake libtool pkg-config git python3
python3-libvirt python3-pexpect
libglib2.0-dev libxml2-dev libxml2-utils libtirpc-dev rpcsvc-proto libfdt1:$NATIVE
device-tree-compiler cpio gzip xz-utils file clang llvm libclang-rt-14-dev
libxen-dev
qemu-system-arm
gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu
libvirt-clients libvirt-daemon virtinst"
# arm64 multiarch packages: libfdt for the hypervisor, kernel and busybox for guests.
ARM64_PKGS="libfdt-dev:arm64 linux-image-arm64:arm64 busybox-static:arm64"

missing=""
for p in $HOST_PKGS $ARM64_PKGS; do
	s=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$s" in
	*"install ok installed"*) ;;
	*) missing="$missing $p" ;;
	esac
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "setup: missing packages:$missing; run scripts/setup.sh as root" >&2
	exit 1
fi
echo "setup: installing$missing"
export DEBIAN_FRONTEND=noninteractive
dpkg --print-foreign-architectures | grep -qx arm64 || dpkg --add-architecture arm64
apt-get update -q >/dev/null
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing >/tmp/basalt-setup.log 2>&1 || {
	tail -n 30 /tmp/basalt-setup.log >&2
	exit 1
}

#!/bin/sh
# Cross-checks the Go layout oracle against compiled binaries: builds a dump
# program per target (GOARCH=arm64, amd64, arm, 386; CGO_ENABLED=0), runs it
# natively or under qemu-user, and compares every size, alignment, field
# offset and optimal size with golayout's. Exits non-zero on any mismatch.
#   test/oracle/go/crosscheck.sh [-targets LIST] [-keep] [DIR]
#   test/oracle/go/crosscheck.sh -std [-targets LIST]   (exported std structs; default linux/arm64)
# DIR defaults to test/fixtures/go/layout. Installs qemu-user if missing.
set -eu
here=$(cd "$(dirname "$0")" && pwd)

case "$(uname -m)" in
x86_64 | amd64) need="qemu-aarch64 qemu-arm" ;;
aarch64 | arm64) need="qemu-x86_64 qemu-i386 qemu-arm" ;;
*) need="qemu-aarch64 qemu-arm qemu-x86_64 qemu-i386" ;;
esac
missing=""
for q in $need; do
	command -v "$q" >/dev/null 2>&1 || missing="$missing $q"
done
if [ -n "$missing" ]; then
	echo "crosscheck: installing qemu-user (missing:$missing)" >&2
	sudo=""
	[ "$(id -u)" = 0 ] || sudo="sudo"
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq qemu-user >/dev/null
fi

n=$#
i=0
dir=""
std=""
while [ "$i" -lt "$n" ]; do
	a=$1
	shift
	if [ -d "$a" ]; then
		a=$(cd "$a" && pwd)
		dir=$a
	fi
	case "$a" in -std | --std) std=1 ;; esac
	set -- "$@" "$a"
	i=$((i + 1))
done
if [ -z "$dir" ] && [ -z "$std" ]; then
	set -- "$@" "$(cd "$here/../../fixtures/go/layout" && pwd)"
fi
exec go -C "$here" run ./cmd/crosscheck "$@"

#!/usr/bin/env bash
# Installs the compilers the C layout oracle needs (Debian 12 / bookworm package names).
# Idempotent: a tool that `command -v` already finds is skipped; `apt-get update` runs only when
# something is missing. Non-interactive (CI=true, no stdin). Run as root, or with sudo available.
set -euo pipefail

SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo -n"; fi

# tool -> package. libc6-dev-*-cross give the cross compilers <stdint.h>, <wchar.h>, ...;
# they are only "Recommends" of the gcc-* packages, and we install without recommends.
declare -a PKGS=()
need() { # need <command> <package...>
  local cmd="$1"; shift
  if ! command -v "$cmd" >/dev/null 2>&1; then PKGS+=("$@"); fi
}
need x86_64-linux-gnu-gcc gcc libc6-dev
need aarch64-linux-gnu-gcc gcc-aarch64-linux-gnu libc6-dev-arm64-cross
need arm-linux-gnueabihf-gcc gcc-arm-linux-gnueabihf libc6-dev-armhf-cross
need i686-linux-gnu-gcc gcc-i686-linux-gnu libc6-dev-i386-cross
# C++ fixtures (classes.hpp) are laid out by g++ of the same targets.
need x86_64-linux-gnu-g++ g++
need aarch64-linux-gnu-g++ g++-aarch64-linux-gnu
need arm-linux-gnueabihf-g++ g++-arm-linux-gnueabihf
need i686-linux-gnu-g++ g++-i686-linux-gnu
need readelf binutils
# gcc itself (test/rules/c/procCpuinfo.test.ts builds and runs a native program); aarch64 objdump
# (test/deploy/lseCodegen.test.ts disassembles what the compilers emit).
need gcc gcc libc6-dev
need aarch64-linux-gnu-objdump binutils-aarch64-linux-gnu
need node nodejs
# windows/arm64 in the real-code layout test (test/realcode/cLayouts.test.ts): mingw-w64's headers stand in for the
# Windows SDK's. Pinned: the layouts compared depend on their text.
[ -d /usr/x86_64-w64-mingw32/include ] || PKGS+=(mingw-w64-common=10.0.0-3 mingw-w64-x86-64-dev=10.0.0-3)
# The real-code layout test runs the code bases' own configure steps (test/realcode/configure-source.sh): make,
# perl (openssl's Configure), tclsh (sqlite's generated headers).
need make make
need perl perl
need tclsh tcl
# clang: windows/arm64 (MSVC record layout) and the --crosscheck run. Any clang >= 16 works
# (-fdump-record-layouts-complete); the oracle picks the newest clang-N on PATH. clang-19 is
# what the facts file was checked with.
# Tests that name clang-19 itself (test/deploy/isa.test.ts, lseCodegen, closedWorld, cxxStdlib, preprocessor)
# fail under CI without it, so it is installed even when another clang is present.
need clang-19 clang-19

if [ "${#PKGS[@]}" -eq 0 ]; then
  echo "c-oracle install: all tools present"
  exit 0
fi

echo "c-oracle install: installing ${PKGS[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq </dev/null
log="$(mktemp)"
if ! $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${PKGS[@]}" </dev/null >"$log" 2>&1; then
  tail -n 30 "$log" >&2; rm -f "$log"; exit 1
fi
rm -f "$log"
echo "c-oracle install: done"

#!/usr/bin/env bash
# Unpacks a pinned Debian source package into the cache and prints its folder:
#   debian-source.sh PACKAGE VERSION
# The cache is $ARM64PORT_CACHE (default ~/.cache/arm64-port)/debian-src/PACKAGE_VERSION; a second call only
# prints the folder. Adds a deb-src entry for the machine's Debian release when none is there (apt-get source
# needs one), and runs apt-get update once for it. Root, or sudo without a password.
set -euo pipefail
pkg="$1"; version="$2"
cache="${ARM64PORT_CACHE:-$HOME/.cache/arm64-port}/debian-src"
dest="$cache/${pkg}_${version//:/%}"
if [ -f "$dest/.complete" ]; then echo "$dest"; exit 0; fi

SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo -n"; fi
command -v dpkg-source >/dev/null || { $SUDO apt-get update -qq >&2; $SUDO apt-get install -y -qq --no-install-recommends dpkg-dev >&2; }
if ! apt-cache showsrc "$pkg" 2>/dev/null | grep -q "^Version: $version\$"; then
  if ! grep -rqs '^Types:.*deb-src\|^deb-src ' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    codename="$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")"
    printf 'Types: deb-src\nURIs: http://deb.debian.org/debian\nSuites: %s %s-updates\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n\nTypes: deb-src\nURIs: http://deb.debian.org/debian-security\nSuites: %s-security\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
      "$codename" "$codename" "$codename" | $SUDO tee /etc/apt/sources.list.d/arm64-port-src.sources >/dev/null
  fi
  $SUDO apt-get update -qq >&2
fi
work="$(mktemp -d "$cache/.tmp.XXXXXX" 2>/dev/null || { mkdir -p "$cache"; mktemp -d "$cache/.tmp.XXXXXX"; })"
trap 'rm -rf "$work"' EXIT
( cd "$work" && apt-get source -qq --download-only "$pkg=$version" >&2 )
dsc="$(ls "$work"/*.dsc | head -1)"
rm -rf "$dest"
dpkg-source -x --no-check "$dsc" "$dest" >/dev/null
# dpkg-source leaves links to the upstream tarballs beside the folder.
for f in "$work"/*; do rm -f "$cache/$(basename "$f")"; done
touch "$dest/.complete"
echo "$dest"

#!/usr/bin/env bash
# A configured copy of a pinned Debian source package: the headers its build generates (nginx's
# objs/ngx_auto_config.h, openssl's include/openssl/configuration.h, curl's lib/curl_config.h, sqlite's sqlite3.h and
# parse.h) are written by the project's own configure step, run once on the build machine, and the folder is printed:
#   configure-source.sh PACKAGE VERSION
# The copy is $ARM64PORT_CACHE (default ~/.cache/arm64-port)/configured-src/PACKAGE_VERSION, beside the pristine
# unpacked source (debian-source.sh), which the triage corpus scans and which stays untouched. A stamp file holds a
# hash of this script: a changed configure step configures again. Optional libraries are switched off explicitly
# (no pcre, zlib, TLS...), so the generated headers do not depend on what else the machine has installed.
# Host-configured headers serve every target: the engine and the compilers read the same files.
set -euo pipefail
pkg="$1"; version="$2"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$(bash "$here/debian-source.sh" "$pkg" "$version")"
cache="${ARM64PORT_CACHE:-$HOME/.cache/arm64-port}/configured-src"
dest="$cache/${pkg}_${version//:/%}"
stamp="$(sha256sum "${BASH_SOURCE[0]}" | cut -c1-16)"
if [ "$(cat "$dest/.configured" 2>/dev/null)" = "$stamp" ]; then echo "$dest"; exit 0; fi

mkdir -p "$cache"
work="$(mktemp -d "$cache/.tmp.XXXXXX")"
trap 'rm -rf "$work"' EXIT
cp -a "$src/." "$work/"
rm -f "$work/.complete"
log="$work/.configure.log"
export CC=gcc
(
  cd "$work"
  case "$pkg" in
    nginx)
      ./configure --without-pcre --without-http_rewrite_module --without-http_gzip_module --without-http_auth_basic_module
      ;;
    openssl)
      # A generic 64-bit target without assembler: the same configuration.h on any build machine.
      ./Configure linux-generic64 no-asm no-shared
      make build_generated
      ;;
    curl)
      ./configure --disable-shared --without-ssl --without-zlib --without-brotli --without-zstd --without-libpsl \
        --without-libidn2 --without-nghttp2 --without-nghttp3 --without-ngtcp2 --without-librtmp --without-libssh2 \
        --without-libssh --without-libgsasl --without-hyper --without-msh3 --without-quiche --disable-ldap \
        --disable-ldaps --without-ca-bundle --without-ca-path --disable-threaded-resolver
      ;;
    sqlite3)
      # sqlite3.h, parse.h, opcodes.h, keywordhash.h are written into the build folder (the source root here).
      ./configure --disable-tcl --disable-readline --disable-editline
      make sqlite3.h parse.h opcodes.h keywordhash.h fts5parse.h
      ;;
    leveldb)
      # CMake's configure_file of port/port_config.h.in, as on Linux (fdatasync and O_CLOEXEC, no crc32c or snappy).
      sed -e 's/#cmakedefine01 \(HAVE_FDATASYNC\|HAVE_O_CLOEXEC\)$/#define \1 1/' -e 's/#cmakedefine01 \([A-Z_0-9]*\)$/#define \1 0/' \
        port/port_config.h.in > port/port_config.h
      ;;
    *) echo "configure-source.sh: no configure step for $pkg" >&2; exit 2 ;;
  esac
) >"$log" 2>&1 || { tail -n 40 "$log" >&2; exit 1; }
rm -rf "$dest"
mv "$work" "$dest"
trap - EXIT
echo "$stamp" > "$dest/.configured"
echo "$dest"

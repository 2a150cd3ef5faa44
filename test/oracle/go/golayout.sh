#!/bin/sh
# Go layout oracle: prints the gc struct layouts of the packages under each
# DIR as the JSON layout contract. Same arguments as cmd/golayout; DIR paths
# are relative to the caller's directory.
#   test/oracle/go/golayout.sh [-targets linux/arm64,linux/amd64,linux/arm,linux/386] DIR...
#   test/oracle/go/golayout.sh -std [-targets linux/arm64]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
n=$#
i=0
while [ "$i" -lt "$n" ]; do
	a=$1
	shift
	# go run -C changes directory: make directory arguments absolute.
	if [ -d "$a" ]; then a=$(cd "$a" && pwd); fi
	set -- "$@" "$a"
	i=$((i + 1))
done
exec go -C "$here" run ./cmd/golayout "$@"

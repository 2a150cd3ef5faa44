// Command golayout prints the gc struct layouts of Go packages as the JSON of
// the arm64-port layout contract: {"version":1,"structs":[...]}.
//
//	golayout [-targets linux/arm64,linux/amd64,linux/arm,linux/386] DIR...
//	golayout -std [-targets linux/arm64]   (default target with -std: linux/arm64)
//
// DIR is a directory inside a Go module; every package under it is loaded
// per target with go/build (GOOS/GOARCH, cgo off), type-checked from source
// with go/types, and measured with types.SizesFor("gc", GOARCH). "file" is
// relative to DIR. -std does the same for $(go env GOROOT)/src without cmd/.
package main

import (
	"flag"
	"fmt"
	"go/build"
	"os"
	"path/filepath"
	"time"

	"arm64port.test/oracle/layout"
)

func main() {
	targets := flag.String("targets", "linux/arm64,linux/amd64,linux/arm,linux/386", "comma-separated GOOS/GOARCH list (default with -std: linux/arm64)")
	std := flag.Bool("std", false, "walk $GOROOT/src (without cmd/ and testdata); skip packages that do not type-check")
	verbose := flag.Bool("v", false, "log skipped packages and timing to stderr")
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: golayout [-targets LIST] DIR...\n       golayout -std [-targets LIST]\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if *std && !flagSet("targets") {
		*targets = "linux/arm64"
	}
	ts, err := layout.ParseTargets(*targets)
	if err != nil {
		fail(err)
	}
	dirs := flag.Args()
	if *std {
		if len(dirs) > 0 {
			fail(fmt.Errorf("-std takes no DIR"))
		}
		dirs = []string{filepath.Join(build.Default.GOROOT, "src")}
	} else if len(dirs) == 0 {
		flag.Usage()
		os.Exit(2)
	}
	opt := layout.Options{Targets: ts, Std: *std}
	if *verbose {
		opt.Log = os.Stderr
	}
	start := time.Now()
	var all []layout.Struct
	for _, d := range dirs {
		ss, err := layout.Run(d, opt)
		if err != nil {
			fail(err)
		}
		all = append(all, ss...)
	}
	if err := layout.WriteJSON(os.Stdout, all); err != nil {
		fail(err)
	}
	if *verbose {
		fmt.Fprintf(os.Stderr, "golayout: %d structs in %v\n", len(all), time.Since(start).Round(time.Millisecond))
	}
}

func flagSet(name string) bool {
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "golayout:", err)
	os.Exit(2)
}

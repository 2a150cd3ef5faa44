// Command gosizes is the size oracle of prove-module-fixes.sh for a Go module with dependencies (the
// project's oracle, test/oracle/go/golayout.sh, type-checks in GOPATH mode and cannot resolve them).
//
//	gosizes -targets linux/arm64,linux/amd64,linux/arm,linux/386 MODULE_DIR [FILE...]
//
// Every package of the module (only the packages of FILEs when given), with its tests, is loaded per target by go/packages (cgo off) and
// type-checked; each package-level struct type declared in one of FILEs (all files without FILE
// arguments; paths relative to MODULE_DIR) is measured with types.SizesFor("gc", GOARCH). Prints
// {"structs":[{"file","name","target","size","fieldTypes":[...]}],"errors":[...]}.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"go/types"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/tools/go/packages"
)

type entry struct {
	File       string   `json:"file"`
	Name       string   `json:"name"`
	Target     string   `json:"target"`
	Size       int64    `json:"size"`
	FieldTypes []string `json:"fieldTypes"`
}

func main() {
	targets := flag.String("targets", "linux/arm64,linux/amd64,linux/arm,linux/386", "GOOS/GOARCH list")
	flag.Parse()
	if flag.NArg() < 1 {
		fmt.Fprintln(os.Stderr, "usage: gosizes [-targets LIST] MODULE_DIR [FILE...]")
		os.Exit(2)
	}
	root, err := filepath.Abs(flag.Arg(0))
	if err != nil {
		fail(err)
	}
	only := map[string]bool{}
	for _, f := range flag.Args()[1:] {
		only[filepath.ToSlash(f)] = true
	}
	var out struct {
		Structs []entry  `json:"structs"`
		Errors  []string `json:"errors"`
	}
	for _, t := range strings.Split(*targets, ",") {
		goos, goarch, ok := strings.Cut(t, "/")
		if !ok {
			fail(fmt.Errorf("bad target %q", t))
		}
		sizes := types.SizesFor("gc", goarch)
		cfg := &packages.Config{
			Mode:  packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles | packages.NeedImports | packages.NeedTypes | packages.NeedSyntax | packages.NeedTypesSizes,
			Dir:   root,
			Tests: true,
			Env:   append(os.Environ(), "GOOS="+goos, "GOARCH="+goarch, "CGO_ENABLED=0"),
		}
		patterns := []string{"./..."}
		if len(only) > 0 {
			dirs := map[string]bool{}
			patterns = nil
			for f := range only {
				if d := "./" + strings.TrimPrefix(filepath.ToSlash(filepath.Dir(f)), "."); !dirs[d] {
					dirs[d] = true
					patterns = append(patterns, d)
				}
			}
			sort.Strings(patterns)
		}
		pkgs, err := packages.Load(cfg, patterns...)
		if err != nil {
			fail(err)
		}
		seen := map[string]bool{}
		for _, p := range pkgs {
			for _, e := range p.Errors {
				out.Errors = append(out.Errors, fmt.Sprintf("%s (%s): %v", p.ID, t, e))
			}
			if p.Types == nil {
				continue
			}
			if p.TypesSizes != nil && p.TypesSizes.Sizeof(types.Typ[types.Uintptr]) != sizes.Sizeof(types.Typ[types.Uintptr]) {
				fail(fmt.Errorf("%s: go/packages sizes disagree with SizesFor(gc, %s)", p.ID, goarch))
			}
			scope := p.Types.Scope()
			for _, name := range scope.Names() {
				tn, ok := scope.Lookup(name).(*types.TypeName)
				if !ok || tn.IsAlias() {
					continue
				}
				named, ok := tn.Type().(*types.Named)
				if !ok || named.TypeParams().Len() > 0 {
					continue
				}
				st, ok := named.Underlying().(*types.Struct)
				if !ok {
					continue
				}
				pos := p.Fset.Position(tn.Pos())
				rel, err := filepath.Rel(root, pos.Filename)
				if err != nil || strings.HasPrefix(rel, "..") {
					continue
				}
				rel = filepath.ToSlash(rel)
				if len(only) > 0 && !only[rel] {
					continue
				}
				key := rel + "|" + name + "|" + t
				if seen[key] {
					continue
				}
				seen[key] = true
				e := entry{File: rel, Name: name, Target: t, Size: sizes.Sizeof(st)}
				for i := 0; i < st.NumFields(); i++ {
					e.FieldTypes = append(e.FieldTypes, types.TypeString(st.Field(i).Type(), nil))
				}
				out.Structs = append(out.Structs, e)
			}
		}
	}
	sort.Slice(out.Structs, func(i, j int) bool {
		a, b := out.Structs[i], out.Structs[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		return a.Target < b.Target
	})
	sort.Strings(out.Errors)
	enc := json.NewEncoder(os.Stdout)
	if err := enc.Encode(out); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "gosizes:", err)
	os.Exit(2)
}

// Command gosizes is the size oracle of prove-module-fixes.sh for a Go module with dependencies (the
// project's oracle, test/oracle/go/golayout.sh, type-checks in GOPATH mode and cannot resolve them).
//
//	gosizes -targets linux/arm64,linux/amd64,linux/arm,linux/386 -files F1,F2 MODULE_DIR...
//
// For each MODULE_DIR (the pristine and the fixed tree) and each target, the packages of FILEs (all the
// module's packages without -files), with their tests, are loaded by go/packages (cgo off) and
// type-checked from source, bodies included; their dependencies (standard library and other modules)
// are type-checked from source with function bodies dropped, which is all a type's size needs and
// compiles nothing. Up to -j loads run at once. Each package-level struct type declared in one of FILEs
// (paths relative to MODULE_DIR) is measured with types.SizesFor("gc", GOARCH). Prints
// {"DIR":{"structs":[{"file","name","target","size","fieldTypes":[...]}],"errors":[...]},...}.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"golang.org/x/tools/go/packages"
)

type entry struct {
	File       string   `json:"file"`
	Name       string   `json:"name"`
	Target     string   `json:"target"`
	Size       int64    `json:"size"`
	FieldTypes []string `json:"fieldTypes"`
}

type result struct {
	Structs []entry  `json:"structs"`
	Errors  []string `json:"errors"`
}

func main() {
	targets := flag.String("targets", "linux/arm64,linux/amd64,linux/arm,linux/386", "GOOS/GOARCH list")
	files := flag.String("files", "", "comma-separated files (relative to each MODULE_DIR) whose structs are measured")
	jobs := flag.Int("j", 2, "loads at once")
	flag.Parse()
	if flag.NArg() < 1 {
		fmt.Fprintln(os.Stderr, "usage: gosizes [-targets LIST] [-files F1,F2] [-j N] MODULE_DIR...")
		os.Exit(2)
	}
	only := map[string]bool{}
	for _, f := range strings.Split(*files, ",") {
		if f != "" {
			only[filepath.ToSlash(f)] = true
		}
	}
	if o, err := exec.Command("go", "env", "GOROOT", "GOMODCACHE").Output(); err == nil {
		for _, l := range strings.Split(strings.TrimSpace(string(o)), "\n") {
			if l = strings.TrimSpace(l); l != "" {
				depRoots = append(depRoots, filepath.Clean(l))
			}
		}
	}
	if len(depRoots) == 0 {
		fail(fmt.Errorf("go env GOROOT GOMODCACHE: no answer"))
	}
	type job struct{ root, target string }
	var jl []job
	out := map[string]*result{}
	for _, d := range flag.Args() {
		root, err := filepath.Abs(d)
		if err != nil {
			fail(err)
		}
		out[d] = &result{}
		for _, t := range strings.Split(*targets, ",") {
			jl = append(jl, job{root, t})
		}
	}
	res := make([]result, len(jl))
	var wg sync.WaitGroup
	sem := make(chan struct{}, *jobs)
	for i, j := range jl {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			res[i] = load(j.root, j.target, only)
		}()
	}
	wg.Wait()
	i := 0
	for _, d := range flag.Args() {
		r := out[d]
		for range strings.Split(*targets, ",") {
			r.Structs = append(r.Structs, res[i].Structs...)
			r.Errors = append(r.Errors, res[i].Errors...)
			i++
		}
		sort.Slice(r.Structs, func(i, j int) bool {
			a, b := r.Structs[i], r.Structs[j]
			if a.File != b.File {
				return a.File < b.File
			}
			if a.Name != b.Name {
				return a.Name < b.Name
			}
			return a.Target < b.Target
		})
		sort.Strings(r.Errors)
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		fail(err)
	}
}

var depRoots []string

func load(root, t string, only map[string]bool) result {
	var out result
	goos, goarch, ok := strings.Cut(t, "/")
	if !ok {
		fail(fmt.Errorf("bad target %q", t))
	}
	sizes := types.SizesFor("gc", goarch)
	// Root packages are the module's packages named on the command line; everything else is a
	// dependency whose function bodies play no part in a type's size.
	rootDirs := map[string]bool{}
	for f := range only {
		rootDirs[filepath.Join(root, filepath.Dir(f))] = true
	}
	// Only the standard library's and the module cache's files lose their bodies (not the module's
	// other packages, nor the test mains go list generates in the build cache).
	isDep := func(filename string) bool {
		for _, d := range depRoots {
			if d != "" && strings.HasPrefix(filename, d+string(filepath.Separator)) {
				return true
			}
		}
		return false
	}
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles | packages.NeedImports | packages.NeedDeps |
			packages.NeedTypes | packages.NeedSyntax | packages.NeedTypesSizes,
		Dir:   root,
		Tests: true,
		Env:   append(os.Environ(), "GOOS="+goos, "GOARCH="+goarch, "CGO_ENABLED=0"),
		ParseFile: func(fset *token.FileSet, filename string, src []byte) (*ast.File, error) {
			f, err := parser.ParseFile(fset, filename, src, parser.AllErrors|parser.SkipObjectResolution)
			if f != nil && isDep(filename) && !rootDirs[filepath.Dir(filename)] {
				for _, d := range f.Decls {
					if fd, ok := d.(*ast.FuncDecl); ok {
						fd.Body = nil
					}
				}
			}
			return f, err
		},
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
	return out
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "gosizes:", err)
	os.Exit(2)
}

package layout

import (
	"bufio"
	"errors"
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

func init() {
	// go/build resolves standard-library imports (and GOROOT/src/vendor) by
	// itself in GOPATH mode; in module mode it would run `go list` for some of
	// them. Packages of the analysed module are resolved by Loader, so GOPATH
	// mode loses nothing and stays offline.
	os.Setenv("GO111MODULE", "off")
}

// Module is the Go module a directory belongs to (zero value: none, as for
// GOROOT/src).
type Module struct {
	Root, Path, GoVersion string
}

// FindModule looks for go.mod in dir and its parents.
func FindModule(dir string) (Module, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return Module{}, err
	}
	for d := abs; ; d = filepath.Dir(d) {
		f, err := os.Open(filepath.Join(d, "go.mod"))
		if err == nil {
			defer f.Close()
			m := Module{Root: d}
			sc := bufio.NewScanner(f)
			for sc.Scan() {
				fields := strings.Fields(sc.Text())
				if len(fields) >= 2 && fields[0] == "module" {
					m.Path = strings.Trim(fields[1], `"`)
				}
				if len(fields) >= 2 && fields[0] == "go" {
					m.GoVersion = "go" + fields[1]
				}
			}
			if m.Path == "" {
				return Module{}, fmt.Errorf("%s/go.mod: no module line", d)
			}
			return m, nil
		}
		if parent := filepath.Dir(d); parent == d {
			return Module{}, nil
		}
	}
}

// Package is one type-checked package.
type Package struct {
	Dir   string
	Path  string
	Types *types.Package
	Files []*ast.File
	Errs  []error
}

// Loader type-checks packages for one target. Every package, the analysed ones
// and their imports (standard library included), is checked from source with
// the target's build context, so _GOARCH.go files and //go:build lines are
// honoured all the way down.
type Loader struct {
	Target Target
	Fset   *token.FileSet
	Sizes  types.Sizes
	Ctx    build.Context
	Mod    Module
	// StdRoot marks GOROOT/src mode: import paths are relative to it.
	StdRoot bool

	pkgs    map[string]*Package // by import path
	loading map[string]bool
}

func NewLoader(t Target, mod Module) (*Loader, error) {
	sizes := types.SizesFor("gc", t.GOARCH)
	if sizes == nil {
		return nil, fmt.Errorf("no gc sizes for GOARCH=%s", t.GOARCH)
	}
	return &Loader{
		Target:  t,
		Fset:    token.NewFileSet(),
		Sizes:   sizes,
		Ctx:     buildContext(t),
		Mod:     mod,
		pkgs:    map[string]*Package{},
		loading: map[string]bool{},
	}, nil
}

// Import implements types.Importer.
func (l *Loader) Import(path string) (*types.Package, error) {
	return l.ImportFrom(path, "", 0)
}

// ImportFrom implements types.ImporterFrom.
func (l *Loader) ImportFrom(path, srcDir string, _ types.ImportMode) (*types.Package, error) {
	if path == "unsafe" {
		return types.Unsafe, nil
	}
	if path == "C" {
		return nil, errors.New(`import "C" with cgo disabled`)
	}
	var dir, importPath string
	if l.Mod.Path != "" && (path == l.Mod.Path || strings.HasPrefix(path, l.Mod.Path+"/")) {
		dir = filepath.Join(l.Mod.Root, filepath.FromSlash(strings.TrimPrefix(path, l.Mod.Path)))
		importPath = path
	} else {
		bp, err := l.Ctx.Import(path, srcDir, build.FindOnly)
		if err != nil {
			return nil, err
		}
		dir, importPath = bp.Dir, bp.ImportPath
	}
	p, err := l.Load(dir, importPath)
	if err != nil {
		return nil, err
	}
	if p.Types == nil {
		return nil, fmt.Errorf("%s: %v", importPath, p.Errs)
	}
	return p.Types, nil
}

// ErrNoGo means the directory has no Go file for this target.
var ErrNoGo = errors.New("no Go files for this target")

// Load parses and type-checks the package in dir (once per import path).
// Type errors are recorded in Package.Errs; the returned error is only for
// a package that cannot be loaded at all.
func (l *Loader) Load(dir, importPath string) (*Package, error) {
	if p, ok := l.pkgs[importPath]; ok {
		return p, nil
	}
	if l.loading[importPath] {
		return nil, fmt.Errorf("import cycle through %s", importPath)
	}
	l.loading[importPath] = true
	defer delete(l.loading, importPath)

	bp, err := l.Ctx.ImportDir(dir, 0)
	if err != nil {
		var noGo *build.NoGoError
		if errors.As(err, &noGo) {
			return nil, ErrNoGo
		}
		return nil, err
	}
	names := append([]string(nil), bp.GoFiles...)
	sort.Strings(names)
	p := &Package{Dir: dir, Path: importPath}
	for _, name := range names {
		f, err := parser.ParseFile(l.Fset, filepath.Join(dir, name), nil, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			p.Errs = append(p.Errs, err)
			continue
		}
		p.Files = append(p.Files, f)
	}
	conf := types.Config{
		Importer:         l,
		Sizes:            l.Sizes,
		IgnoreFuncBodies: true, // layouts do not depend on bodies
		Error:            func(err error) { p.Errs = append(p.Errs, err) },
	}
	if !l.StdRoot && l.Mod.GoVersion != "" && strings.HasPrefix(importPath, l.Mod.Path) {
		conf.GoVersion = l.Mod.GoVersion
	}
	tp, _ := conf.Check(importPath, l.Fset, p.Files, nil)
	p.Types = tp
	l.pkgs[importPath] = p
	return p, nil
}

// PackageDirs lists the directories under root that may hold a package:
// testdata, vendor (outside GOROOT), hidden and _-prefixed directories and
// nested modules are skipped, as the go command does. skip filters more.
func PackageDirs(root string, std bool, skip func(rel string) bool) ([]string, error) {
	var dirs []string
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		if path != root {
			name := d.Name()
			if name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") ||
				(name == "vendor" && !std) {
				return filepath.SkipDir
			}
			if !std {
				if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil {
					return filepath.SkipDir
				}
			}
			if skip != nil && skip(rel) {
				return filepath.SkipDir
			}
		}
		entries, err := os.ReadDir(path)
		if err != nil {
			return err
		}
		for _, e := range entries {
			if !e.IsDir() && strings.HasSuffix(e.Name(), ".go") {
				dirs = append(dirs, path)
				break
			}
		}
		return nil
	})
	return dirs, err
}

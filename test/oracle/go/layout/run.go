package layout

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"sync"
)

// Options select what Run analyses.
type Options struct {
	Targets []Target
	// Std walks GOROOT/src (without cmd/ and testdata) instead of module
	// directories; packages that do not type-check are skipped and counted.
	Std bool
	// Log receives skipped packages (may be nil).
	Log io.Writer
}

// Run returns the layout entries of every package under dir, for every
// target. In module mode a package with a type error is an error: fixtures
// must compile.
func Run(dir string, opt Options) ([]Struct, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	var mod Module
	var skip func(string) bool
	if opt.Std {
		skip = func(rel string) bool { return rel == "cmd" || rel == "builtin" }
	} else if mod, err = FindModule(abs); err != nil {
		return nil, err
	}
	dirs, err := PackageDirs(abs, opt.Std, skip)
	if err != nil {
		return nil, err
	}
	// Targets are independent (one loader, file set and importer each):
	// check them in parallel.
	results := make([][]Struct, len(opt.Targets))
	errs := make([]error, len(opt.Targets))
	logs := make([]strings.Builder, len(opt.Targets))
	var wg sync.WaitGroup
	for i, t := range opt.Targets {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], errs[i] = runTarget(t, mod, abs, dirs, opt.Std, &logs[i])
		}()
	}
	wg.Wait()
	var out []Struct
	for i := range opt.Targets {
		if opt.Log != nil {
			io.WriteString(opt.Log, logs[i].String())
		}
		if errs[i] != nil {
			return nil, errs[i]
		}
		out = append(out, results[i]...)
	}
	SortStructs(out, opt.Targets)
	return out, nil
}

func runTarget(t Target, mod Module, abs string, dirs []string, std bool, log io.Writer) ([]Struct, error) {
	l, err := NewLoader(t, mod)
	if err != nil {
		return nil, err
	}
	l.StdRoot = std
	var out []Struct
	for _, d := range dirs {
		importPath, err := l.importPathOf(d, abs)
		if err != nil {
			return nil, err
		}
		p, err := l.Load(d, importPath)
		if err == ErrNoGo {
			continue
		}
		if err == nil && len(p.Errs) > 0 {
			err = fmt.Errorf("%s", joinErrs(p.Errs))
		}
		if err != nil {
			if std {
				fmt.Fprintf(log, "skip %s (%s): %v\n", importPath, t, firstLine(err.Error()))
				continue
			}
			return nil, fmt.Errorf("%s (%s): %v", importPath, t, err)
		}
		out = append(out, l.Structs(p, abs)...)
	}
	return out, nil
}

func (l *Loader) importPathOf(dir, root string) (string, error) {
	if l.StdRoot {
		rel, err := filepath.Rel(root, dir)
		return filepath.ToSlash(rel), err
	}
	if l.Mod.Path == "" {
		return "", fmt.Errorf("%s: not inside a Go module", dir)
	}
	rel, err := filepath.Rel(l.Mod.Root, dir)
	if err != nil {
		return "", err
	}
	if rel == "." {
		return l.Mod.Path, nil
	}
	return l.Mod.Path + "/" + filepath.ToSlash(rel), nil
}

func joinErrs(errs []error) string {
	var b strings.Builder
	for i, e := range errs {
		if i == 5 {
			fmt.Fprintf(&b, "\n(and %d more)", len(errs)-5)
			break
		}
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

func firstLine(s string) string {
	first, _, _ := strings.Cut(s, "\n")
	return first
}

// WriteJSON prints {"version":1,"structs":[...]} with one struct per line.
func WriteJSON(w io.Writer, ss []Struct) error {
	var buf bytes.Buffer
	buf.WriteString(`{"version":1,"structs":[`)
	for i, s := range ss {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.WriteByte('\n')
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			return err
		}
		buf.Truncate(buf.Len() - 1) // Encode's newline
	}
	buf.WriteString("\n]}\n")
	_, err := w.Write(buf.Bytes())
	return err
}

// Command gen-go-std-table prints the bundled fallback table of common standard-library types
// (size, alignment and GC pointer bytes per GOARCH, from go/types' gc sizes) and the runtime's
// malloc size classes. The layout engine uses it only when GOROOT's sources cannot be found.
//
//	go run . > ../../server/src/lang/go/stdTable.json
package main

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/build"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
)

var stdTypes = []string{
	"sync.Mutex", "sync.RWMutex", "sync.WaitGroup", "sync.Once", "sync.Map", "sync.Pool", "sync.Cond",
	"sync/atomic.Bool", "sync/atomic.Int32", "sync/atomic.Int64", "sync/atomic.Uint32", "sync/atomic.Uint64",
	"sync/atomic.Uintptr", "sync/atomic.Value", "sync/atomic.Pointer[int]",
	"time.Time", "time.Duration", "time.Month", "time.Weekday", "time.Location", "time.Timer", "time.Ticker",
	"context.Context", "context.CancelFunc", "error", "io.Reader", "io.Writer", "io.ReadCloser",
	"bytes.Buffer", "strings.Builder", "strings.Reader", "bufio.Reader", "bufio.Writer",
	"net.IP", "net.IPNet", "net.IPMask", "net.Conn", "net.Listener", "net.TCPAddr", "net.UDPAddr",
	"net/netip.Addr", "net/netip.AddrPort", "net/netip.Prefix",
	"net/http.Header", "net/http.Client", "net/http.Request", "net/http.Response", "net/http.Server", "net/http.Cookie",
	"net/url.URL", "net/url.Values", "encoding/json.RawMessage", "encoding/json.Number",
	"math/big.Int", "math/rand.Rand", "os.File", "os.FileMode", "io/fs.FileMode", "log/slog.Logger", "log/slog.Level",
	"log.Logger", "reflect.Type", "reflect.Value", "regexp.Regexp", "hash.Hash", "crypto/tls.Config", "database/sql.DB",
	"database/sql.NullString", "database/sql.NullInt64", "database/sql.NullTime", "database/sql.NullBool",
	"structs.HostLayout", "container/list.List", "container/list.Element", "expvar.Int", "math/big.Float", "unique.Handle[string]",
}

var hostTags []string

var arches = []string{"arm64", "amd64", "arm", "386"}

type entry struct {
	Size    map[string]int64 `json:"size"`
	Align   map[string]int64 `json:"align"`
	Ptrdata map[string]int64 `json:"ptrdata"`
}

func ptrdata(t types.Type, s types.Sizes) int64 {
	switch u := t.Underlying().(type) {
	case *types.Basic:
		if u.Kind() == types.String || u.Kind() == types.UnsafePointer {
			return s.Sizeof(types.Typ[types.Uintptr])
		}
		return 0
	case *types.Pointer, *types.Map, *types.Chan, *types.Signature, *types.Slice:
		return s.Sizeof(types.Typ[types.Uintptr])
	case *types.Interface:
		return 2 * s.Sizeof(types.Typ[types.Uintptr])
	case *types.Array:
		if u.Len() == 0 {
			return 0
		}
		ep := ptrdata(u.Elem(), s)
		if ep == 0 {
			return 0
		}
		return (u.Len()-1)*s.Sizeof(u.Elem()) + ep
	case *types.Struct:
		fields := make([]*types.Var, u.NumFields())
		for i := range fields {
			fields[i] = u.Field(i)
		}
		offs := s.Offsetsof(fields)
		var p int64
		for i, f := range fields {
			if fp := ptrdata(f.Type(), s); fp > 0 {
				p = offs[i] + fp
			}
		}
		return p
	}
	panic(fmt.Sprintf("unexpected type %v", t))
}

// lookupAll type-checks one file that names every type, so generic instances resolve too.
func lookupAll(names []string, goarch string) []types.Type {
	build.Default.GOARCH = goarch
	build.Default.GOOS = "linux"
	build.Default.CgoEnabled = false
	// ToolTags were computed for the host at init; register ABI experiments exist only on some arches.
	if hostTags == nil {
		hostTags = build.Default.ToolTags
	}
	build.Default.ToolTags = nil
	for _, t := range hostTags {
		if strings.HasPrefix(t, "goexperiment.regabi") && (goarch == "386" || goarch == "arm") {
			continue
		}
		build.Default.ToolTags = append(build.Default.ToolTags, t)
	}
	os.Setenv("GOARCH", goarch)
	os.Setenv("GOOS", "linux")
	os.Setenv("CGO_ENABLED", "0")
	src := "package p\n"
	imports := map[string]string{}
	var decls []string
	for i, name := range names {
		base := name
		if j := strings.Index(base, "["); j >= 0 {
			base = base[:j]
		}
		expr := name
		if k := strings.LastIndex(base, "."); k >= 0 {
			pkgPath := name[:k]
			alias, ok := imports[pkgPath]
			if !ok {
				alias = fmt.Sprintf("q%d", len(imports))
				imports[pkgPath] = alias
			}
			expr = alias + name[k:]
		}
		decls = append(decls, fmt.Sprintf("var X%d %s", i, expr))
	}
	for p, a := range imports {
		src += fmt.Sprintf("import %s %q\n", a, p)
	}
	src += strings.Join(decls, "\n") + "\n"
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		panic(err)
	}
	conf := types.Config{Importer: importer.ForCompiler(fset, "source", nil), Sizes: types.SizesFor("gc", goarch)}
	pkg, err := conf.Check("p", fset, []*ast.File{f}, nil)
	if err != nil {
		panic(err)
	}
	out := make([]types.Type, len(names))
	for i := range names {
		out[i] = pkg.Scope().Lookup(fmt.Sprintf("X%d", i)).Type()
	}
	return out
}

func sizeClasses() []int {
	src, err := os.ReadFile(filepath.Join(runtime.GOROOT(), "src", "internal", "runtime", "gc", "sizeclasses.go"))
	if err != nil {
		src, err = os.ReadFile(filepath.Join(runtime.GOROOT(), "src", "runtime", "sizeclasses.go"))
	}
	if err != nil {
		panic(err)
	}
	m := regexp.MustCompile(`(?:SizeClassToSize|class_to_size) = \[[^\]]+\]uint16\{([^}]*)\}`).FindSubmatch(src)
	if m == nil {
		panic("size class table not found")
	}
	var out []int
	for _, s := range strings.Split(string(m[1]), ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			panic(err)
		}
		out = append(out, n)
	}
	return out
}

func main() {
	table := map[string]entry{}
	resolved := map[string][]types.Type{}
	for _, a := range arches {
		resolved[a] = lookupAll(stdTypes, a)
	}
	for i, name := range stdTypes {
		e := entry{map[string]int64{}, map[string]int64{}, map[string]int64{}}
		for _, a := range arches {
			t := resolved[a][i]
			s := types.SizesFor("gc", a)
			e.Size[a], e.Align[a], e.Ptrdata[a] = s.Sizeof(t), s.Alignof(t), ptrdata(t, s)
		}
		key := name
		if i := strings.Index(key, "["); i >= 0 {
			key = key[:i]
		}
		table[key] = e
	}
	keys := make([]string, 0, len(table))
	for k := range table {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	ordered := make([]any, 0, len(keys))
	for _, k := range keys {
		ordered = append(ordered, map[string]any{"name": k, "size": table[k].Size, "align": table[k].Align, "ptrdata": table[k].Ptrdata})
	}
	out := map[string]any{
		"generatedBy": "scripts/gen-go-std-table (go/types SizesFor(\"gc\", GOARCH))",
		"goVersion":   runtime.Version(),
		"sizeClasses": sizeClasses(),
		"types":       ordered,
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", " ")
	if err := enc.Encode(out); err != nil {
		panic(err)
	}
}

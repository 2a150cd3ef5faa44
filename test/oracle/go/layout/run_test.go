package layout

import (
	"bytes"
	"encoding/json"
	"path"
	"sort"
	"strings"
	"sync"
	"testing"
)

// These tests check the oracle's conventions (which structs, files and
// targets appear), not layout numbers: those are checked against compiled
// binaries by cmd/crosscheck.

const fixtures = "../../../fixtures/go/layout"

var allTargets = []Target{{"linux", "arm64"}, {"linux", "amd64"}, {"linux", "arm"}, {"linux", "386"}}

var (
	fixturesOnce    sync.Once
	fixturesStructs []Struct
	fixturesErr     error
)

// runFixtures runs the oracle on the fixtures once per test binary.
func runFixtures(t *testing.T) []Struct {
	t.Helper()
	fixturesOnce.Do(func() { fixturesStructs, fixturesErr = Run(fixtures, Options{Targets: allTargets}) })
	if fixturesErr != nil {
		t.Fatal(fixturesErr)
	}
	return fixturesStructs
}

func TestFixtureConventions(t *testing.T) {
	ss := runFixtures(t)
	targetsOf := map[string][]string{} // "dir name" -> targets
	filesOf := map[string]map[string]string{}
	var unresolved []string
	topLevel := map[string]bool{}
	for _, s := range ss {
		key := path.Dir(s.File) + " " + s.Name
		targetsOf[key] = append(targetsOf[key], s.Target)
		if filesOf[key] == nil {
			filesOf[key] = map[string]string{}
		}
		filesOf[key][s.Target] = s.File
		if !strings.Contains(s.Name, ".") {
			topLevel[key] = true
		}
		if s.Language != "go" || s.Line < 1 || s.Fields == nil {
			t.Errorf("%s: bad entry %+v", key, s)
		}
		if s.Unresolved != nil {
			if s.Size != nil || s.Align != nil || s.OptimalSize != nil {
				t.Errorf("%s: unresolved entry has numbers", key)
			}
			if s.Target == "linux/arm64" {
				unresolved = append(unresolved, key)
			}
			continue
		}
		if *s.OptimalSize > *s.Size || *s.Size%*s.Align != 0 {
			t.Errorf("%s %s: size %d align %d optimal %d", key, s.Target, *s.Size, *s.Align, *s.OptimalSize)
		}
		for _, f := range s.Fields {
			if *f.Offset%*f.Align != 0 || *f.Offset+*f.Size > *s.Size {
				t.Errorf("%s %s: field %s at %d size %d align %d in size %d", key, s.Target, f.Name, *f.Offset, *f.Size, *f.Align, *s.Size)
			}
		}
	}
	if len(topLevel) < 70 {
		t.Errorf("only %d named struct types in the fixtures", len(topLevel))
	}
	for key, ts := range targetsOf {
		want := 4
		if strings.HasPrefix(key, "perarch LSEOnly") {
			want = 1
		}
		if len(ts) != want {
			t.Errorf("%s: targets %v", key, ts)
		}
	}
	for _, absent := range []string{"perarch CgoOnly", "perarch Ignored"} {
		if _, ok := targetsOf[absent]; ok {
			t.Errorf("%s must not be reported (cgo off, //go:build ignore)", absent)
		}
	}
	for _, tg := range allTargets {
		if got, want := filesOf["perarch Regs"][tg.String()], "perarch/regs_"+tg.GOARCH+".go"; got != want {
			t.Errorf("Regs for %s from %s, want %s", tg, got, want)
		}
	}
	sort.Strings(unresolved)
	if got, want := strings.Join(unresolved, ","), "typedefs Fixed,typedefs Num,typedefs Pair,typedefs Wrapper"; got != want {
		t.Errorf("unresolved = %s, want %s", got, want)
	}
	for _, nested := range []string{"nested TwiceNested.outer.inner", "nested AnonArray.slots", "nested AnonPointer.p", "nested MultiAnon.x", "nested MultiAnon.y"} {
		if len(targetsOf[nested]) != 4 {
			t.Errorf("missing nested entry %s", nested)
		}
	}
}

func TestFieldNaming(t *testing.T) {
	byName := map[string]Struct{}
	for _, s := range runFixtures(t) {
		if s.Target == "linux/arm64" {
			byName[path.Dir(s.File)+" "+s.Name] = s
		}
	}
	names := func(key string) string {
		var out []string
		for _, f := range byName[key].Fields {
			out = append(out, f.Name+":"+f.Type)
		}
		return strings.Join(out, " ")
	}
	cases := map[string]string{
		"embedding EmbedMany":      "Inner:Inner Point:*shared.Point Tagged:shared.Tagged n:int8",
		"basic MultiName":          "a:int8 b:int8 c:int64 d:int64 e:int64 f:int16 g:int16",
		"basic BlankFields":        "_:int32 Name:string _:[3]byte _:bool ID:uint64",
		"typedefs EmbedsGeneric":   "Pair:Pair[int32, int8] tail:int64",
		"embedding EmbedInterface": "Stringer:fmt.Stringer error:error id:int32",
		"typedefs ForeignAlias":    "Version:uint8 Length:uint32 Flags:uint16",
	}
	for key, want := range cases {
		if got := names(key); got != want {
			t.Errorf("%s fields = %q, want %q", key, got, want)
		}
	}
}

func TestDeterministicJSON(t *testing.T) {
	var a, b bytes.Buffer
	if err := WriteJSON(&a, runFixtures(t)); err != nil {
		t.Fatal(err)
	}
	again, err := Run(fixtures, Options{Targets: allTargets})
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteJSON(&b, again); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("two runs differ")
	}
	var doc struct {
		Version int               `json:"version"`
		Structs []json.RawMessage `json:"structs"`
	}
	if err := json.Unmarshal(a.Bytes(), &doc); err != nil || doc.Version != 1 || len(doc.Structs) == 0 {
		t.Fatalf("bad JSON document: %v", err)
	}
}

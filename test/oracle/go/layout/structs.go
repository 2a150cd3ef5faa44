package layout

import (
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
	"sort"
)

// Field and Struct are the JSON layout contract of docs/architecture.md
// ("layout --json").
type Field struct {
	Name   string `json:"name"`
	Type   string `json:"type"`
	Offset *int64 `json:"offset"`
	Size   *int64 `json:"size"`
	Align  *int64 `json:"align"`
}

type Struct struct {
	Name        string  `json:"name"`
	Language    string  `json:"language"`
	File        string  `json:"file"`
	Line        int     `json:"line"`
	Target      string  `json:"target"`
	Size        *int64  `json:"size"`
	Align       *int64  `json:"align"`
	OptimalSize *int64  `json:"optimalSize"`
	Fields      []Field `json:"fields"`
	Unresolved  *string `json:"unresolved"`
}

// ReasonTypeParams is the "unresolved" reason of a generic struct whose
// layout depends on its type parameters.
const ReasonTypeParams = "layout depends on type parameters"

// Decl is a package-level type declaration whose type is a struct.
type Decl struct {
	Obj    *types.TypeName
	Name   *ast.Ident
	Struct *types.Struct
	// Literal: the declaration spells a struct literal (type T struct{...}
	// or type T = struct{...}), so its anonymous inner structs are its own.
	Literal bool
	// Generic: the declaration has type parameters.
	Generic bool
}

// Decls lists the package-level type declarations (defined types and
// aliases, generic or not) whose type is a struct, in file and source order.
func Decls(p *Package) []Decl {
	var out []Decl
	for _, f := range p.Files {
		for _, decl := range f.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok {
				continue
			}
			for _, spec := range gd.Specs {
				ts, ok := spec.(*ast.TypeSpec)
				if !ok || ts.Name.Name == "_" {
					continue
				}
				obj, ok := p.Types.Scope().Lookup(ts.Name.Name).(*types.TypeName)
				if !ok {
					continue
				}
				st, ok := types.Unalias(obj.Type()).Underlying().(*types.Struct)
				if !ok {
					continue
				}
				_, literal := ast.Unparen(ts.Type).(*ast.StructType)
				out = append(out, Decl{Obj: obj, Name: ts.Name, Struct: st, Literal: literal, Generic: ts.TypeParams != nil})
			}
		}
	}
	return out
}

// Structs returns one entry per Decl, plus one entry per anonymous struct
// type written inside such a declaration. Files are reported relative to
// base.
func (l *Loader) Structs(p *Package, base string) []Struct {
	var out []Struct
	for _, d := range Decls(p) {
		out = l.appendStruct(out, p, base, d.Name.Name, d.Name, d.Struct, d.Literal)
	}
	return out
}

func (l *Loader) appendStruct(out []Struct, p *Package, base, name string, at interface{ Pos() token.Pos }, st *types.Struct, nested bool) []Struct {
	pos := l.Fset.Position(at.Pos())
	file, err := filepath.Rel(base, pos.Filename)
	if err != nil {
		file = pos.Filename
	}
	s := Struct{
		Name:     name,
		Language: "go",
		File:     filepath.ToSlash(file),
		Line:     pos.Line,
		Target:   l.Target.String(),
		Fields:   []Field{},
	}
	qual := func(other *types.Package) string {
		if other == p.Types {
			return ""
		}
		return other.Name()
	}
	fields := make([]*types.Var, st.NumFields())
	for i := range fields {
		fields[i] = st.Field(i)
	}
	if DependsOnTypeParams(st, map[types.Type]bool{}) {
		reason := ReasonTypeParams
		s.Unresolved = &reason
		for _, f := range fields {
			s.Fields = append(s.Fields, Field{Name: f.Name(), Type: types.TypeString(f.Type(), qual)})
		}
	} else {
		s.Size = ptr(l.Sizes.Sizeof(st))
		s.Align = ptr(l.Sizes.Alignof(st))
		s.OptimalSize = ptr(l.Sizes.Sizeof(types.NewStruct(OptimalOrder(l.Sizes, fields), nil)))
		offsets := l.Sizes.Offsetsof(fields)
		for i, f := range fields {
			s.Fields = append(s.Fields, Field{
				Name:   f.Name(),
				Type:   types.TypeString(f.Type(), qual),
				Offset: ptr(offsets[i]),
				Size:   ptr(l.Sizes.Sizeof(f.Type())),
				Align:  ptr(l.Sizes.Alignof(f.Type())),
			})
		}
	}
	out = append(out, s)
	if nested {
		for _, f := range fields {
			if inner := AnonymousStruct(f.Type()); inner != nil {
				out = l.appendStruct(out, p, base, name+"."+f.Name(), f, inner, true)
			}
		}
	}
	return out
}

// AnonymousStruct returns the struct literal type a field is declared with,
// looking through arrays, pointers and slices ([4]struct{...},
// *struct{...}); nil for anything else, including named and alias types.
func AnonymousStruct(t types.Type) *types.Struct {
	for {
		switch u := t.(type) {
		case *types.Struct:
			return u
		case *types.Array:
			t = u.Elem()
		case *types.Pointer:
			t = u.Elem()
		case *types.Slice:
			t = u.Elem()
		default:
			return nil
		}
	}
}

// OptimalOrder sorts the fields by (zero-size first, alignment descending),
// stably. Every gc size is a multiple of its alignment, so this order has no
// padding between fields and never ends with a zero-size field: its size is
// the minimum over all orders.
func OptimalOrder(sizes types.Sizes, fields []*types.Var) []*types.Var {
	sorted := append([]*types.Var(nil), fields...)
	sort.SliceStable(sorted, func(i, j int) bool {
		zi, zj := sizes.Sizeof(sorted[i].Type()) == 0, sizes.Sizeof(sorted[j].Type()) == 0
		if zi != zj {
			return zi
		}
		return sizes.Alignof(sorted[i].Type()) > sizes.Alignof(sorted[j].Type())
	})
	return sorted
}

// DependsOnTypeParams reports whether the size or alignment of t depends on
// a type parameter: t is one, or holds one by value (array element, struct
// field, type argument that ends up in a field). Pointers, slices, maps,
// channels, funcs and interfaces have a fixed layout whatever they refer to.
func DependsOnTypeParams(t types.Type, seen map[types.Type]bool) bool {
	if seen[t] {
		return false
	}
	seen[t] = true
	switch u := t.(type) {
	case *types.TypeParam:
		return true
	case *types.Alias:
		return DependsOnTypeParams(types.Unalias(u), seen)
	case *types.Named:
		return DependsOnTypeParams(u.Underlying(), seen)
	case *types.Array:
		return DependsOnTypeParams(u.Elem(), seen)
	case *types.Struct:
		for i := 0; i < u.NumFields(); i++ {
			if DependsOnTypeParams(u.Field(i).Type(), seen) {
				return true
			}
		}
	}
	return false
}

func ptr(v int64) *int64 { return &v }

// SortStructs orders entries by file, line, name, then target order.
func SortStructs(ss []Struct, targets []Target) {
	rank := map[string]int{}
	for i, t := range targets {
		rank[t.String()] = i
	}
	sort.SliceStable(ss, func(i, j int) bool {
		a, b := ss[i], ss[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		return rank[a.Target] < rank[b.Target]
	})
}

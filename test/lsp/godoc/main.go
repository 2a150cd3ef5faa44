// Prints, as JSON, the doc comment go/doc reads for every declaration, spec and struct field of the Go files
// named on the command line (ast CommentGroup.Text, which go/doc uses), or the file's parse error.
// Used by test/lsp/suppression.test.ts: a suppression directive must never change one.
package main

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
)

func main() {
	out := map[string]map[string]string{}
	for _, file := range os.Args[1:] {
		docs := map[string]string{}
		out[file] = docs
		f, err := parser.ParseFile(token.NewFileSet(), file, nil, parser.ParseComments)
		if err != nil {
			docs["(parse error)"] = err.Error()
			continue
		}
		docs["(package)"] = f.Doc.Text()
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				docs["func "+d.Name.Name] = d.Doc.Text()
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.TypeSpec:
						docs["type "+s.Name.Name] = d.Doc.Text() + s.Doc.Text()
						if st, ok := s.Type.(*ast.StructType); ok {
							for _, fl := range st.Fields.List {
								for _, n := range fl.Names {
									docs["field "+s.Name.Name+"."+n.Name] = fl.Doc.Text()
								}
							}
						}
					case *ast.ValueSpec:
						for _, n := range s.Names {
							docs["value "+n.Name] = d.Doc.Text() + s.Doc.Text()
						}
					case *ast.ImportSpec:
						docs["import "+s.Path.Value] = d.Doc.Text() + s.Doc.Text()
					}
				}
			}
		}
	}
	b, _ := json.Marshal(out)
	fmt.Println(string(b))
}

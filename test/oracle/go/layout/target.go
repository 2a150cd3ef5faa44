// Package layout computes struct layouts the way the gc compiler does, by
// type-checking Go packages per target with go/types and
// types.SizesFor("gc", goarch). It is the ground truth of the project's Go
// layout tests.
package layout

import (
	"fmt"
	"go/build"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Target is a GOOS/GOARCH pair, printed as "linux/arm64".
type Target struct {
	GOOS, GOARCH string
}

func (t Target) String() string { return t.GOOS + "/" + t.GOARCH }

// ParseTargets parses "linux/arm64,linux/amd64".
func ParseTargets(s string) ([]Target, error) {
	var out []Target
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		goos, goarch, ok := strings.Cut(part, "/")
		if !ok || goos == "" || goarch == "" {
			return nil, fmt.Errorf("bad target %q (want GOOS/GOARCH)", part)
		}
		out = append(out, Target{goos, goarch})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no targets")
	}
	return out, nil
}

// buildContext returns the go/build context the go command itself would use
// for the target with cgo disabled. The tool tags (goexperiment.*, arm.7,
// ...) depend on GOARCH, so they are asked from the go command; build.Default
// only knows the host's.
func buildContext(t Target) build.Context {
	ctx := build.Default
	ctx.GOOS, ctx.GOARCH = t.GOOS, t.GOARCH
	ctx.CgoEnabled = false
	ctx.GOPATH = "" // packages of the module are resolved by the loader itself
	ctx.Dir = ""
	if tags, err := goToolTags(t); err == nil {
		ctx.ToolTags = tags
	} else {
		// Keep the GOARCH-independent experiment tags only.
		var keep []string
		for _, tag := range build.Default.ToolTags {
			if strings.HasPrefix(tag, "goexperiment.") && !strings.Contains(tag, "regabi") {
				keep = append(keep, tag)
			}
		}
		ctx.ToolTags = keep
	}
	return ctx
}

func goToolTags(t Target) ([]string, error) {
	cmd := exec.Command(filepath.Join(build.Default.GOROOT, "bin", "go"), "list", "-e", "-f", "{{join context.ToolTags \" \"}}", "unsafe")
	cmd.Dir = os.TempDir()
	cmd.Env = append(os.Environ(), "GOOS="+t.GOOS, "GOARCH="+t.GOARCH, "CGO_ENABLED=0", "GOFLAGS=", "GO111MODULE=")
	out, err := cmd.Output()
	if err != nil {
		return nil, err
	}
	return strings.Fields(string(out)), nil
}

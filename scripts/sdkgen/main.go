// Command sdkgen writes the SDKs of the tencent-chat plugin from its package schema, with the code
// generators Pulumi's language hosts call for `pulumi package gen-sdk` (pkg/codegen/python, go,
// nodejs at the release in go.mod). The language hosts themselves cannot be built here (their Go
// modules have no release tags the module proxy serves), so this program plays their part: it binds
// the schema as they do and writes each generator's files under <out>/<language>.
//
//	sdkgen -schema schema.json -out sdk [-languages python,go,nodejs]
//
// The tool names passed to the generators are the language hosts' own, so the files are the ones
// `pulumi package gen-sdk` writes and a later switch to it changes nothing.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"

	"github.com/blang/semver"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"golang.org/x/mod/modfile"
)

// noReferences is the loader for a schema that refers to no other package: any lookup is a bug in
// the schema, reported by name rather than fetched.
type noReferences struct{}

func (noReferences) LoadPackage(pkg string, _ *semver.Version) (*schema.Package, error) {
	return nil, fmt.Errorf("the schema refers to package %q; the tencent-chat schema must stand alone", pkg)
}

func (l noReferences) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return l.LoadPackage(d.Name, nil)
}

func (l noReferences) LoadPackageReference(pkg string, v *semver.Version) (schema.PackageReference, error) {
	_, err := l.LoadPackage(pkg, v)
	return nil, err
}

func (l noReferences) LoadPackageReferenceV2(
	_ context.Context, d *schema.PackageDescriptor,
) (schema.PackageReference, error) {
	return l.LoadPackageReference(d.Name, nil)
}

// bind validates the schema as `pulumi package gen-sdk` does before it hands it to a language host.
// Each generator gets its own binding: they record their language options on the package.
func bind(spec schema.PackageSpec) (*schema.Package, error) {
	pkg, diags, err := schema.BindSpec(spec, noReferences{}, schema.ValidationOptions{})
	if err != nil {
		return nil, err
	}
	if diags.HasErrors() {
		return nil, errors.New(diags.Error())
	}
	return pkg, nil
}

type generator func(pkg *schema.Package) (map[string][]byte, error)

var generators = map[string]generator{
	"python": func(pkg *schema.Package) (map[string][]byte, error) {
		return python.GeneratePackage("pulumi-language-python", pkg, nil, noReferences{})
	},
	"go": func(pkg *schema.Package) (map[string][]byte, error) {
		files, err := gogen.GeneratePackage("pulumi-language-go", pkg, nil)
		if err != nil {
			return nil, err
		}
		return files, pinGoSDK(files)
	},
	"nodejs": func(pkg *schema.Package) (map[string][]byte, error) {
		return nodejs.GeneratePackage("pulumi-language-nodejs", pkg, nil, nil, false, noReferences{})
	},
}

// pinGoSDK makes the Go SDK's go.mod require the Pulumi Go SDK this program is built with (the
// generator writes an older floor that the module proxy here does not serve), so the SDK builds
// against the release the rest of the repository uses.
func pinGoSDK(files map[string][]byte) error {
	const sdk = "github.com/pulumi/pulumi/sdk/v3"
	text, ok := files["go.mod"]
	if !ok {
		return errors.New("the Go generator wrote no go.mod (is meta.supportPack set in the schema?)")
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return errors.New("no build information to read the Pulumi Go SDK version from")
	}
	version := ""
	for _, dep := range info.Deps {
		if dep.Path == sdk {
			version = dep.Version
		}
	}
	mod, err := modfile.Parse("go.mod", text, nil)
	if err != nil {
		return err
	}
	if err := mod.AddRequire(sdk, version); err != nil {
		return err
	}
	out, err := mod.Format()
	if err != nil {
		return err
	}
	files["go.mod"] = out
	return nil
}

func write(dir string, files map[string][]byte) error {
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		target := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(target, files[name], 0o644); err != nil {
			return err
		}
	}
	return nil
}

func run() error {
	schemaFile := flag.String("schema", "", "the package schema (JSON), as the plugin's GetSchema serves it")
	out := flag.String("out", "", "the folder that receives one sub-folder per language")
	languages := flag.String("languages", "python,go,nodejs", "comma-separated languages to generate")
	flag.Parse()
	if *schemaFile == "" || *out == "" {
		return errors.New("usage: sdkgen -schema <schema.json> -out <dir> [-languages python,go,nodejs]")
	}
	text, err := os.ReadFile(*schemaFile)
	if err != nil {
		return err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(text, &spec); err != nil {
		return fmt.Errorf("%s: %w", *schemaFile, err)
	}
	for _, language := range strings.Split(*languages, ",") {
		generate, ok := generators[language]
		if !ok {
			return fmt.Errorf("no generator for %q (have python, go, nodejs)", language)
		}
		pkg, err := bind(spec)
		if err != nil {
			return fmt.Errorf("binding the schema: %w", err)
		}
		files, err := generate(pkg)
		if err != nil {
			return fmt.Errorf("%s: %w", language, err)
		}
		dir := filepath.Join(*out, language)
		if err := os.RemoveAll(dir); err != nil {
			return err
		}
		if err := write(dir, files); err != nil {
			return err
		}
		fmt.Printf("%s: %d files in %s\n", language, len(files), dir)
	}
	return nil
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "sdkgen:", err)
		os.Exit(1)
	}
}

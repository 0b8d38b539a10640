// Command codegen-host is the code-generation half of Pulumi's language hosts for Node.js, Python
// and Go: GeneratePackage (`pulumi package gen-sdk`) for all three and GenerateProgram (`pulumi
// import`, `pulumi convert`) for Node.js. The released hosts (pulumi-language-nodejs, -python, -go)
// are Go modules without release tags, and the module proxy here refuses all of their
// pseudo-versions, so they cannot be built. Their code-generation methods are thin wrappers over
// pkg/codegen; this program is those wrappers, the same calls in the same order, against pkg/v3 at
// the CLI's own release (go.mod), so the files are what the released hosts write.
//
// One binary serves the language its name says: it is installed as pulumi-language-nodejs,
// pulumi-language-python and pulumi-language-go (links to one file). It runs no programs: every
// other LanguageRuntime method answers Unimplemented. Programs run through each SDK's own language
// server (scripts/pulumi-cli/node-program.ts, python-program.py, go-program.ts).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	hclsyntax "github.com/pulumi/pulumi/pkg/v3/codegen/hcl2/syntax"
	"github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/pcl"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"
)

// version is set by the linker to the pkg/v3 release the generators come from.
var version = "dev"

type host struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	language string
}

func (h host) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version}, nil
}

// Handshake is accepted so the engine need not fall back; there is no program to health-check for.
func (host) Handshake(context.Context, *pulumirpc.LanguageHandshakeRequest) (*pulumirpc.LanguageHandshakeResponse, error) {
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

// generators are the released hosts' GeneratePackage calls, tool name included (it is written into
// the files' headers).
var generators = map[string]func(req *pulumirpc.GeneratePackageRequest, pkg *schema.Package, loader schema.ReferenceLoader) (map[string][]byte, error){
	"nodejs": func(req *pulumirpc.GeneratePackageRequest, pkg *schema.Package, loader schema.ReferenceLoader) (map[string][]byte, error) {
		return nodejs.GeneratePackage("pulumi-language-nodejs", pkg, req.ExtraFiles, req.LocalDependencies, req.Local, loader)
	},
	"python": func(req *pulumirpc.GeneratePackageRequest, pkg *schema.Package, loader schema.ReferenceLoader) (map[string][]byte, error) {
		return python.GeneratePackage("pulumi-language-python", pkg, req.ExtraFiles, loader)
	},
	"go": func(req *pulumirpc.GeneratePackageRequest, pkg *schema.Package, _ schema.ReferenceLoader) (map[string][]byte, error) {
		if len(req.ExtraFiles) > 0 {
			return nil, errors.New("overlays are not supported for Go")
		}
		return gogen.GeneratePackage("pulumi-language-go", pkg, req.LocalDependencies)
	},
}

// GeneratePackage binds the schema as the released hosts do (dangling references allowed), runs the
// language's generator and writes its files under the requested directory.
func (h host) GeneratePackage(
	_ context.Context, req *pulumirpc.GeneratePackageRequest,
) (*pulumirpc.GeneratePackageResponse, error) {
	loader, err := schema.NewLoaderClient(req.LoaderTarget)
	if err != nil {
		return nil, err
	}
	defer loader.Close()

	var spec schema.PackageSpec
	if err := json.Unmarshal([]byte(req.Schema), &spec); err != nil {
		return nil, err
	}
	pkg, diags, err := schema.BindSpec(spec, schema.NewCachedLoader(loader), schema.ValidationOptions{
		AllowDanglingReferences: true,
	})
	if err != nil {
		return nil, err
	}
	rpcDiagnostics := plugin.HclDiagnosticsToRPCDiagnostics(diags)
	if diags.HasErrors() {
		return &pulumirpc.GeneratePackageResponse{Diagnostics: rpcDiagnostics}, nil
	}
	files, err := generators[h.language](req, pkg, schema.NewCachedLoader(loader))
	if err != nil {
		return nil, err
	}
	for filename, data := range files {
		outPath := filepath.Join(req.Directory, filename)
		if err := os.MkdirAll(filepath.Dir(outPath), 0o700); err != nil {
			return nil, fmt.Errorf("could not create output directory %s: %w", filepath.Dir(filename), err)
		}
		if err := os.WriteFile(outPath, data, 0o600); err != nil {
			return nil, fmt.Errorf("could not write output file %s: %w", filename, err)
		}
	}
	return &pulumirpc.GeneratePackageResponse{Diagnostics: rpcDiagnostics}, nil
}

// GenerateProgram follows the released Node.js host's method step by step (parse every file, bind
// with output-versioned invokes and the non-strict options unless asked to be strict, generate for
// the "nodejs" runtime), so its diagnostics and files are the released host's.
func (h host) GenerateProgram(
	_ context.Context, req *pulumirpc.GenerateProgramRequest,
) (*pulumirpc.GenerateProgramResponse, error) {
	if h.language != "nodejs" {
		return nil, status.Errorf(codes.Unimplemented, "this build generates programs for nodejs only, not %s", h.language)
	}
	loader, err := schema.NewLoaderClient(req.LoaderTarget)
	if err != nil {
		return nil, err
	}
	defer loader.Close()

	parser := hclsyntax.NewParser()
	for path, contents := range req.Source {
		if err := parser.ParseFile(strings.NewReader(contents), path); err != nil {
			return nil, err
		}
		if parser.Diagnostics.HasErrors() {
			return nil, parser.Diagnostics
		}
	}

	bindOptions := []pcl.BindOption{pcl.PreferOutputVersionedInvokes}
	if !req.Strict {
		bindOptions = append(bindOptions, pcl.NonStrictBindOptions()...)
	}
	program, diags, err := pcl.BindProgram(parser.Files, schema.NewCachedLoader(loader), bindOptions...)
	if err != nil {
		return nil, err
	}
	rpcDiagnostics := plugin.HclDiagnosticsToRPCDiagnostics(diags)
	if diags.HasErrors() {
		return &pulumirpc.GenerateProgramResponse{Diagnostics: rpcDiagnostics}, nil
	}
	if program == nil {
		return nil, errors.New("internal error program was nil")
	}

	files, diags, err := nodejs.GenerateProgramWithOptions(program, nodejs.ProgramOptions{Runtime: "nodejs"})
	if err != nil {
		return nil, err
	}
	return &pulumirpc.GenerateProgramResponse{
		Source:      files,
		Diagnostics: append(rpcDiagnostics, plugin.HclDiagnosticsToRPCDiagnostics(diags)...),
	}, nil
}

func main() {
	// The name it was started by says the language: pulumi-language-<language>.
	name := filepath.Base(os.Args[0])
	language := strings.TrimPrefix(name, "pulumi-language-")
	if _, ok := generators[language]; !ok || language == name {
		fmt.Fprintf(os.Stderr, "%s: start me as pulumi-language-nodejs, -python or -go\n", name)
		os.Exit(2)
	}
	// The engine passes its own address last, and perhaps flags before it; none is needed here.
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, host{language: language})
			return nil
		},
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "could not start the language host's gRPC server: %v\n", err)
		os.Exit(1)
	}
	// The engine reads the port from the first line of stdout.
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "the language host stopped serving: %v\n", err)
		os.Exit(1)
	}
}

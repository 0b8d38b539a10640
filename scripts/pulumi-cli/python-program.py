"""
`python python-program.py <__main__.py> -- <pulumi arguments...>`: runs the real `pulumi` (first on
PATH) with a Python program served by the Pulumi Python SDK's own language server, the one its
Automation API starts for inline programs, over the CLI's `--client` flag.

Why not `runtime: python` and the CLI's own `pulumi-language-python`: that host is a Go module
published only at commit pseudo-versions, none of which the module proxy serves here (see
build.ts). Everything else is the real thing: the engine, its plan, state and checkpoints, the
provider plugins it launches, and the SDK's program runtime. The program itself runs as
`pulumi-language-python-exec` runs it: `runpy.run_path(..., run_name="__main__")` inside the SDK's
stack, with the program's folder first on sys.path and as the working directory.

The arguments mirror `pulumi.automation`'s (`_stack.py`): `--client=127.0.0.1:<port>` and
`--exec-kind auto.inline`.
"""

import os
import runpy
import subprocess
import sys
from concurrent import futures

import grpc
from pulumi.automation._server import LanguageServer
from pulumi.runtime._grpc_settings import _GRPC_CHANNEL_OPTIONS
from pulumi.runtime.proto import language_pb2_grpc


def usage() -> "None":
    print("Usage: python python-program.py <__main__.py> -- <pulumi arguments...>", file=sys.stderr)
    sys.exit(2)


def main() -> int:
    if len(sys.argv) < 3 or sys.argv[2] != "--":
        usage()
    program = os.path.abspath(sys.argv[1])
    pulumi_args = sys.argv[3:]
    program_dir = os.path.dirname(program)
    sys.path.insert(0, program_dir)

    def run() -> None:
        # The engine may Run the program more than once per command (`up` previews, then
        # updates): each Run executes the file afresh, as a new interpreter would.
        runpy.run_path(program, run_name="__main__")

    # The server exactly as the Automation API builds it (pulumi/automation/_stack.py).
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4), options=_GRPC_CHANNEL_OPTIONS)
    language_pb2_grpc.add_LanguageRuntimeServicer_to_server(LanguageServer(run), server)
    port = server.add_insecure_port(address="127.0.0.1:0")
    server.start()
    try:
        args = ["pulumi", *pulumi_args, f"--client=127.0.0.1:{port}", "--exec-kind", "auto.inline"]
        try:
            return subprocess.call(args, cwd=os.getcwd())
        except FileNotFoundError as error:
            print(f"could not run pulumi: {error}", file=sys.stderr)
            return 127
    finally:
        server.stop(0)


if __name__ == "__main__":
    sys.exit(main())

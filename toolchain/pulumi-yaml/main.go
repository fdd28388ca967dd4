// pulumi-language-yaml for the end-to-end tests: the Pulumi YAML language host of github.com/pulumi/pulumi-yaml
// v1.25.0 (its pkg/server), started the way its own cmd/pulumi-language-yaml starts it, except for one
// choice: schemas are loaded through the engine's loader (the LoaderTarget of each request), not by a
// plugin host of the host's own. That plugin host comes from the v3.206.0 engine packages this host is
// built with; it starts a source-based plugin's language host with `-root=<dir>`, which the v3.248.0
// Node.js host refuses ("flag provided but not defined: -root"), so a YAML program could not use a
// component package written in TypeScript (components/). The engine's loader is the v3.248.0 one.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"time"

	"github.com/pulumi/pulumi-yaml/pkg/server"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/cmdutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/logging"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
)

func main() {
	var tracing, root, compiler string
	flag.StringVar(&tracing, "tracing", "", "Zipkin-compatible endpoint to send traces to")
	// Accepted for the engines that still pass them; the engine sends the root in each request.
	flag.StringVar(&root, "root", "", "ignored: the engine names the program root in every request")
	flag.StringVar(&compiler, "compiler", "", "ignored: no longer used by any engine")
	flag.Parse()
	logging.InitLogging(false, 0, false)
	cmdutil.InitTracing("pulumi-language-yaml", "pulumi-language-yaml", tracing)

	var engineAddress string
	var cancel chan bool
	if args := flag.Args(); len(args) > 0 {
		engineAddress = args[0]
		var err error
		if cancel, err = cancelWhenEngineGoes(engineAddress); err != nil {
			cmdutil.Exit(fmt.Errorf("watching the engine: %w", err))
		}
	}

	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: cancel,
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, server.NewLanguageHost(engineAddress, tracing, true /* useRPCLoader */))
			return nil
		},
	})
	if err != nil {
		cmdutil.Exit(fmt.Errorf("serving the language host: %w", err))
	}
	// The engine reads the port from the first line of output.
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		cmdutil.Exit(fmt.Errorf("the language host stopped: %w", err))
	}
}

// cancelWhenEngineGoes closes the returned channel when the engine stops answering health checks or
// the process gets an interrupt, which stops the server.
func cancelWhenEngineGoes(engineAddress string) (chan bool, error) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	cancel := make(chan bool)
	go func() {
		<-ctx.Done()
		stop()
		close(cancel)
	}()
	if err := rpcutil.Healthcheck(ctx, engineAddress, 5*time.Minute, stop); err != nil {
		return nil, err
	}
	return cancel, nil
}

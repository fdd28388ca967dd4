//go:build tools

// Package tools names the one program this module exists to build: the newest Pulumi CLI the
// Go module proxy serves, tested beside the pinned one (toolchain/pulumi-cli).
package tools

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"

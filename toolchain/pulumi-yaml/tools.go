//go:build tools

// Package tools names the one program this module exists to build.
package tools

import _ "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml"

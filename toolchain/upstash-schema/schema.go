// Copied beside the Upstash provider's main.go by scripts/toolchain.sh. Upstream generates
// this file at release time from schema.json with the release version written into it; this
// does the same when the provider starts, so the schema it serves names the version it was
// built as (set with -ldflags on pkg/version.Version).
package main

import (
	_ "embed"
	"encoding/json"

	"github.com/upstash/pulumi-upstash/provider/pkg/version"
)

//go:embed schema.json
var unversionedSchema []byte

var pulumiSchema = withVersion(unversionedSchema, version.Version)

func withVersion(schema []byte, v string) []byte {
	var spec map[string]json.RawMessage
	if err := json.Unmarshal(schema, &spec); err != nil {
		panic("schema.json: " + err.Error())
	}
	quoted, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	spec["version"] = quoted
	versioned, err := json.Marshal(spec)
	if err != nil {
		panic(err)
	}
	return versioned
}

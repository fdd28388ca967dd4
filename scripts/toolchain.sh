#!/usr/bin/env bash
# Obtain the real Pulumi toolchain the end-to-end tests need, pinned and idempotent,
# using no network but the Go module proxy.
#
#   scripts/toolchain.sh          ensure everything is built and installed (default)
#   scripts/toolchain.sh env      ensure, then print `export ...` lines for a shell
#   scripts/toolchain.sh json     ensure, then print {"binDir","pulumi","env":{...}} as JSON
#
# What it provides (details, timings and reasons: docs/toolchain.md):
#   $CACHE/bin/pulumi                  the Pulumi CLI/engine v3.248.0, built from
#                                      github.com/pulumi/pulumi/pkg/v3 (toolchain/pulumi-cli)
#   $CACHE/cli-v3.276.0/bin/pulumi     the newest CLI the Go module proxy serves, v3.276.0
#                                      (toolchain/pulumi-cli-newest), with the language hosts
#                                      above linked beside it
#   $CACHE/bin/pulumi-language-nodejs  the real Node.js language host v3.248.0, built from
#                                      $UPSTREAM/pulumi-language-nodejs
#   $CACHE/bin/pulumi-language-yaml    the Pulumi YAML language host v1.25.0 (toolchain/pulumi-yaml)
#   $CACHE/pulumi-home                 PULUMI_HOME with the real resource plugins upstash 0.5.0
#                                      and vercel 5.4.1 installed, built from $UPSTREAM, and
#                                      kubernetes (a commit of pulumi-kubernetes v4, Go module proxy)
#
# Environment:
#   UPSTASH_GUARD_UPSTREAM         folder with the public plugin sources (default ../shared/upstream
#                                  beside the repository)
#   UPSTASH_GUARD_TOOLCHAIN        cache folder (default ${XDG_CACHE_HOME:-~/.cache}/upstash-guard/toolchain)
#   UPSTASH_GUARD_BUILD_PULUMI=1   build the CLI even if a suitable `pulumi` is on PATH
#   UPSTASH_GUARD_TOOLCHAIN_QUIET=1  print nothing when everything is already there
set -euo pipefail

PULUMI_VERSION=3.248.0          # must match @pulumi/pulumi in package-lock.json
PULUMI_NEWEST_VERSION=3.276.0   # the newest CLI tested too; must match toolchain/pulumi-cli-newest/go.mod
UPSTASH_PROVIDER_VERSION=0.5.0  # matches @upstash/pulumi@0.5.0
VERCEL_PROVIDER_VERSION=5.4.1   # matches @pulumiverse/vercel@5.4.1
# The Kubernetes provider is served by the Go module proxy at this commit only (no tagged version).
KUBERNETES_PROVIDER_MODULE=github.com/pulumi/pulumi-kubernetes/provider/v4
KUBERNETES_PROVIDER_VERSION=4.0.0-20260115033456-f47bc2d6f199
PULUMI_MIN_VERSION=3.248.0      # oldest user-installed CLI we accept
RECIPE=2                        # bump to invalidate every stamp

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$SCRIPT_DIR/.." && pwd)
OWN_GO=$REPO/toolchain
UPSTREAM=${UPSTASH_GUARD_UPSTREAM:-$REPO/../shared/upstream}
[ -d "$UPSTREAM" ] && UPSTREAM=$(cd "$UPSTREAM" && pwd)

CACHE=${UPSTASH_GUARD_TOOLCHAIN:-${XDG_CACHE_HOME:-$HOME/.cache}/upstash-guard/toolchain}
BIN=$CACHE/bin
PROVIDERS=$CACHE/providers
STAMPS=$CACHE/stamps
LOGS=$CACHE/logs
SRC=$CACHE/src
export PULUMI_HOME=$CACHE/pulumi-home
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export PULUMI_IGNORE_AMBIENT_PLUGINS=true
export CGO_ENABLED=0
export GOFLAGS="-buildvcs=false"

QUIET=${UPSTASH_GUARD_TOOLCHAIN_QUIET:-}
did_work=0
say() { printf 'toolchain: %s\n' "$*" >&2; }
note() { [ -n "$QUIET" ] || say "$@"; }
die() { say "ERROR: $*"; exit 1; }

stamp_ok() { # name key -> success when the stamp holds exactly key
	[ -f "$STAMPS/$1" ] && [ "$(cat "$STAMPS/$1")" = "$2" ]
}
stamp_set() { printf '%s\n' "$2" >"$STAMPS/$1"; }

version_ge() { # A >= B for plain x.y.z versions
	[ "$(printf '%s\n%s\n' "$1" "$2" | sort -t. -k1,1n -k2,2n -k3,3n | head -n1)" = "$2" ]
}

tree_hash() { # folder... -> one hash of every file's path and content
	local d
	for d in "$@"; do
		(cd "$d" && find . -type f -print0 | sort -z | xargs -0 sha256sum)
	done | sha256sum | cut -c1-16
}

# Run a long command quietly, its output going to a log; show the tail on failure.
run_logged() { # log cmd...
	local log=$1 start rc=0
	shift
	start=$(date +%s)
	nice -n 10 "$@" >>"$log" 2>&1 || rc=$?
	if [ "$rc" -ne 0 ]; then
		say "command failed (exit $rc): $*"
		tail -n 40 "$log" >&2
		die "see $log"
	fi
	say "  done in $(($(date +%s) - start))s"
}

need_tools() {
	command -v go >/dev/null 2>&1 || die "go is required (Go >= 1.25 at /usr/local/go or on PATH)"
	command -v node >/dev/null 2>&1 || die "node is required"
}

need_upstream() { # folder...
	local d
	for d in "$@"; do
		[ -d "$UPSTREAM/$d" ] || die "the real plugin sources are missing: $UPSTREAM/$d not found. Set UPSTASH_GUARD_UPSTREAM to the folder that holds pulumi-language-nodejs/, pulumi-upstash/, pulumi-vercel/, terraform-provider-upstash/ and terraform-provider-vercel/ (by default ../shared/upstream beside the repository)."
	done
}

# A writable copy of upstream folders under $SRC/<name> (the shared folder is read-only).
fresh_copy() { # name upstream-folder...
	local dest=$SRC/$1 d
	shift
	rm -rf "$dest"
	mkdir -p "$dest"
	for d in "$@"; do
		cp -R "$UPSTREAM/$d" "$dest/"
	done
	chmod -R u+w "$dest"
}

# --- 1. the Pulumi CLI -----------------------------------------------------------
PULUMI_DIR=""  # directory whose pulumi + pulumi-language-nodejs the tests use

use_existing_pulumi() {
	[ "${UPSTASH_GUARD_BUILD_PULUMI:-0}" = 1 ] && return 1
	local p dir v
	p=$(command -v pulumi 2>/dev/null) || return 1
	dir=$(cd "$(dirname "$p")" && pwd)
	[ "$dir" = "$BIN" ] && return 1
	[ -x "$dir/pulumi-language-nodejs" ] && [ -x "$dir/pulumi-language-yaml" ] || {
		note "ignoring $p: no pulumi-language-nodejs and pulumi-language-yaml next to it"
		return 1
	}
	v=$("$p" version 2>/dev/null | sed 's/^v//; s/[-+].*//') || return 1
	version_ge "$v" "$PULUMI_MIN_VERSION" || {
		note "ignoring $p: version $v < $PULUMI_MIN_VERSION"
		return 1
	}
	PULUMI_DIR=$dir
	note "using existing pulumi $v at $p (set UPSTASH_GUARD_BUILD_PULUMI=1 to build v$PULUMI_VERSION instead)"
}

ensure_cli() {
	local key="pulumi v$PULUMI_VERSION recipe$RECIPE $(tree_hash "$OWN_GO/pulumi-cli")"
	if stamp_ok pulumi "$key" && [ -x "$BIN/pulumi" ]; then
		return
	fi
	need_tools
	say "building the Pulumi CLI v$PULUMI_VERSION from github.com/pulumi/pulumi/pkg/v3 (cold: about 6 min; log: $LOGS/pulumi.log)"
	(cd "$OWN_GO/pulumi-cli" && run_logged "$LOGS/pulumi.log" \
		go build -tags osusergo,grpcnotrace \
		-ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION" \
		-o "$BIN/pulumi.tmp" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi)
	mv -f "$BIN/pulumi.tmp" "$BIN/pulumi"
	stamp_set pulumi "$key"
	did_work=1
}

# --- 1b. the newest CLI --------------------------------------------------------------
# Teams run newer CLIs than the pinned one. A release bundles its own language hosts, but the
# proxy refuses the Node.js host by name, so the newest CLI runs with the hosts built here,
# linked beside it (the CLI looks for bundled hosts next to itself first).
NEWEST_DIR=$CACHE/cli-v$PULUMI_NEWEST_VERSION/bin

ensure_cli_newest() { # hosts-dir
	local key="pulumi v$PULUMI_NEWEST_VERSION recipe$RECIPE $(tree_hash "$OWN_GO/pulumi-cli-newest")" host
	grep -q "github.com/pulumi/pulumi/pkg/v3 v$PULUMI_NEWEST_VERSION\$" "$OWN_GO/pulumi-cli-newest/go.mod" ||
		die "PULUMI_NEWEST_VERSION=$PULUMI_NEWEST_VERSION does not match toolchain/pulumi-cli-newest/go.mod"
	mkdir -p "$NEWEST_DIR"
	if ! { stamp_ok pulumi-newest "$key" && [ -x "$NEWEST_DIR/pulumi" ]; }; then
		need_tools
		say "building the newest Pulumi CLI v$PULUMI_NEWEST_VERSION from github.com/pulumi/pulumi/pkg/v3 (cold: about 7 min; log: $LOGS/pulumi-newest.log)"
		: >"$LOGS/pulumi-newest.log"
		(cd "$OWN_GO/pulumi-cli-newest" && run_logged "$LOGS/pulumi-newest.log" \
			go build -tags osusergo,grpcnotrace \
			-ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_NEWEST_VERSION" \
			-o "$NEWEST_DIR/pulumi.tmp" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi)
		mv -f "$NEWEST_DIR/pulumi.tmp" "$NEWEST_DIR/pulumi"
		stamp_set pulumi-newest "$key"
		did_work=1
	fi
	for host in pulumi-language-nodejs pulumi-language-yaml; do
		ln -sfn "$1/$host" "$NEWEST_DIR/$host"
	done
}

# --- 2. the real Node.js language host ---------------------------------------------
# Its go.mod replaces pkg/v3 and sdk/v3 with monorepo paths; outside the monorepo both come
# from the module proxy at the CLI's version.
ensure_langhost() {
	need_upstream pulumi-language-nodejs
	local key="langhost v$PULUMI_VERSION recipe$RECIPE $(tree_hash "$UPSTREAM/pulumi-language-nodejs")"
	if stamp_ok langhost "$key" && [ -x "$BIN/pulumi-language-nodejs" ]; then
		return
	fi
	need_tools
	say "building the real pulumi-language-nodejs v$PULUMI_VERSION from $UPSTREAM/pulumi-language-nodejs (log: $LOGS/langhost.log)"
	fresh_copy langhost pulumi-language-nodejs
	local dir=$SRC/langhost/pulumi-language-nodejs
	: >"$LOGS/langhost.log"
	(cd "$dir" &&
		go mod edit -dropreplace github.com/pulumi/pulumi/pkg/v3 -dropreplace github.com/pulumi/pulumi/sdk/v3 \
			-require "github.com/pulumi/pulumi/pkg/v3@v$PULUMI_VERSION" -require "github.com/pulumi/pulumi/sdk/v3@v$PULUMI_VERSION" &&
		run_logged "$LOGS/langhost.log" go mod tidy &&
		run_logged "$LOGS/langhost.log" go build -tags osusergo,grpcnotrace \
			-ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION" \
			-o "$BIN/pulumi-language-nodejs.tmp" .)
	mv -f "$BIN/pulumi-language-nodejs.tmp" "$BIN/pulumi-language-nodejs"
	stamp_set langhost "$key"
	did_work=1
}

# --- 2b. the Pulumi YAML language host -----------------------------------------------
# For the YAML twins of the examples and the YAML program of components/. Built from toolchain/pulumi-yaml:
# its main.go serves github.com/pulumi/pulumi-yaml's host (module proxy, with the engine packages it was
# released against) and loads schemas through the engine, which can run a TypeScript component package.
ensure_yamlhost() {
	local key="yamlhost recipe$RECIPE $(tree_hash "$OWN_GO/pulumi-yaml")"
	if stamp_ok yamlhost "$key" && [ -x "$BIN/pulumi-language-yaml" ]; then
		return
	fi
	need_tools
	say "building pulumi-language-yaml from github.com/pulumi/pulumi-yaml (toolchain/pulumi-yaml; log: $LOGS/yamlhost.log)"
	: >"$LOGS/yamlhost.log"
	(cd "$OWN_GO/pulumi-yaml" && run_logged "$LOGS/yamlhost.log" \
		go build -o "$BIN/pulumi-language-yaml.tmp" .)
	mv -f "$BIN/pulumi-language-yaml.tmp" "$BIN/pulumi-language-yaml"
	stamp_set yamlhost "$key"
	did_work=1
}

# --- 3. the real resource providers -------------------------------------------------
# Each bridges a Terraform provider whose module the proxy refuses: the build points the
# bridge's go.mod at the Terraform provider's source beside it.
# build_bridged NAME BRIDGE TF TF_MODULE BRIDGE_MODULE VERSION [OWN_FILE] -> binary in $PROVIDERS:
# copies both sources, adds our own file to the plugin's main package if given, points the bridge at
# the Terraform provider beside it, and builds cmd/pulumi-resource-NAME with its version set (the
# bridged providers panic at start without one).
build_bridged() {
	local name=$1 bridge=$2 tf=$3 tf_module=$4 bridge_module=$5 version=$6 own_file=${7:-}
	local dir=$SRC/$name
	fresh_copy "$name" "$bridge" "$tf"
	[ -z "$own_file" ] || cp "$OWN_GO/$own_file" "$dir/$bridge/provider/cmd/pulumi-resource-$name/"
	(cd "$dir/$bridge/provider" &&
		go mod edit -replace "$tf_module=$dir/$tf" &&
		run_logged "$LOGS/provider-$name.log" env GOFLAGS="$GOFLAGS -mod=mod" go build \
			-ldflags "-X $bridge_module/pkg/version.Version=$version" \
			-o "$PROVIDERS/pulumi-resource-$name" "./cmd/pulumi-resource-$name")
}

build_upstash() { # upstream generates schema.go from schema.json at release time; ours embeds it instead
	build_bridged upstash pulumi-upstash terraform-provider-upstash github.com/upstash/terraform-provider-upstash/v2 \
		github.com/upstash/pulumi-upstash/provider "$UPSTASH_PROVIDER_VERSION" upstash-schema/schema.go
}

build_vercel() {
	build_bridged vercel pulumi-vercel terraform-provider-vercel github.com/vercel/terraform-provider-vercel/v3 \
		github.com/pulumiverse/pulumi-vercel/provider/v3 "$VERCEL_PROVIDER_VERSION"
}

# The real Kubernetes provider, from the Go module proxy: its module is copied out of the module cache
# (its go.mod replaces the SDK with a monorepo path, dropped here for the SDK version it requires),
# and the schema files upstream generates at release time are its own schema.json and mapping, as they are.
build_kubernetes() { # -> binary in $PROVIDERS
	local dir=$SRC/kubernetes module_dir
	module_dir=$(go mod download -json "$KUBERNETES_PROVIDER_MODULE@v$KUBERNETES_PROVIDER_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
	[ -f "$module_dir/go.mod" ] || die "the Go module proxy did not serve $KUBERNETES_PROVIDER_MODULE@v$KUBERNETES_PROVIDER_VERSION"
	rm -rf "$dir"
	mkdir -p "$dir"
	cp -R "$module_dir" "$dir/provider"
	chmod -R u+w "$dir"
	local cmd=$dir/provider/cmd/pulumi-resource-kubernetes
	cp "$cmd/schema.json" "$cmd/schema-embed.json"
	cp "$cmd/terraform-mapping.json" "$cmd/terraform-mapping-embed.json"
	(cd "$dir/provider" &&
		go mod edit -dropreplace github.com/pulumi/pulumi-kubernetes/sdk/v4 &&
		run_logged "$LOGS/provider-kubernetes.log" env GOFLAGS="$GOFLAGS -mod=mod" go build \
			-ldflags "-X $KUBERNETES_PROVIDER_MODULE/pkg/version.Version=$KUBERNETES_PROVIDER_VERSION" \
			-o "$PROVIDERS/pulumi-resource-kubernetes" ./cmd/pulumi-resource-kubernetes)
}

ensure_provider() { # name version [bridge-folder terraform-folder [own-go-folder]]
	local name=$1 ver=$2
	local hashed=()
	if [ -n "${3:-}" ]; then
		need_upstream "$3" "$4"
		hashed=("$UPSTREAM/$3" "$UPSTREAM/$4")
	fi
	[ -n "${5:-}" ] && hashed+=("$OWN_GO/$5")
	local key="provider $name $ver real recipe$RECIPE $([ ${#hashed[@]} -gt 0 ] && tree_hash "${hashed[@]}")"
	local installed="$PULUMI_HOME/plugins/resource-$name-v$ver/pulumi-resource-$name"
	if stamp_ok "provider-$name" "$key" && [ -x "$installed" ]; then
		return
	fi
	if ! { stamp_ok "provider-build-$name" "$key" && [ -x "$PROVIDERS/pulumi-resource-$name" ]; }; then
		need_tools
		local from="the Go module proxy"
		[ -z "${3:-}" ] || from="$UPSTREAM/$3 over $UPSTREAM/$4"
		say "building the real $name provider $ver from $from (log: $LOGS/provider-$name.log)"
		: >"$LOGS/provider-$name.log"
		"build_$name"
		stamp_set "provider-build-$name" "$key"
	fi
	say "installing resource plugin $name $ver into PULUMI_HOME=$PULUMI_HOME"
	rm -rf "$PULUMI_HOME/plugins/resource-$name-v$ver" "$PULUMI_HOME/plugins/resource-$name-v$ver.lock"
	"$PULUMI_DIR/pulumi" plugin install resource "$name" "$ver" --file "$PROVIDERS/pulumi-resource-$name" >"$LOGS/install-$name.log" 2>&1 ||
		{ cat "$LOGS/install-$name.log" >&2; die "plugin install of $name $ver failed"; }
	stamp_set "provider-$name" "$key"
	did_work=1
}

with_lock() {
	if command -v flock >/dev/null 2>&1; then
		exec 9>"$CACHE/.lock"
		flock 9
	fi
}

ensure_all() {
	mkdir -p "$BIN" "$PROVIDERS" "$STAMPS" "$LOGS" "$SRC" "$PULUMI_HOME"
	with_lock
	local start
	start=$(date +%s)
	need_upstream pulumi-language-nodejs pulumi-upstash terraform-provider-upstash pulumi-vercel terraform-provider-vercel
	if ! use_existing_pulumi; then
		ensure_cli
		ensure_langhost
		ensure_yamlhost
		PULUMI_DIR=$BIN
	fi
	ensure_cli_newest "$PULUMI_DIR"
	ensure_provider upstash "$UPSTASH_PROVIDER_VERSION" pulumi-upstash terraform-provider-upstash upstash-schema
	ensure_provider vercel "$VERCEL_PROVIDER_VERSION" pulumi-vercel terraform-provider-vercel
	ensure_provider kubernetes "$KUBERNETES_PROVIDER_VERSION"
	if [ "$did_work" = 1 ] || [ -z "$QUIET" ]; then
		say "ready in $(($(date +%s) - start))s: pulumi $("$PULUMI_DIR/pulumi" version) in $PULUMI_DIR, PULUMI_HOME=$PULUMI_HOME"
	fi
}

print_env() {
	cat <<EOF
export PATH="$PULUMI_DIR:\$PATH"
export PULUMI_HOME="$PULUMI_HOME"
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export PULUMI_IGNORE_AMBIENT_PLUGINS=true
EOF
}

print_json() { # for a Node.js test harness: JSON.parse(execFileSync("bash", [script, "json"]))
	local pinned
	pinned=$("$PULUMI_DIR/pulumi" version | sed 's/^v//')
	printf '{"binDir":"%s","pulumi":"%s/pulumi","version":"%s","newest":{"binDir":"%s","pulumi":"%s/pulumi","version":"%s"},"env":{"PULUMI_HOME":"%s","PULUMI_SKIP_UPDATE_CHECK":"true","PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION":"true","PULUMI_IGNORE_AMBIENT_PLUGINS":"true"}}\n' \
		"$PULUMI_DIR" "$PULUMI_DIR" "$pinned" "$NEWEST_DIR" "$NEWEST_DIR" "$PULUMI_NEWEST_VERSION" "$PULUMI_HOME"
}

main() {
	case "${1:-ensure}" in
	ensure) ensure_all ;;
	env) ensure_all && print_env ;;
	json) ensure_all && print_json ;;
	*) die "usage: $0 [ensure|env|json]" ;;
	esac
}

# Everything above only defines functions: the script is fully read before it runs.
main "$@"
exit

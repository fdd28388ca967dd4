#!/usr/bin/env bash
# Obtain the Pulumi toolchain the end-to-end tests need, pinned and idempotent,
# using no network but the Go module proxy (and npm for the project itself).
#
#   scripts/toolchain.sh          ensure everything is built/installed (default)
#   scripts/toolchain.sh env      ensure, then print `export ...` lines for tests
#   scripts/toolchain.sh json     ensure, then print {"binDir","pulumi","env":{...}} as JSON
#   scripts/toolchain.sh smoke    ensure, then preview a tiny program + policy pack
#
# What it provides (details and reasons: docs/toolchain.md):
#   $CACHE/bin/pulumi                  real Pulumi CLI v3.248.0 built from
#                                      github.com/pulumi/pulumi/pkg/v3@v3.248.0
#   $CACHE/bin/pulumi-language-nodejs  our own minimal Node.js language host
#   $CACHE/pulumi-home                 PULUMI_HOME with the resource plugins
#                                      upstash 0.5.0 and vercel 5.4.1 installed
#                                      (stand-in providers, see docs)
#
# Environment:
#   UPSTASH_GUARD_TOOLCHAIN        cache folder (default ${XDG_CACHE_HOME:-~/.cache}/upstash-guard/toolchain)
#   UPSTASH_GUARD_BUILD_PULUMI=1   build the CLI even if a suitable `pulumi` is on PATH
#   UPSTASH_GUARD_TOOLCHAIN_QUIET=1  print nothing when everything is already there
set -euo pipefail

PULUMI_VERSION=3.248.0          # must match @pulumi/pulumi in package-lock.json
UPSTASH_PROVIDER_VERSION=0.5.0  # matches @upstash/pulumi@0.5.0
VERCEL_PROVIDER_VERSION=5.4.1   # matches @pulumiverse/vercel@5.4.1
PULUMI_MIN_VERSION=3.248.0      # oldest user-installed CLI we accept
RECIPE=1                        # bump to invalidate every stamp

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/lib-toolchain.sh
. "$SCRIPT_DIR/lib-toolchain.sh"

CACHE=${UPSTASH_GUARD_TOOLCHAIN:-${XDG_CACHE_HOME:-$HOME/.cache}/upstash-guard/toolchain}
BIN=$CACHE/bin
PROVIDERS=$CACHE/providers
STAMPS=$CACHE/stamps
LOGS=$CACHE/logs
SRC=$CACHE/src/pulumi-cli-v$PULUMI_VERSION
export PULUMI_HOME=$CACHE/pulumi-home
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export PULUMI_IGNORE_AMBIENT_PLUGINS=true
export CGO_ENABLED=0

QUIET=${UPSTASH_GUARD_TOOLCHAIN_QUIET:-}
did_work=0
say() { printf 'toolchain: %s\n' "$*" >&2; }
note() { [ -n "$QUIET" ] || say "$@"; }
die() { say "ERROR: $*"; exit 1; }

stamp_ok() { # name key -> success when the stamp holds exactly key
	[ -f "$STAMPS/$1" ] && [ "$(cat "$STAMPS/$1")" = "$2" ]
}
stamp_set() { printf '%s\n' "$2" >"$STAMPS/$1"; }

# version_ge A B: A >= B for plain x.y.z versions
version_ge() {
	[ "$(printf '%s\n%s\n' "$1" "$2" | sort -t. -k1,1n -k2,2n -k3,3n | head -n1)" = "$2" ]
}

# Run a long command quietly, its output going to a log; show the tail on failure.
run_logged() { # log cmd...
	local log=$1 start rc=0
	shift
	start=$(date +%s)
	nice -n 10 "$@" >"$log" 2>&1 || rc=$?
	if [ "$rc" -ne 0 ]; then
		say "command failed (exit $rc): $*"
		tail -n 40 "$log" >&2
		die "see $log"
	fi
	say "  done in $(($(date +%s) - start))s"
}

need_go() {
	command -v go >/dev/null 2>&1 || die "go is required (Go >= 1.25 at /usr/local/go or on PATH)"
	command -v node >/dev/null 2>&1 || die "node is required"
}

src_hash() { # hash of the generated Go sources + recipe, to key the small builds
	{
		declare -f tc_write_langhost_src tc_write_stub_provider_src
		echo "$RECIPE"
	} | sha256sum | cut -c1-16
}

# --- the wrapper module --------------------------------------------------------
# pkg/v3's go.mod has `replace github.com/pulumi/pulumi/sdk/v3 => ../sdk`, so
# `go install pkg/v3/cmd/pulumi@v3.248.0` refuses it. Instead a small generated
# module requires pkg/v3 and sdk/v3 at the same version and copies pkg's
# non-local replace lines; `go mod tidy` completes the requirements.
ensure_wrapper_module() {
	local key="wrapper v$PULUMI_VERSION recipe$RECIPE $(src_hash)"
	if stamp_ok wrapper "$key" && [ -f "$SRC/go.sum" ]; then
		return
	fi
	need_go
	say "preparing Go wrapper module in $SRC (requires github.com/pulumi/pulumi/pkg/v3@v$PULUMI_VERSION, sdk/v3@v$PULUMI_VERSION)"
	mkdir -p "$SRC"
	local pkgdir sdkdir
	pkgdir=$(GOFLAGS=-mod=mod go mod download -json "github.com/pulumi/pulumi/pkg/v3@v$PULUMI_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
	sdkdir=$(GOFLAGS=-mod=mod go mod download -json "github.com/pulumi/pulumi/sdk/v3@v$PULUMI_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
	[ -f "$pkgdir/go.mod" ] && [ -f "$sdkdir/go.mod" ] || die "could not download pulumi pkg/sdk v$PULUMI_VERSION from the Go module proxy"
	local gover
	gover=$(sed -n 's/^go \([0-9.]*\)$/\1/p' "$pkgdir/go.mod" | head -n1)
	{
		echo "module upstash-guard.local/pulumi-toolchain"
		echo
		echo "go ${gover:-1.25}"
		echo
		echo "require ("
		echo "	github.com/pulumi/pulumi/pkg/v3 v$PULUMI_VERSION"
		echo "	github.com/pulumi/pulumi/sdk/v3 v$PULUMI_VERSION"
		echo ")"
		echo
		grep -E '^replace ' "$pkgdir/go.mod" | grep -vE '=>[[:space:]]*\.' || true
	} >"$SRC/go.mod"
	cat "$pkgdir/go.sum" "$sdkdir/go.sum" | sort -u >"$SRC/go.sum"
	cat >"$SRC/tools.go" <<'EOF'
//go:build tools

package tools

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
EOF
	tc_write_langhost_src "$SRC/cmd/pulumi-language-nodejs/main.go"
	tc_write_stub_provider_src "$SRC/cmd/stub-provider/main.go"
	(cd "$SRC" && run_logged "$LOGS/go-mod-tidy.log" env GOFLAGS=-mod=mod go mod tidy)
	stamp_set wrapper "$key"
}

# --- 1. the Pulumi CLI -----------------------------------------------------------
PULUMI_DIR=""  # directory whose pulumi + pulumi-language-nodejs the tests use

use_existing_pulumi() {
	[ "${UPSTASH_GUARD_BUILD_PULUMI:-0}" = 1 ] && return 1
	local p dir v
	p=$(command -v pulumi 2>/dev/null) || return 1
	dir=$(cd "$(dirname "$p")" && pwd)
	[ "$dir" = "$BIN" ] && return 1
	[ -x "$dir/pulumi-language-nodejs" ] || {
		note "ignoring $p: no pulumi-language-nodejs next to it"
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
	local key="pulumi v$PULUMI_VERSION recipe$RECIPE"
	if stamp_ok pulumi "$key" && [ -x "$BIN/pulumi" ]; then
		return
	fi
	ensure_wrapper_module
	say "building pulumi CLI v$PULUMI_VERSION from github.com/pulumi/pulumi/pkg/v3@v$PULUMI_VERSION (no usable pulumi binary; cold build takes ~5-15 min, log: $LOGS/pulumi.log)"
	(cd "$SRC" && run_logged "$LOGS/pulumi.log" env GOFLAGS="-mod=mod -buildvcs=false" \
		go build -tags osusergo,grpcnotrace \
		-ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION" \
		-o "$BIN/pulumi.tmp" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi)
	mv -f "$BIN/pulumi.tmp" "$BIN/pulumi"
	stamp_set pulumi "$key"
	did_work=1
}

# --- 2. the Node.js language host ------------------------------------------------
ensure_langhost() {
	local key="langhost v$PULUMI_VERSION recipe$RECIPE $(src_hash)"
	if stamp_ok langhost "$key" && [ -x "$BIN/pulumi-language-nodejs" ]; then
		return
	fi
	ensure_wrapper_module
	say "building pulumi-language-nodejs (own minimal host; the upstream module github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3 is refused by the Go module proxy)"
	(cd "$SRC" && run_logged "$LOGS/langhost.log" env GOFLAGS="-mod=mod -buildvcs=false" \
		go build -ldflags "-X main.version=$PULUMI_VERSION" \
		-o "$BIN/pulumi-language-nodejs.tmp" ./cmd/pulumi-language-nodejs)
	mv -f "$BIN/pulumi-language-nodejs.tmp" "$BIN/pulumi-language-nodejs"
	stamp_set langhost "$key"
	did_work=1
}

# --- 3. resource providers (stand-ins) ------------------------------------------
ensure_provider() { # name version
	local name=$1 ver=$2
	local key="provider $name $ver stub recipe$RECIPE $(src_hash)"
	local installed="$PULUMI_HOME/plugins/resource-$name-v$ver/pulumi-resource-$name"
	if stamp_ok "provider-$name" "$key" && [ -x "$installed" ]; then
		return
	fi
	if ! { stamp_ok "provider-build-$name" "$key" && [ -x "$PROVIDERS/pulumi-resource-$name" ]; }; then
		ensure_wrapper_module
		say "building stand-in provider pulumi-resource-$name $ver (real provider source is not served by the Go module proxy; see docs/toolchain.md)"
		(cd "$SRC" && run_logged "$LOGS/provider-$name.log" env GOFLAGS="-mod=mod -buildvcs=false" \
			go build -ldflags "-X main.providerName=$name -X main.providerVersion=$ver" \
			-o "$PROVIDERS/pulumi-resource-$name" ./cmd/stub-provider)
		stamp_set "provider-build-$name" "$key"
	fi
	say "installing resource plugin $name $ver into PULUMI_HOME=$PULUMI_HOME"
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
	mkdir -p "$BIN" "$PROVIDERS" "$STAMPS" "$LOGS" "$PULUMI_HOME"
	with_lock
	if ! use_existing_pulumi; then
		ensure_cli
		ensure_langhost
		PULUMI_DIR=$BIN
	fi
	ensure_provider upstash "$UPSTASH_PROVIDER_VERSION"
	ensure_provider vercel "$VERCEL_PROVIDER_VERSION"
	if [ "$did_work" = 1 ] || [ -z "$QUIET" ]; then
		say "ready: pulumi $("$PULUMI_DIR/pulumi" version) in $PULUMI_DIR, PULUMI_HOME=$PULUMI_HOME"
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
	printf '{"binDir":"%s","pulumi":"%s/pulumi","env":{"PULUMI_HOME":"%s","PULUMI_SKIP_UPDATE_CHECK":"true","PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION":"true","PULUMI_IGNORE_AMBIENT_PLUGINS":"true"}}\n' \
		"$PULUMI_DIR" "$PULUMI_DIR" "$PULUMI_HOME"
}

smoke() {
	local t
	t=$(mktemp -d)
	# shellcheck disable=SC2064
	trap "rm -rf '$t'" EXIT
	local nm=${UPSTASH_GUARD_NODE_MODULES:-$SCRIPT_DIR/../node_modules}
	[ -d "$nm/@pulumi/pulumi" ] || die "smoke needs npm install first ($nm/@pulumi/pulumi missing)"
	ln -s "$(cd "$nm" && pwd)" "$t/node_modules"
	mkdir -p "$t/prog" "$t/pack" "$t/state"
	printf 'name: smoke\nruntime: nodejs\n' >"$t/prog/Pulumi.yaml"
	printf '{"name":"smoke","version":"0.0.1","main":"index.js"}\n' >"$t/prog/package.json"
	cat >"$t/prog/index.js" <<'EOF'
const upstash = require("@upstash/pulumi");
const vercel = require("@pulumiverse/vercel");
new upstash.RedisDatabase("db", { databaseName: "db", region: "global", primaryRegion: "eu-west-1", tls: true });
new vercel.Project("web", { name: "web" });
EOF
	printf 'runtime: nodejs\n' >"$t/pack/PulumiPolicy.yaml"
	printf '{"name":"smoke-pack","version":"0.0.1","main":"index.js"}\n' >"$t/pack/package.json"
	cat >"$t/pack/index.js" <<'EOF'
const { PolicyPack } = require("@pulumi/policy");
new PolicyPack("smoke-pack", { policies: [{ name: "seen", description: "reports every upstash resource",
  enforcementLevel: "advisory",
  validateResource: (args, report) => { if (args.type.startsWith("upstash:")) report("saw " + args.type); } }] });
EOF
	export PATH="$PULUMI_DIR:$PATH" PULUMI_BACKEND_URL="file://$t/state" PULUMI_CONFIG_PASSPHRASE=smoke
	(cd "$t/prog" && pulumi stack init dev >/dev/null && pulumi preview --policy-pack "$t/pack" 2>&1) | tee "$LOGS/smoke.log" >&2
	grep -q "saw upstash:index/redisDatabase:RedisDatabase" "$LOGS/smoke.log" || die "smoke: policy pack did not run"
	say "smoke OK: nodejs program + nodejs policy pack previewed with pulumi $(pulumi version)"
}

main() {
	case "${1:-ensure}" in
	ensure) ensure_all ;;
	env) ensure_all && print_env ;;
	json) ensure_all && print_json ;;
	smoke) ensure_all && smoke ;;
	*) die "usage: $0 [ensure|env|json|smoke]" ;;
	esac
}

# Everything above only defines functions: the script is fully read before it runs.
main "$@"
exit

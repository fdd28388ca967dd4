#!/usr/bin/env bash
# The browser the report tests drive: Debian's chromium, through playwright-core (which downloads no
# browser). Idempotent: does nothing when chromium is already installed. Installs it with apt-get
# when it is missing and we are root; otherwise fails, so that the browser tests never pass by being
# skipped.
#
#   scripts/browser.sh          ensure chromium is installed
#   scripts/browser.sh path     ensure, then print the path of its executable
set -euo pipefail

find_chromium() {
    if [ -n "${UPSTASH_GUARD_CHROMIUM:-}" ] && [ -x "$UPSTASH_GUARD_CHROMIUM" ]; then
        echo "$UPSTASH_GUARD_CHROMIUM"
        return 0
    fi
    command -v chromium || command -v chromium-browser || return 1
}

if ! find_chromium > /dev/null; then
    if [ "$(id -u)" != 0 ]; then
        echo "scripts/browser.sh: chromium is not installed and this is not root: run 'sudo apt-get install -y chromium' (or set UPSTASH_GUARD_CHROMIUM to a Chromium executable)" >&2
        exit 1
    fi
    if ! command -v apt-get > /dev/null; then
        echo "scripts/browser.sh: chromium is not installed and there is no apt-get here: install Chromium and set UPSTASH_GUARD_CHROMIUM to its executable" >&2
        exit 1
    fi
    echo "scripts/browser.sh: installing Debian's chromium for the report's browser tests" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq > /dev/null
    apt-get install -y -qq chromium > /dev/null
fi

if [ "${1:-}" = path ]; then
    find_chromium
else
    find_chromium > /dev/null
fi

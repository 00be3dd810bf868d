#!/usr/bin/env bash
# Installs the system programs the tests use when they are missing (run by `npm test` before Jest):
# Debian's chromium for the browser tests, and the independent readers of the export tests: unzip for the
# archives and libxml2's xmllint for the Pascal VOC schema; curl runs the generated upload script. Needs root and apt-get to install; otherwise it
# says what is missing and the tests that need it fail or skip with a message.
set -u
missing=""
command -v chromium >/dev/null || missing="$missing chromium"
command -v unzip >/dev/null || missing="$missing unzip"
command -v xmllint >/dev/null || missing="$missing libxml2-utils"
command -v curl >/dev/null || missing="$missing curl"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing the test tools:$missing"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null; } || { echo "apt-get could not install:$missing" >&2; exit 1; }
else
  echo "Missing test tools:$missing (install them with apt-get; the tests that need them will fail or skip)" >&2
fi

#!/usr/bin/env bash
# Builds (once) a minimal Debian root to run deploy/pi-setup.sh in, and caches it as a tarball:
# debootstrap takes minutes, the tarball unpacks in seconds. Prints the tarball's path.
# Usage: test/deploy/make-root.sh [SUITE]   (default trixie, the base of Raspberry Pi OS 13)
# Environment: KPI_SIGNAGE_TEST_CACHE (default /var/cache/kpi-signage-test),
#              KPI_SIGNAGE_TEST_MIRROR (default: the first deb.debian.org-style URI in apt's sources).
set -euo pipefail

suite="${1:-trixie}"
cache="${KPI_SIGNAGE_TEST_CACHE:-/var/cache/kpi-signage-test}"
tarball="$cache/debian-$suite-base.tar"

if [[ -s "$tarball" ]]; then
  echo "$tarball"
  exit 0
fi

mirror="${KPI_SIGNAGE_TEST_MIRROR:-}"
if [[ -z "$mirror" ]]; then
  mirror="$(grep -hoE '(URIs:|deb) +https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/* 2>/dev/null \
    | grep -oE 'https?://[^ ]+' | head -n1 || true)"
fi
mirror="${mirror:-http://deb.debian.org/debian}"

mkdir -p "$cache"
work="$(mktemp -d "$cache/build.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# systemd-sysv and dbus: so the root can also be booted with systemd-nspawn -b.
# ca-certificates, curl: what a Raspberry Pi OS Lite image has and the setup script may use.
debootstrap --variant=minbase \
  --include=systemd-sysv,dbus,ca-certificates,curl,procps,iproute2 \
  "$suite" "$work/root" "$mirror" >&2

tar -C "$work/root" --numeric-owner -cf "$tarball.part" .
mv "$tarball.part" "$tarball"
echo "$tarball"

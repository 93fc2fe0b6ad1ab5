#!/usr/bin/env bash
# Build localbase:bookworm (Debian bookworm with python3 and venv) from Debian's
# packages, for tests that start containers where no registry is reachable.
# Idempotent: does nothing when the image exists. About 75 s the first time.
set -euo pipefail
DOCKER=/usr/bin/docker
IMAGE=${1:-localbase:bookworm}
"$DOCKER" image inspect "$IMAGE" >/dev/null 2>&1 && exit 0
command -v debootstrap >/dev/null || { echo "debootstrap is missing: apt-get install debootstrap" >&2; exit 1; }
ROOT=$(mktemp -d)
trap 'rm -rf "$ROOT"' EXIT
debootstrap --variant=minbase --include=python3,python3-venv,ca-certificates \
    bookworm "$ROOT" http://deb.debian.org/debian >/dev/null
rm -rf "$ROOT"/var/cache/apt/archives/*.deb "$ROOT"/var/lib/apt/lists/* \
       "$ROOT"/usr/share/doc/* "$ROOT"/usr/share/man/* "$ROOT"/usr/share/locale/*
# pip inside the image needs a CA bundle; this machine's (never publish an image built so).
cp /etc/ssl/certs/ca-certificates.crt "$ROOT"/etc/ssl/certs/
tar -C "$ROOT" -c . | "$DOCKER" import -c 'ENV LANG=C.UTF-8' - "$IMAGE" >/dev/null
echo "built $IMAGE"

#!/usr/bin/env bash
# Makes sure Fabric's release binaries are in FABRIC_HOME: fabric.sh VERSION ARCHIVE_URL
# Where they are missing it downloads Fabric's official release archive; it never builds Fabric.
set -euo pipefail
version="$1" url="$2"
home="${FABRIC_HOME:?FABRIC_HOME must be set}"
needed=(bin/peer bin/orderer bin/osnadmin bin/configtxgen bin/configtxlator bin/cryptogen
  builders/ccaas/bin/detect builders/ccaas/bin/build builders/ccaas/bin/release config/core.yaml config/orderer.yaml)

missing() { for file in "${needed[@]}"; do [ -e "$home/$file" ] || echo "$file"; done; }

if [ -n "$(missing)" ]; then
  echo "[fabric] Fabric v$version is not complete in FABRIC_HOME=$home; downloading $url"
  archive="$(mktemp)"
  trap 'rm -f "$archive"' EXIT
  if ! curl -fsSL --connect-timeout 10 --max-time 600 -o "$archive" "$url"; then
    cat >&2 <<MSG
[fabric] error: Fabric v$version is needed and could not be downloaded.
  looked in:  FABRIC_HOME=$home
  missing:    $(missing | tr '\n' ' ')
  download:   $url failed (no internet access to it from this machine?)
  to fix:     unpack Fabric's v$version release archive (layout bin/, builders/ccaas/bin/, config/) into
              $home, or set FABRIC_HOME to a directory that has that layout, then run 'make fabric' again.
MSG
    exit 1
  fi
  mkdir -p "$home"
  tar -xzf "$archive" -C "$home"
  [ -z "$(missing)" ] || { echo "[fabric] error: the archive lacks: $(missing | tr '\n' ' ')" >&2; exit 1; }
fi

reported="$("$home/bin/peer" version 2>&1 | sed -n 's/^ *Version: *//p')"
if [ "$reported" != "$version" ]; then
  echo "[fabric] error: $home/bin/peer reports version '$reported', expected $version" >&2
  exit 1
fi

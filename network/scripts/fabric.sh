#!/usr/bin/env bash
# Makes sure Fabric's and Fabric CA's release binaries are in FABRIC_HOME:
#   fabric.sh FABRIC_VERSION FABRIC_ARCHIVE_URL CA_VERSION CA_ARCHIVE_URL
# Where they are missing it downloads the official release archives (both have the layout bin/, and Fabric's
# builders/ccaas/bin/ and config/); it never builds Fabric.
set -euo pipefail
version="$1" url="$2" ca_version="$3" ca_url="$4"
home="${FABRIC_HOME:?FABRIC_HOME must be set}"
fabric_files=(bin/peer bin/orderer bin/osnadmin bin/configtxgen bin/configtxlator
  builders/ccaas/bin/detect builders/ccaas/bin/build builders/ccaas/bin/release config/core.yaml config/orderer.yaml)
ca_files=(bin/fabric-ca-server bin/fabric-ca-client)

missing() { local file; for file in "$@"; do [ -e "$home/$file" ] || echo "$file"; done; }

# fetch WHAT VERSION URL FILES...: downloads and unpacks a release archive into FABRIC_HOME when FILES are missing.
fetch() {
  local what="$1" wanted="$2" from="$3"; shift 3
  [ -z "$(missing "$@")" ] && return 0
  echo "[fabric] $what $wanted is not complete in FABRIC_HOME=$home; downloading $from"
  local archive; archive="$(mktemp)"
  if ! curl -fsSL --connect-timeout 10 --max-time 600 -o "$archive" "$from"; then
    rm -f "$archive"
    cat >&2 <<MSG
[fabric] error: $what $wanted is needed and could not be downloaded.
  looked in:  FABRIC_HOME=$home
  missing:    $(missing "$@" | tr '\n' ' ')
  download:   $from failed (no internet access to it from this machine?)
  to fix:     unpack the $what $wanted release archive (layout bin/, ...) into $home, or set FABRIC_HOME to a
              directory that has that layout, then run 'make fabric' again.
MSG
    exit 1
  fi
  mkdir -p "$home"
  tar -xzf "$archive" -C "$home"
  rm -f "$archive"
  [ -z "$(missing "$@")" ] || { echo "[fabric] error: the $what archive lacks: $(missing "$@" | tr '\n' ' ')" >&2; exit 1; }
}

fetch Fabric "$version" "$url" "${fabric_files[@]}"
fetch "Fabric CA" "$ca_version" "$ca_url" "${ca_files[@]}"

reported="$("$home/bin/peer" version 2>&1 | sed -n 's/^ *Version: *//p')"
[ "$reported" = "$version" ] || { echo "[fabric] error: $home/bin/peer reports version '$reported', expected $version" >&2; exit 1; }
reported="$("$home/bin/fabric-ca-server" version 2>&1 | sed -n 's/^ *Version: *//p')"
[ "$reported" = "$ca_version" ] || { echo "[fabric] error: $home/bin/fabric-ca-server reports version '$reported', expected $ca_version" >&2; exit 1; }

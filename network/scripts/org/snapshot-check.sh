#!/usr/bin/env bash
# Checks a Fabric ledger snapshot folder against its own metadata before anyone relies on it: every file the
# signable metadata lists has the SHA-256 written there, and the snapshot hash in the additional metadata is the
# SHA-256 of the signable metadata (the value organisations compare to agree on a snapshot).
#   snapshot-check.sh DIR     prints "CHANNEL LAST_BLOCK_NUMBER SNAPSHOT_HASH"; fails naming the first mismatch
set -euo pipefail
dir="${1:?usage: snapshot-check.sh DIR}"
signable="$dir/_snapshot_signable_metadata.json" additional="$dir/_snapshot_additional_metadata.json"
for file in "$signable" "$additional"; do [ -f "$file" ] || { echo "$dir: no $(basename "$file")" >&2; exit 1; }; done
while IFS=$'\t' read -r name expected; do
  [ -f "$dir/$name" ] || { echo "$dir: $name is missing" >&2; exit 1; }
  actual="$(sha256sum "$dir/$name" | cut -d' ' -f1)"
  [ "$actual" = "$expected" ] || { echo "$dir: $name has SHA-256 $actual, the metadata says $expected" >&2; exit 1; }
done < <(jq -r '.snapshot_files_raw_hashes | to_entries[] | [.key, .value] | @tsv' "$signable")
hash="$(sha256sum "$signable" | cut -d' ' -f1)"
[ "$hash" = "$(jq -r .snapshot_hash "$additional")" ] || { echo "$dir: the signable metadata's SHA-256 $hash is not the snapshot hash" >&2; exit 1; }
jq -r --arg hash "$hash" '"\(.channel_name) \(.last_block_number) \($hash)"' "$signable"

#!/usr/bin/env bash
# Long fuzzing of the SQL front end with libFuzzer (docs/fuzzing.md).
#   scripts/fuzz.sh [SECONDS]   default 300; extra libFuzzer flags via VELO_FUZZ_FLAGS
# Builds VeloSQL's sources and Fuzz/VeloSQLFuzzer.swift into one binary with -sanitize=fuzzer,address,
# seeds the corpus from queries/ and Grammar examples, and keeps crashes in .build/fuzz/crashes/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-300}"
out=.build/fuzz
mkdir -p "$out/corpus" "$out/crashes"

swiftc -O -g -sanitize=fuzzer,address -parse-as-library -module-name VeloSQL \
    $(find Sources/VeloSQL -name '*.swift' | sort) Fuzz/VeloSQLFuzzer.swift \
    -o "$out/velo-sql-fuzzer"

# Seed corpus: every statement of the example applications.
for file in queries/*.sql; do
    cp "$file" "$out/corpus/$(basename "$file")"
done

echo "fuzzing for ${seconds}s; corpus $out/corpus, crashes $out/crashes" >&2
exec "$out/velo-sql-fuzzer" "$out/corpus" -max_total_time="$seconds" -max_len=4096 -timeout=5 \
    -artifact_prefix="$out/crashes/" ${VELO_FUZZ_FLAGS:-}

#!/usr/bin/env bash
# Whole-command benchmarks, each reported beside a floor measured in the same run so the
# ratios hold on a noisy machine:
#   1. N generated postmortems: `pmlint check --format json` against the floor (read every
#      file and parse it with pulldown-cmark once, on every core: examples/floor.rs), with
#      peak memory;
#   2. one postmortem, whole process (the pre-commit case);
#   3. scaling: documents 4x and 16x larger must take about 4x and 16x as long, for every
#      shape in benches/shapes.py (long timelines and tables, one long line, nested quotes,
#      suppression comments, shares in one sentence, whole postmortems one after another,
#      headings, incidents with their own windows, impact claims, zone declarations, blame).
# Needs hyperfine and GNU time (Debian: apt-get install hyperfine time).
#
#   bash benches/corpus.sh [N]        # N defaults to 10000
set -euo pipefail
cd "$(dirname "$0")/.."

n="${1:-10000}"
work="target/bench"
corpus="$work/corpus-$n"
mkdir -p "$work"

cargo build --release --quiet --bin pmlint --example floor --example corpus
pmlint=target/release/pmlint
floor=target/release/examples/floor

if [[ ! -d "$corpus" ]]; then
    target/release/examples/corpus --n "$n" --out "$corpus" >/dev/null
fi
bytes=$(find "$corpus" -type f -printf '%s\n' | awk '{s += $1} END {print s}')
echo "corpus: $n files, $((bytes / 1000000)) MB in $corpus"

median() { # hyperfine JSON -> median seconds of command $2
    python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['results'][int(sys.argv[2])]['median'])" "$1" "$2"
}

echo
echo "== $n documents: pmlint check --format json vs the floor"
hyperfine --warmup 1 --runs 5 --ignore-failure --export-json "$work/corpus.json" \
    --command-name floor "$floor $corpus" \
    --command-name pmlint "$pmlint check --format json $corpus"
f=$(median "$work/corpus.json" 0)
p=$(median "$work/corpus.json" 1)
python3 -c "import sys; f,p=map(float,sys.argv[1:]); print(f'floor {f:.3f} s, pmlint {p:.3f} s: {p/f:.2f}x the floor')" "$f" "$p"
/usr/bin/time -f "peak memory: %M KB, CPU %P" "$pmlint" check --format json "$corpus" >/dev/null || true

echo
echo "== one document, whole process"
one=$(find "$corpus" -name '*.md' -print -quit)
hyperfine --warmup 3 --runs 30 --ignore-failure -N "$pmlint check $one"

echo
shapes="timeline table line quotes suppress percent postmortem headings incidents impact declarations blame"
echo "== scaling: 1x, 4x, 16x of each shape in benches/shapes.py"
python3 benches/shapes.py "$work" $shapes
for shape in $shapes; do
    hyperfine --warmup 1 --runs 5 --ignore-failure -N --export-json "$work/$shape.json" \
        "$pmlint check --format json $work/$shape-1x.md" \
        "$pmlint check --format json $work/$shape-4x.md" \
        "$pmlint check --format json $work/$shape-16x.md" >/dev/null 2>&1
    python3 - "$work/$shape.json" "$shape" <<'EOF'
import json, sys
r = [x["median"] for x in json.load(open(sys.argv[1]))["results"]]
print(f"{sys.argv[2]:>12}: 1x {r[0]*1000:7.1f} ms, 4x {r[1]*1000:7.1f} ms ({r[1]/r[0]:.1f}x), 16x {r[2]*1000:7.1f} ms ({r[2]/r[0]:.1f}x)")
EOF
done

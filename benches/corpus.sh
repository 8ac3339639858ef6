#!/usr/bin/env bash
# Whole-command benchmarks. Each part runs its commands interleaved in one hyperfine run and
# reports ratios within it, so the numbers hold on a noisy machine:
#   1. one file, whole process (the pre-commit and editor-save case): pmlint on seed 004 and on
#      an empty file, afresh and from its cache, beside rumdl on a Markdown postmortem and
#      ruff on a tiny Python file when they are on PATH;
#   2. N generated postmortems: the floor (examples/floor.rs: read every file and parse it once
#      with pulldown-cmark, on every core), pmlint afresh (--no-cache) and from its cache, and
#      rumdl afresh and from its cache when it is on PATH, with peak memory;
#   3. scaling: documents 4x and 16x larger must take about 4x and 16x as long, for every
#      shape in benches/shapes.py, with peak memory per input byte on the 16x ones (the 20 MB
#      single line and the 200,000 timeline entries among them).
# Needs hyperfine and GNU time (Debian: apt-get install hyperfine time); the peers install
# with `pip install rumdl ruff` (in a venv whose bin/ is on PATH).
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
rumdl=$(command -v rumdl || true)
ruff=$(command -v ruff || true)

if [[ ! -d "$corpus" ]]; then
    target/release/examples/corpus --n "$n" --out "$corpus" >/dev/null
fi
bytes=$(find "$corpus" -type f -printf '%s\n' | awk '{s += $1} END {print s}')
echo "corpus: $n files, $((bytes / 1000000)) MB in $corpus"
[[ -n "$rumdl" ]] && echo "rumdl: $("$rumdl" --version)" || echo "rumdl: not on PATH, left out"
[[ -n "$ruff" ]] && echo "ruff: $("$ruff" --version)" || echo "ruff: not on PATH, left out"

# The medians of a hyperfine JSON export, by command name, with ratios to the named ones.
ratios() { # FILE BASE...
    python3 - "$@" <<'EOF'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
median = {r["command"]: r["median"] for r in results}
for r in results:
    line = f"  {r['command']:<24} {r['median'] * 1000:9.1f} ms"
    for base in sys.argv[2:]:
        if base in median and base != r["command"]:
            line += f"   {r['median'] / median[base]:5.2f}x {base}"
    print(line)
EOF
}
peak() { # COMMAND... -> peak resident memory in KB
    /usr/bin/time -f "%M" -o "$work/peak" "$@" >/dev/null 2>&1 || true
    tail -1 "$work/peak"
}

echo
echo "== one file, whole process"
seed="$work/seed-004.txt"
cp ../shared/seeds/004_*.txt "$seed"
: >"$work/empty.md"
one=$(find "$corpus" -name '*.md' -print -quit)
cp "$one" "$work/one.md"
printf 'import os\n\n\ndef main():\n    print(os.getcwd())\n' >"$work/tiny.py"
# Older than the cache's two settling seconds, so that the cached runs reuse them. The cache
# settles on the later of the modification and status-change times, and the copy above set the
# latter to now, which no command can set back: wait the two seconds out.
touch -d '1 hour ago' "$seed" "$work/empty.md" "$work/one.md" "$work/tiny.py"
sleep 2.1
one_file=(
    --command-name "pmlint seed 004" "$pmlint check --isolated --no-cache $seed"
    --command-name "pmlint empty.md" "$pmlint check --isolated --no-cache $work/empty.md"
    --command-name "pmlint one.md" "$pmlint check --isolated --no-cache $work/one.md"
    --command-name "pmlint seed 004 cached" "$pmlint check --isolated --cache-dir $work/pmlint-cache-one $seed"
)
"$pmlint" check --isolated --cache-dir "$work/pmlint-cache-one" "$seed" >/dev/null || true
if [[ -n "$rumdl" ]]; then
    one_file+=(--command-name "rumdl one.md" "$rumdl check --no-config --no-cache $work/one.md")
fi
if [[ -n "$ruff" ]]; then
    one_file+=(--command-name "ruff tiny.py" "$ruff check --isolated --no-cache $work/tiny.py")
fi
hyperfine -N --warmup 5 --runs 40 --ignore-failure --export-json "$work/one.json" "${one_file[@]}" >/dev/null 2>&1
ratios "$work/one.json" "rumdl one.md" "ruff tiny.py"

echo
echo "== $n documents: afresh and from the cache, against the floor"
rm -rf "$work/pmlint-cache" "$work/rumdl-cache"
"$pmlint" check --isolated --format json --cache-dir "$work/pmlint-cache" "$corpus" >/dev/null || true
many=(
    --command-name floor "$floor $corpus"
    --command-name "pmlint" "$pmlint check --isolated --no-cache --format json $corpus"
    --command-name "pmlint cached" "$pmlint check --isolated --cache-dir $work/pmlint-cache --format json $corpus"
)
if [[ -n "$rumdl" ]]; then
    "$rumdl" check --no-config --cache-dir "$work/rumdl-cache" "$corpus" >/dev/null 2>&1 || true
    many+=(
        --command-name "rumdl" "$rumdl check --no-config --no-cache $corpus"
        --command-name "rumdl cached" "$rumdl check --no-config --cache-dir $work/rumdl-cache $corpus"
    )
fi
hyperfine -N --warmup 1 --runs 5 --ignore-failure --export-json "$work/corpus.json" "${many[@]}" >/dev/null 2>&1
ratios "$work/corpus.json" floor rumdl "rumdl cached"
echo "  peak memory: pmlint $(peak "$pmlint" check --isolated --no-cache --format json "$corpus") KB," \
    "cached $(peak "$pmlint" check --isolated --cache-dir "$work/pmlint-cache" --format json "$corpus") KB"

echo
shapes="timeline table line quotes suppress percent postmortem headings incidents impact declarations blame"
echo "== scaling: 1x, 4x, 16x of each shape in benches/shapes.py, and peak memory at 16x"
python3 benches/shapes.py "$work" $shapes
for shape in $shapes; do
    hyperfine --warmup 1 --runs 5 --ignore-failure -N --export-json "$work/$shape.json" \
        "$pmlint check --no-cache --format json $work/$shape-1x.md" \
        "$pmlint check --no-cache --format json $work/$shape-4x.md" \
        "$pmlint check --no-cache --format json $work/$shape-16x.md" >/dev/null 2>&1
    kb=$(peak "$pmlint" check --no-cache --format json "$work/$shape-16x.md")
    size=$(stat -c %s "$work/$shape-16x.md")
    python3 - "$work/$shape.json" "$shape" "$kb" "$size" <<'EOF'
import json, sys
r = [x["median"] for x in json.load(open(sys.argv[1]))["results"]]
kb, size = int(sys.argv[3]), int(sys.argv[4])
print(f"{sys.argv[2]:>12}: 1x {r[0]*1000:7.1f} ms, 4x {r[1]*1000:7.1f} ms ({r[1]/r[0]:.1f}x), "
      f"16x {r[2]*1000:7.1f} ms ({r[2]/r[0]:.1f}x); 16x is {size/1e6:.1f} MB, peak {kb/1024:.0f} MiB, "
      f"{kb*1024/size:.1f} bytes per byte")
EOF
done

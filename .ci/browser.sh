#!/usr/bin/env bash
# Checks pmlint's pictures in a real browser: installs Chromium and the DejaVu fonts from
# Debian's packages (when `chromium` is not on PATH yet), renders seed 000's timeline as HTML
# and as a bare SVG (and seed 004's, whose zones are unknown) and a report of the corpus, and
# loads each in headless Chromium (.ci/browser_check.py, Python's standard library only). Each
# page must load with no console error, uncaught exception or failed load and with no request
# at all (the pages are self-contained), its screenshot must not be blank, and no two SVG
# <text> labels may overlap as the browser lays them out (every <details> opened first).
# Before that, the checker's self-test loads .ci/browser-samples/, each sample built to fail
# the checks its first line names, so a broken check cannot pass unseen.
#
# The screenshots and every measured label box go to $PMLINT_BROWSER_OUT (target/browser/ by
# default, gitignored), and their paths are printed. $PMLINT names a pmlint binary to use
# instead of building target/release/pmlint. Needs root (or Chromium already
# installed), python3, cargo, and network access to Debian's packages.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
out="$(realpath -m "${PMLINT_BROWSER_OUT:-$repo/target/browser}")"
[ -z "${PMLINT:-}" ] || PMLINT="$(realpath "$PMLINT")"
# pmlint runs from the repository root, on paths as short as the report will show them.
cd "$repo"
seeds=../shared/seeds
corpus=../shared/corpus

step() { printf '\n==> %s\n' "$*"; }
fail() { printf '\nFAIL: %s\n' "$*" >&2; exit 1; }
seconds() { date +%s; }

step "Chromium and fonts from Debian"
start=$(seconds)
if ! command -v chromium >/dev/null || [[ "$(fc-list 2>/dev/null)" != *DejaVuSans* ]]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core fontconfig >/dev/null
fi
# The binary itself: Debian's /usr/bin/chromium wrapper adds flags (extensions, GPU) of its own.
export CHROMIUM=/usr/lib/chromium/chromium
[ -x "$CHROMIUM" ] || CHROMIUM="$(command -v chromium)"
echo "$("$CHROMIUM" --version | xargs) ready in $(($(seconds) - start)) s; sans-serif is $(fc-match sans-serif)"

# Only what an earlier run left: $PMLINT_BROWSER_OUT may be a folder with more in it.
rm -rf "$out/pages" "$out/self-test" "$out/results.json" "$out/chromium.log"
rm -f "$out"/*.png
mkdir -p "$out/pages"
check() { timeout 600 python3 "$repo/.ci/browser_check.py" "$@"; }

step "the checker's self-test: each sample in .ci/browser-samples fails just the checks it names"
start=$(seconds)
check --self-test "$repo/.ci/browser-samples" --out "$out/self-test" ||
    fail "the browser checker's self-test (samples in .ci/browser-samples)"
echo "self-test in $(($(seconds) - start)) s"

if [ -n "${PMLINT:-}" ]; then
    pmlint="$PMLINT" # a binary given by hand: nothing is built
else
    step "build pmlint"
    cargo build --release --locked
    pmlint="${CARGO_TARGET_DIR:-$repo/target}/release/pmlint"
fi

# Runs `pmlint ARGS...` from the repository root, its stdout to $out/pages/NAME unless ARGS
# write the page there themselves (-o); the exit code must be 0 or 1 (findings), and the page
# must not be empty.
render() {
    local name="$1"
    shift
    local code=0 stdout="$out/pages/$name"
    [[ " $* " == *" -o "* ]] && stdout="$out/pages/$name.stdout"
    "$pmlint" "$@" >"$stdout" 2>"$out/pages/$name.stderr" || code=$?
    [[ $code == 0 || $code == 1 ]] ||
        fail "pmlint $* exited $code: $(head -c 2000 "$out/pages/$name.stderr")"
    [ -s "$out/pages/$name" ] || fail "pmlint $* wrote nothing to $name"
}

step "render the seeds' timelines and the corpus report"
start=$(seconds)
for seed in "$seeds"/000_*.txt "$seeds"/004_*.txt; do
    n="$(basename "$seed" | cut -d_ -f1)"
    render "timeline-$n.html" timeline --isolated --format html "$seed"
    render "timeline-$n.svg" timeline --isolated --format svg "$seed"
done
render report.html report --isolated "$corpus" -o "$out/pages/report.html"
echo "rendered in $(($(seconds) - start)) s:" "$out"/pages/*.html "$out"/pages/*.svg

step "load each page in Chromium"
start=$(seconds)
pages=()
for page in "$out/pages"/*.html "$out/pages"/*.svg; do
    name="$(basename "$page")"
    pages+=("${name%.*}-${name##*.}=$page")
done
check --out "$out" "${pages[@]}" || fail "pmlint's pages in the browser (screenshots in $out)"
echo "checked in $(($(seconds) - start)) s; the screenshots, as listed above: $(find "$out" -maxdepth 1 -name '*.png' | wc -l) PNGs in $out"

#!/usr/bin/env bash
# Builds the binary-only wheel with maturin from PyPI, installs it into a fresh virtualenv
# with no index (so nothing is built or fetched at install time), and runs the installed
# `pmlint` on the seeds: 004 must fail with its unknown zones, and a clean fixture must pass.
# Also checks that the crate packages with its rules/ data and licenses.
#
# Everything it keeps lives under target/ (gitignored). Needs python3 (with venv), cargo, and
# network access to PyPI and crates.io.
set -euo pipefail

MATURIN_VERSION=1.16.0

repo="$(cd "$(dirname "$0")/.." && pwd)"
build_venv="$repo/target/wheel-build-venv"
install_venv="$repo/target/wheel-install-venv"
wheels="$repo/target/wheels"
seeds="$repo/../shared/seeds"

step() { printf '\n==> %s\n' "$*"; }
fail() { printf '\nFAIL: %s\n' "$*" >&2; exit 1; }
seconds() { date +%s; }

step "cargo package includes rules/ and the licenses"
listed="$(cd "$repo" && cargo package --list --locked --allow-dirty)"
for needed in rules/timezones.toml rules/sections.toml rules/profiles/default.toml LICENSE-MIT LICENSE-APACHE; do
    grep -qx "$needed" <<<"$listed" || fail "cargo package leaves out $needed"
done

step "build the wheel with maturin $MATURIN_VERSION"
[ -x "$build_venv/bin/maturin" ] || {
    python3 -m venv "$build_venv"
    "$build_venv/bin/pip" install --quiet "maturin==$MATURIN_VERSION"
}
rm -rf "$wheels"
start=$(seconds)
(cd "$repo" && "$build_venv/bin/maturin" build --release --locked --out "$wheels")
echo "wheel built in $(($(seconds) - start)) s"
wheel="$(ls "$wheels"/pmlint-*.whl)"
version="$(sed -n 's/^version = "\(.*\)"/\1/p' "$repo/Cargo.toml" | head -1)"
case "$(basename "$wheel")" in
    "pmlint-$version-"*) ;;
    *) fail "the wheel $(basename "$wheel") does not carry Cargo.toml's version $version" ;;
esac

step "install it into a fresh virtualenv, offline"
rm -rf "$install_venv"
python3 -m venv "$install_venv"
start=$(seconds)
"$install_venv/bin/pip" install --quiet --no-index "$wheel"
echo "wheel installed in $(($(seconds) - start)) s"
pmlint="$install_venv/bin/pmlint"
[ -x "$pmlint" ] || fail "the wheel put no pmlint on the virtualenv's PATH"
"$pmlint" --version | grep -qx "pmlint $version" || fail "pmlint --version: $("$pmlint" --version)"

step "the installed pmlint lints"
set +e
out="$("$pmlint" check --isolated --format concise "$seeds"/004_*.txt)"
code=$?
set -e
[ "$code" = 1 ] || fail "seed 004 exited $code, not 1: $out"
grep -q "PM101" <<<"$out" || fail "seed 004 gave no unknown-timezone finding: $out"
"$pmlint" check --isolated "$repo/fixtures/clean/billing-table.md" >/dev/null ||
    fail "a clean postmortem did not pass"
echo "ok: seed 004 fails with PM101, a clean postmortem passes"

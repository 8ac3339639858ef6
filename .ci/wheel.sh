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

step "the pre-commit mirror pins this version"
mirror="$repo/packaging/pre-commit-mirror"
grep -q "\"pmlint==$version\"" "$mirror/pyproject.toml" ||
    fail "packaging/pre-commit-mirror/pyproject.toml does not depend on pmlint==$version"

step "the real pre-commit installs the mirror's hook from the wheel, with no compiler"
PRE_COMMIT_VERSION=4.7.0
pre_commit_venv="$repo/target/pre-commit-venv"
if [[ "$("$pre_commit_venv/bin/pre-commit" --version 2>/dev/null)" != "pre-commit $PRE_COMMIT_VERSION" ]]; then
    python3 -m venv "$pre_commit_venv"
    "$pre_commit_venv/bin/pip" install --quiet "pre-commit==$PRE_COMMIT_VERSION"
fi
"$pre_commit_venv/bin/pre-commit" validate-manifest "$mirror/.pre-commit-hooks.yaml"
# Everything pip may install for the hook, so that it runs with no index at all: the pmlint
# wheel, and setuptools to build the mirror's own empty package.
wheelhouse="$repo/target/wheelhouse"
rm -rf "$wheelhouse"
mkdir -p "$wheelhouse"
cp "$wheel" "$wheelhouse/"
"$build_venv/bin/pip" download --quiet --only-binary :all: --dest "$wheelhouse" "setuptools>=61"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
cp -r "$mirror" "$scratch/mirror"
git -C "$scratch/mirror" -c init.defaultBranch=main init -q
git -C "$scratch/mirror" add -A
git -C "$scratch/mirror" -c user.name=ci -c user.email=ci@example.invalid commit -qm mirror
mkdir "$scratch/project"
cd "$scratch/project"
git -c init.defaultBranch=main init -q
cp "$seeds"/004_*.txt bad.txt
cp "$repo/fixtures/clean/billing-table.md" good.md
git add bad.txt good.md
# No cargo on PATH and no package index: the hook can only come from the wheel.
no_cargo_path="$(tr ':' '\n' <<<"$PATH" | grep -v cargo | paste -sd: -)"
hook() {
    env PATH="$no_cargo_path" PIP_NO_INDEX=1 PIP_FIND_LINKS="$wheelhouse" \
        PRE_COMMIT_HOME="$scratch/home" \
        "$pre_commit_venv/bin/pre-commit" try-repo "$scratch/mirror" pmlint --color never --files "$@"
}
start=$(seconds)
if out="$(hook bad.txt 2>&1)"; then
    fail "the mirror's hook passed on seed 004: $out"
fi
grep -q "PM101\|unknown-timezone" <<<"$out" || fail "the hook's output names no PM101: $out"
echo "ok: the hook failed on seed 004 (install and run in $(($(seconds) - start)) s)"
start=$(seconds)
out="$(hook good.md 2>&1)" || fail "the mirror's hook failed on a clean postmortem: $out"
echo "ok: the hook passed on a clean postmortem (in $(($(seconds) - start)) s)"

step "the GitHub Action's script installs the wheel and annotates"
action() {
    env RUNNER_TEMP="$scratch/runner" PIP_NO_INDEX=1 PMLINT_VERSION="$wheel" \
        PMLINT_PATHS="$1" PMLINT_ARGS="--isolated" bash "$repo/packaging/github-action/run.sh"
}
mkdir -p "$scratch/runner"
if out="$(action bad.txt 2>&1)"; then
    fail "the action passed on seed 004: $out"
fi
grep -q "^::error .*PM101" <<<"$out" || fail "the action wrote no PM101 error annotation: $out"
out="$(action good.md 2>&1)" || fail "the action failed on a clean postmortem: $out"
echo "ok: the action fails on seed 004 with annotations and passes on a clean postmortem"

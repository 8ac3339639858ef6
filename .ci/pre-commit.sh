#!/usr/bin/env bash
# Tests the pre-commit hook in .pre-commit-hooks.yaml with the real pre-commit from PyPI:
# `pre-commit try-repo` builds pmlint from this repository (`language: rust`, so
# `cargo install --path`) and runs it in a scratch git repository on a postmortem that must
# fail and on one that must pass, next to two decoys that must never reach pmlint (a text file
# that is not a postmortem, and a draft excluded by pmlint.toml).
#
# Everything it keeps lives under target/ (gitignored): the pre-commit virtualenv, pre-commit's
# home (never ~/.cache/pre-commit) and the cargo build directory reused between runs.
# Needs python3 (with venv), git, cargo on PATH, and network access to PyPI and crates.io.
set -euo pipefail

PRE_COMMIT_VERSION=4.7.0

repo="$(cd "$(dirname "$0")/.." && pwd)"
venv="$repo/target/pre-commit-venv"
# pre-commit's store and log. try-repo installs hooks into a temporary store of its own, so
# this holds little, but without it pre-commit would write to ~/.cache/pre-commit.
export PRE_COMMIT_HOME="$repo/target/pre-commit-home"
# try-repo builds pmlint from a fresh clone each time; a fixed cargo target directory keeps
# the compiled dependencies between builds (cargo install honours CARGO_TARGET_DIR).
export CARGO_TARGET_DIR="$repo/target/pre-commit-build"
# Git variables from a calling hook would point git at the wrong repository.
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE

step() { printf '\n==> %s\n' "$*"; }
fail() { printf '\nFAIL: %s\n' "$*" >&2; exit 1; }

command -v cargo >/dev/null ||
    fail "cargo is not on PATH (pre-commit would try to download rustup instead)"

step "Checking the hook manifest is visible to try-repo"
# try-repo sees the last commit plus tracked and staged changes, never untracked files.
git -C "$repo" ls-files --error-unmatch .pre-commit-hooks.yaml >/dev/null 2>&1 ||
    fail ".pre-commit-hooks.yaml is not tracked: git add it (try-repo ignores untracked files)"
untracked="$(git -C "$repo" ls-files --others --exclude-standard)"
if [[ -n "$untracked" ]]; then
    echo "warning: try-repo will not see these untracked files:"
    printf '%s\n' "$untracked" | sed 's/^/  /'
fi

step "Installing pre-commit $PRE_COMMIT_VERSION into ${venv#"$repo"/}"
if [[ "$("$venv/bin/pre-commit" --version 2>/dev/null)" == "pre-commit $PRE_COMMIT_VERSION" ]]; then
    echo "already installed"
else
    "${PYTHON:-python3}" -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
        "pre-commit==$PRE_COMMIT_VERSION"
fi
pre_commit="$venv/bin/pre-commit"
"$pre_commit" --version

step "Validating .pre-commit-hooks.yaml"
"$pre_commit" validate-manifest "$repo/.pre-commit-hooks.yaml"
echo "ok"

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

step "Creating a scratch git repository in $scratch"
cd "$scratch"
git -c init.defaultBranch=main init -q
git config user.name "pmlint CI"
git config user.email "pmlint-ci@example.invalid"
cat > good.md <<'EOF'
# Cache cluster failover

## Summary

A failed failover of the session cache logged users out for 40 minutes.

## Impact

About 12,000 users (8% of active sessions) had to sign in again.

## Timeline

- May 10, 2023, 13:55 UTC: cache primary lost its disk
- May 10, 2023, 14:00 UTC: alerts fired
- May 10, 2023, 14:35 UTC: replica promoted, sessions restored

## Root Cause

The replica had fallen behind and was not promoted automatically.

## Resolution

The on-call engineer promoted the replica by hand at 14:35 UTC.

## Action Items

- Alert when replica lag exceeds 30 seconds (owner: storage team, INFRA-1203, due 2023-06-01)
EOF
# The same postmortem with one unknown zone: WTC (PM101 unknown-timezone, an error).
sed 's/14:00 UTC: alerts fired/14:00 WTC: alerts fired/' good.md > bad.md
grep -q 'WTC' bad.md || fail "could not write bad.md"
# Two decoys that hold the same error but must never be linted: a text file that is not a
# postmortem (not in `include`) and a draft that pmlint.toml excludes (`--force-exclude`
# applies both to files named on the command line). And a Quarto postmortem that
# `[extensions]` brings in, with the same error.
printf '[package]\nname = "decoy"\n# deployed May 10, 2023, 14:00 WTC: a text file, not a postmortem\n' \
    > Cargo.toml
mkdir drafts
cp bad.md drafts/wip.md
cp bad.md bad.qmd
printf 'exclude = ["drafts/"]\n[extensions]\nqmd = "markdown"\n' > pmlint.toml
git add good.md bad.md bad.qmd Cargo.toml drafts/wip.md pmlint.toml
git ls-files | sed 's/^/  /'

# Runs `pre-commit try-repo` on the given files; sets `out` and `status`.
try_repo() {
    local start=$SECONDS
    echo "\$ pre-commit try-repo $repo pmlint --color never --verbose --files $*"
    status=0
    out="$("$pre_commit" try-repo "$repo" pmlint --color never --verbose --files "$@" 2>&1)" ||
        status=$?
    printf '%s\n' "$out" | sed 's/^/  | /'
    echo "exit status $status after $((SECONDS - start))s"
}

step "bad.md must fail with the unknown zone WTC (this run builds pmlint; it takes a while)"
try_repo bad.md
[[ $status -ne 0 ]] || fail "pre-commit passed on bad.md"
grep -q 'WTC' <<<"$out" || fail "the output does not mention WTC"
grep -q 'PM101\|unknown-timezone' <<<"$out" || fail "the output does not name PM101 unknown-timezone"
grep -q '^pmlint\.*Failed' <<<"$out" || fail "the pmlint hook did not report Failed"
echo "ok: the hook failed and reported WTC"

step "good.md must pass; the decoys Cargo.toml and drafts/wip.md must not be linted"
try_repo good.md Cargo.toml drafts/wip.md
if [[ $status -ne 0 ]]; then
    grep -q 'Cargo\.toml' <<<"$out" && fail "--force-exclude did not apply include to Cargo.toml"
    grep -q 'drafts/wip\.md' <<<"$out" && fail "--force-exclude did not apply pmlint.toml's exclude"
    fail "pre-commit failed on good.md"
fi
grep -q '^pmlint\.*Passed' <<<"$out" || fail "the pmlint hook did not run (expected Passed)"
echo "ok: the hook passed"

step "bad.qmd, a postmortem by [extensions], must fail with WTC"
try_repo bad.qmd
[[ $status -ne 0 ]] || fail "pre-commit passed on bad.qmd"
grep -q 'bad\.qmd' <<<"$out" && grep -q 'WTC' <<<"$out" || fail "the output does not report WTC in bad.qmd"
echo "ok: the hook linted the .qmd file"

step "pre-commit hook OK"

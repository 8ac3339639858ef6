#!/usr/bin/env bash
# Runs pmlint over the fixtures and the seeds with --format junit (under each --fail-on) and
# --format sarif (with a suppressed finding, stdin, a file outside the current directory and a
# file that cannot be read), and validates every report against the schemas in tests/schemas/
# with xmlschema and jsonschema from PyPI (.ci/validate_reports.py); then checks pmlint.toml's
# JSON Schema against the README's examples (.ci/validate_config_schema.py). Fails on any
# problem. Last, every `pmlint facts` record of the fixtures, seeds and corpus is checked
# against facts.schema.json (.ci/validate_facts.py).
#
# Everything it keeps lives under target/ (gitignored). Needs python3 (with venv), cargo, and
# network access to PyPI.
set -euo pipefail

XMLSCHEMA_VERSION=4.3.2
JSONSCHEMA_VERSION=4.26.0
RFC3987_VERSION=1.3.8 # lets jsonschema check the "uri" format (helpUri, $schema)

repo="$(cd "$(dirname "$0")/.." && pwd)"
venv="$repo/target/schemas-venv"
reports="$repo/target/schemas-reports"
seeds="$repo/../shared/seeds"

step() { printf '\n==> %s\n' "$*"; }
fail() { printf '\nFAIL: %s\n' "$*" >&2; exit 1; }

step "xmlschema $XMLSCHEMA_VERSION and jsonschema $JSONSCHEMA_VERSION in $venv"
wanted=("xmlschema==$XMLSCHEMA_VERSION" "jsonschema==$JSONSCHEMA_VERSION" "rfc3987==$RFC3987_VERSION")
if ! "$venv/bin/pip" freeze 2>/dev/null | grep -qx "xmlschema==$XMLSCHEMA_VERSION" ||
    ! "$venv/bin/pip" freeze | grep -qx "jsonschema==$JSONSCHEMA_VERSION"; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet "${wanted[@]}"
fi

step "build pmlint"
(cd "$repo" && cargo build --release --locked)
pmlint="$repo/target/release/pmlint"

rm -rf "$reports"
mkdir -p "$reports"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
# A file pmlint cannot read, so that the reports' error paths are validated too.
printf '# Outage\n\xff\n' >"$scratch/latin1.md"
cp "$repo/fixtures/unknown-timezone/fires.md" "$scratch/outside.md"

# Runs `pmlint check ARGS...` from the repository root, its report to $reports/NAME; the exit
# code must be one of EXPECTED (a space-separated list).
report() {
    local name="$1" expected="$2"
    shift 2
    local code=0
    (cd "$repo" && "$pmlint" check --isolated --output "$reports/$name" "$@") 2>"$reports/$name.stderr" || code=$?
    [[ " $expected " == *" $code "* ]] ||
        fail "pmlint check $* exited $code, not $expected: $(cat "$reports/$name.stderr")"
    [ -s "$reports/$name" ] || fail "pmlint check $* wrote no report"
}

step "JUnit reports"
for fail_on in error warning info never; do
    report "fixtures-$fail_on.xml" "0 1" --format junit --fail-on "$fail_on" fixtures/
    report "seeds-$fail_on.xml" "0 1" --format junit --fail-on "$fail_on" "$seeds"
    report "unreadable-$fail_on.xml" 2 --format junit --fail-on "$fail_on" \
        "$scratch/latin1.md" fixtures/named-individual/fires.md
    "$venv/bin/python" "$repo/.ci/validate_reports.py" junit --fail-on "$fail_on" \
        "$reports"/*-"$fail_on".xml || fail "JUnit reports under --fail-on $fail_on"
done
grep -q '<failure type="info"' "$reports/fixtures-info.xml" ||
    fail "--fail-on info made no info finding a failure"
grep -q 'info\[PM' "$reports/fixtures-warning.xml" ||
    fail "the fixtures' info findings are missing from the JUnit report"

step "SARIF reports"
report fixtures.sarif "0 1" --format sarif fixtures/ "$seeds"
report suppressed.sarif 0 --format sarif fixtures/unused-suppression/silent.md
report outside.sarif 1 --format sarif "$scratch/outside.md"
report unreadable.sarif 2 --format sarif "$scratch/latin1.md" fixtures/clean
(cd "$repo" && "$pmlint" check --isolated --format sarif - <fixtures/unknown-timezone/fires.md \
    >"$reports/stdin.sarif") && fail "stdin with findings exited 0"
"$venv/bin/python" "$repo/.ci/validate_reports.py" sarif "$reports"/*.sarif ||
    fail "SARIF reports"
grep -q '"justification": "the vendor' "$reports/suppressed.sarif" ||
    fail "the suppressed finding and its reason are missing from the SARIF report"
grep -q '"uri": "file://' "$reports/outside.sarif" ||
    fail "a file outside the current directory has no file:// URI"
step "pmlint facts records"
(cd "$repo" && "$pmlint" facts --isolated --format json-lines fixtures/ "$seeds" "$repo/../shared/corpus") |
    "$venv/bin/python" "$repo/.ci/validate_facts.py" || fail "facts records"

step "pmlint.schema.json"
"$venv/bin/python" "$repo/.ci/validate_config_schema.py" || fail "pmlint.schema.json"
echo "ok: every report is valid, and so is the config schema"

#!/usr/bin/env bash
# The GitHub Action's step (action.yml): installs pmlint into a virtualenv of its own and runs
# `pmlint check --format github` on PMLINT_PATHS with PMLINT_ARGS. PMLINT_VERSION is a version
# on PyPI, or the path or URL of a wheel. The exit code is pmlint's.
set -euo pipefail

venv="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/pmlint-action-venv"
case "$PMLINT_VERSION" in
    *.whl | */*) requirement="$PMLINT_VERSION" ;;
    *) requirement="pmlint==$PMLINT_VERSION" ;;
esac
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check "$requirement"
"$venv/bin/pmlint" --version
# Paths and arguments are split on spaces, as a workflow writes them on one line.
# shellcheck disable=SC2086
exec "$venv/bin/pmlint" check --format github ${PMLINT_ARGS:-} ${PMLINT_PATHS:-.}

#!/usr/bin/env bash
# Builds the seed corpus of the `lint` fuzz target in fuzz/corpus/lint/ (git-ignored): every
# fixture, and a few generated postmortems over 100 KB, so that slowness growing with the size
# of a document can be found. Entries the fuzzer has added to the folder are kept.
#
# A seed's first byte is the target's selector: bit 0 picks plain text over Markdown, bit 1
# colour in the human report, bits 2 and 3 the server's position encoding (0 UTF-16, 1 UTF-8,
# 2 UTF-32).
set -euo pipefail
cd "$(dirname "$0")"
out=corpus/lint
mkdir -p "$out"

# seed NAME SELECTOR: writes the selector byte (two hex digits), then stdin, to NAME.
seed() {
    { printf "\\x$2"; cat; } >"$out/$1"
}

(cd .. && find fixtures -type f \( -name '*.md' -o -name '*.txt' \) | sort) |
    while IFS= read -r fixture; do
        name=${fixture//\//-}
        case $fixture in
            *.txt) selector=01 ;;
            *) selector=00 ;;
        esac
        seed "$name" "$selector" <"../$fixture"
    done

opening() {
    printf '# API outage\n\n## Summary\n\nThe API returned errors after a deploy.\n\n'
    printf '## Impact\n\nAbout 20%% of requests failed.\n\n'
}

closing() {
    printf '\n## Root Cause\n\nA bad deploy.\n\n## Resolution\n\nWe rolled it back.\n\n'
    printf '## Action Items\n\n- Add a canary stage (owner: @sam, JIRA-12, due 2024-04-01)\n'
}

zones=(UTC WTC PST CEST)

# Thousands of timeline entries, out of order now and then, some in zones that do not exist.
timeline() {
    opening
    printf '## Timeline\n\n'
    for i in $(seq 0 3999); do
        printf -- '- 2024-03-%02d %02d:%02d %s - step %d of the rollback\n' \
            $((1 + i / 1440 % 28)) $((i / 60 % 24)) $(((i * 7) % 60)) "${zones[i % 4]}" "$i"
    done
    closing
}
timeline | seed large-timeline.md 00
# The same as plain text, with `Heading:` label lines.
timeline | sed -E 's/^## (.*)/\1:/; s/^# //' | seed large-timeline.txt 01

# A suppression comment on every line: used, unused, a range, and one naming no rule.
{
    opening
    printf '## Timeline\n\n'
    for i in $(seq 0 1999); do
        case $((i % 4)) in
            0) comment='<!-- pmlint-disable timeline-order --> <!-- pmlint-enable -->' ;;
            1) comment='<!-- pmlint-disable-line unknown-timezone -->' ;;
            2) comment='<!-- pmlint-disable-next-line dst-label -- copied from the pager -->' ;;
            *) comment='<!-- pmlint-disable-line no-such-rule, PM101 -->' ;;
        esac
        printf -- '- 2024-03-02 %02d:%02d %s - alert %d %s\n' \
            $((i / 60 % 24)) $((i % 60)) "${zones[i % 4]}" "$i" "$comment"
    done
    closing
} | seed large-suppressions.md 00

# One sentence with thousands of percentages.
{
    printf '# API outage\n\n## Summary\n\nThe API returned errors.\n\n## Impact\n\nOf all requests,'
    for i in $(seq 0 3999); do
        printf ' %d.%d%% failed in region %d,' $((i % 100)) $((i % 10)) "$i"
    done
    printf ' and the rest succeeded.\n'
    closing
} | seed large-percentages.md 04

# A timeline table with thousands of rows.
{
    opening
    printf '## Timeline\n\n| Time | Event | Owner |\n|---|---|---|\n'
    for i in $(seq 0 2999); do
        printf '| 2024-03-02 %02d:%02d %s | page %d acknowledged | @oncall-%d |\n' \
            $((i / 60 % 24)) $((i % 60)) "${zones[i % 4]}" "$i" $((i % 7))
    done
    closing
} | seed large-table.md 08

# A list nested hundreds of levels deep.
{
    opening
    printf '## Timeline\n\n'
    for depth in $(seq 0 329); do
        printf '%*s- 2024-03-02 %02d:%02d UTC - level %d\n' $((2 * depth)) '' \
            $((depth / 60 % 24)) $((depth % 60)) "$depth"
    done
    closing
} | seed large-nested-list.md 00

"""Large documents of the shapes that once made pmlint slower than linear, for the scaling
section of benches/corpus.sh. Every shape is written at 1x, 4x and 16x its base size.

    python3 benches/shapes.py OUT_DIR [SHAPE...]     # all shapes by default
"""
import sys

TAIL = "\n## Root Cause\n\nX.\n\n## Resolution\n\nY.\n\n## Action Items\n\n- Z.\n"


def timeline(n):
    head = ("# Long incident\n\n## Summary\n\nA long recovery.\n\n**Duration:** 09:00 UTC to 21:00 UTC, "
            "March 3, 2024\n\n## Impact\n\nAbout 5% of jobs were late.\n\n## Timeline\n\n")
    body = "".join(f"- 2024-03-03 {9 + i * 720 // n // 60:02d}:{i * 720 // n % 60:02d} UTC - step {i}\n"
                   for i in range(n))
    return head + body + TAIL


def table(n):
    """A timeline written as one long table."""
    head = ("# Long incident\n\n## Summary\n\nA long recovery.\n\n**Duration:** 09:00 UTC to 21:00 UTC, "
            "March 3, 2024\n\n## Impact\n\nAbout 5% of jobs were late.\n\n## Timeline\n\n"
            "| Time (UTC) | Event |\n| --- | --- |\n")
    body = "".join(f"| 2024-03-03 {9 + i * 720 // n // 60:02d}:{i * 720 // n % 60:02d} | step {i} |\n"
                   for i in range(n))
    return head + body + TAIL


def line(n):
    return "# One line\n\n" + "words 10:00 UTC and 2024-01-02 " * n + "\n"


def quotes(n):
    return "> " * n + "deep 10:00 UTC\n"


def suppress(n):
    """n suppression comments (next-line comments and disable/enable pairs) among lines with an
    unknown zone; every finding is hidden and every comment hides one."""
    blocks = []
    for i in range(n // 4):
        minute = i % 60
        blocks.append(
            "<!-- pmlint-disable-next-line unknown-timezone -->\n"
            f"- 10:{minute:02d} WTC - retry {i}\n"
            "<!-- pmlint-disable-next-line unknown-timezone -->\n"
            f"- 11:{minute:02d} WTC - retry {i}\n"
            "<!-- pmlint-disable unknown-timezone -->\n"
            f"- 12:{minute:02d} WTC - retry {i}\n"
            "<!-- pmlint-enable unknown-timezone -->\n"
        )
    return "# Retries\n\n" + "".join(blocks)


def percent(n):
    """One sentence with n shares of users."""
    parts = ", ".join(f"about {i % 97 + 1}% of users in region {i} were affected" for i in range(n))
    return "# Shares\n\n## Impact\n\n" + parts + ".\n"


def paragraph(n):
    """One long paragraph of short sentences with times, dates and percentages."""
    sentences = []
    for i in range(n):
        sentences.append(f"At {i % 24:02d}:{i % 60:02d} UTC on March {i % 28 + 1}, 2024 about {i % 90 + 5}% "
                         f"of requests failed and 3% of users saw errors for {i % 50 + 1} minutes.")
    return "# Paragraph\n\n## Impact\n\n" + " ".join(sentences) + "\n" + TAIL


def impact(n):
    """An impact section of many paragraphs, each with the same share of users and claims that
    everyone was affected."""
    said = []
    for i in range(n):
        said.append("Approximately 30% of users were affected. It was a complete outage for all users. "
                    f"A subset of users saw errors (3 of {i + 100} requests).")
    return ("# Checkout incident\n\n## Summary\n\nA partial outage for a subset of users.\n\n## Impact\n\n"
            + "\n\n".join(said) + "\n" + TAIL)


def declarations(n):
    """Many zone declarations with only dates quoted in prose after them, none that opens a line."""
    said = "".join(f"All times are in UTC. The report was filed on March {i % 28 + 1}, 2024 after review.\n\n"
                   for i in range(n))
    return "# Notes\n\n" + said


def blame(n):
    """One root-cause line of n blamed causes, with no full stop between them."""
    said = "The outage was due to human error, and John's mistake made it worse, " * n
    return "# Blame\n\n## Root cause\n\n" + said + "\n"


def headings(n):
    """Many headings of every level, most with a section title and one dated line each."""
    titles = ["Summary", "Impact", "Timeline", "Root Cause", "Resolution", "Action Items", "Notes"]
    out = ["# Many sections\n\n"]
    for i in range(n):
        level = i % 5 + 2
        out.append(f"{'#' * level} {titles[i % len(titles)]}\n\n"
                   f"- 2024-03-03 {i % 24:02d}:{i % 60:02d} UTC - note {i}\n\n")
    return "".join(out)


def incidents(n):
    """A write-up of n incidents, each with its own Duration line, timeline and impact."""
    out = ["# Incidents of the quarter\n\n## Timeline\n\n"]
    for i in range(n):
        day = i % 28 + 1
        out.append(
            f"### March {day}, 2024 - incident {i}\n\n"
            f"**Duration:** 10:00 to 11:00 UTC (1 hour)\n\n"
            f"About {i % 40 + 5}% of users were affected.\n\n"
            f"- **10:05 UTC** - alert fired\n- **10:40 UTC** - service fully restored\n\n"
        )
    return "".join(out) + TAIL


def postmortem(n):
    """A realistic postmortem, n of them one after the other in one file."""
    out = []
    for i in range(n):
        month, day = i % 12 + 1, i % 28 + 1
        date = f"2024-{month:02d}-{day:02d}"
        out.append(f"""# Postmortem: checkout errors, incident {i}

**Date:** {date}
**Authors:** Dana Reyes, Lee Okafor
**Status:** Complete

## Summary

On {date}, between 09:12 and 11:40 UTC, the checkout service returned errors for about
30% of users. It was a partial outage: browsing kept working.

**Duration:** {date} 09:12 UTC to 11:40 UTC (2 hours 28 minutes)

## Impact

Approximately 30% of users were affected. About 12,000 requests failed (480 of 12,000
requests, 4%). Errors were 45% timeouts, 40% 502s and 15% resets.

Time to detect: 8 minutes
Time to recover: 2 hours 28 minutes

## Timeline

All times are UTC.

- {date} 09:12 UTC - deploy of v2.{i} started
- 09:20 UTC - alert fired for the checkout error rate
- 09:25 UTC - on-call paged
- 09:41 PST - vendor status page updated
- 10:02 UTC - rollback started
- 10:30 UTC - error rate back under 1%
- 11:40 UTC - service fully restored

| Time (UTC) | Event |
| --- | --- |
| {date} 10:05 | traffic shifted to the standby region |
| {date} 10:45 | standby region at 100% of normal load |

## Root Cause

A configuration change lowered the connection pool size. Dana forgot to run the load test.

## Resolution

We rolled back the change and raised the pool size.

## Action Items

| Action | Owner | Due | Ticket |
| --- | --- | --- | --- |
| Alert on pool saturation | @dana | {date} | OPS-{i} |
| Load test every pool change | | | |

- Improve monitoring.

""")
    return "".join(out)


# Base sizes, each about 0.3-1 MB at 1x.
SHAPES = {
    "timeline": (timeline, 12500),
    "table": (table, 12500),
    "line": (line, 40000),
    "quotes": (quotes, 2500),
    "suppress": (suppress, 4000),
    "percent": (percent, 1000),
    "paragraph": (paragraph, 2000),
    "impact": (impact, 1000),
    "declarations": (declarations, 4000),
    "blame": (blame, 5000),
    "headings": (headings, 4000),
    "incidents": (incidents, 1000),
    "postmortem": (postmortem, 200),
}


def main():
    out = sys.argv[1]
    for name in sys.argv[2:] or SHAPES:
        make, base = SHAPES[name]
        for scale in (1, 4, 16):
            with open(f"{out}/{name}-{scale}x.md", "w") as f:
                f.write(make(base * scale))


if __name__ == "__main__":
    main()

"""Validates pmlint's JUnit and SARIF reports against the schemas in tests/schemas/, and checks
what the schemas cannot: JUnit's counts add up and fail only what --fail-on fails; SARIF's
relative URIs have a base the run defines, and every rule has a helpUri.

    validate_reports.py junit --fail-on warning REPORT...
    validate_reports.py sarif REPORT...

Prints one line per report and every problem found; exits 1 if there is any.
"""

import argparse
import json
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import jsonschema
import xmlschema

SCHEMAS = Path(__file__).resolve().parent.parent / "tests" / "schemas"
SEVERITIES = ["info", "warning", "error"]


def junit_problems(path, schema, fail_on):
    problems = [f"schema: {error.reason} at {error.path}" for error in schema.iter_errors(path)]
    if problems:
        return problems
    failing = SEVERITIES[SEVERITIES.index(fail_on):] if fail_on != "never" else []
    root = ElementTree.parse(path).getroot()
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for suite in root.iter("testsuite"):
        cases = suite.findall("testcase")
        counted = {
            "tests": len(cases),
            "failures": sum(len(case.findall("failure")) for case in cases),
            "errors": sum(len(case.findall("error")) for case in cases),
        }
        name = suite.get("name")
        for key, count in counted.items():
            totals[key] += count
            if int(suite.get(key)) != count:
                problems.append(f"suite {name}: {key}={suite.get(key)}, but it has {count}")
        for case in cases:
            for failure in case.findall("failure"):
                if failure.get("type") not in failing:
                    problems.append(
                        f"suite {name}: a {failure.get('type')} is a failure under --fail-on {fail_on}"
                    )
            out = case.find("system-out")
            if out is not None and any(f"{s}[PM" in out.text for s in failing):
                problems.append(f"suite {name}: a finding that fails the run passes: {out.text}")
    for key, count in totals.items():
        if int(root.get(key)) != count:
            problems.append(f"testsuites: {key}={root.get(key)}, but the suites have {count}")
    return problems


def sarif_problems(path, validator):
    log = json.loads(Path(path).read_text(encoding="utf-8"))
    problems = [
        f"schema: {error.message} at /{'/'.join(map(str, error.absolute_path))}"
        for error in validator.iter_errors(log)
    ]
    for run in log["runs"]:
        bases = run.get("originalUriBaseIds", {})
        for base in bases.values():
            if not (base["uri"].startswith("file://") and base["uri"].endswith("/")):
                problems.append(f"originalUriBaseIds: {base['uri']} is no file:// folder URI")
        for rule in run["tool"]["driver"]["rules"]:
            if not rule.get("helpUri", "").startswith("https://"):
                problems.append(f"rule {rule['id']} has no https helpUri")
        for result in run["results"]:
            for location in result["locations"] + result.get("relatedLocations", []):
                artifact = location["physicalLocation"]["artifactLocation"]
                base = artifact.get("uriBaseId")
                if base is not None and base not in bases:
                    problems.append(f"{artifact['uri']}: uriBaseId {base} is not defined")
                if base is None and artifact["uri"] != "stdin" and not artifact["uri"].startswith("file:///"):
                    problems.append(f"{artifact['uri']}: relative, but has no uriBaseId")
    return problems


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("format", choices=["junit", "sarif"])
    parser.add_argument("--fail-on", default="warning", choices=SEVERITIES + ["never"])
    parser.add_argument("reports", nargs="+")
    args = parser.parse_args()
    if args.format == "junit":
        schema = xmlschema.XMLSchema(SCHEMAS / "junit-10.xsd")
        check = lambda path: junit_problems(path, schema, args.fail_on)
    else:
        schema = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
        jsonschema.Draft4Validator.check_schema(schema)
        validator = jsonschema.Draft4Validator(
            schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER
        )
        check = lambda path: sarif_problems(path, validator)
    failed = False
    for report in args.reports:
        problems = check(report)
        print(f"{'FAIL' if problems else 'ok'}: {args.format} {report}")
        for problem in problems:
            print(f"    {problem}")
        failed |= bool(problems)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

"""Validates `pmlint facts --format json-lines` records, read from stdin, against
facts.schema.json; each must carry `"version": 1`. Exits 1 on any problem.

    pmlint facts --format json-lines PATHS... | validate_facts.py
"""

import json
import sys
from pathlib import Path

import jsonschema

REPO = Path(__file__).resolve().parent.parent


def main():
    schema = json.loads((REPO / "facts.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)
    count = failed = 0
    for line in sys.stdin:
        record = json.loads(line)
        count += 1
        problems = [] if record.pop("version", None) == 1 else ["no `version: 1`"]
        problems += [f"{e.message} at {list(e.path)}" for e in validator.iter_errors(record)]
        for problem in problems:
            print(f"FAIL: {record.get('file')}: {problem}")
        failed += bool(problems)
    print(f"{count - failed} of {count} facts records valid")
    sys.exit(1 if failed or count == 0 else 0)


if __name__ == "__main__":
    main()

"""Checks pmlint.schema.json, the JSON Schema of pmlint.toml: it is a valid draft-7 schema, it
accepts the config `pmlint init` writes with every commented setting turned on and every
pmlint.toml example in the README's Configuration section, and it refuses a config with an
unknown key, rule, profile or severity.

    validate_config_schema.py
"""

import json
import re
import sys
import tomllib
from pathlib import Path

import jsonschema

REPO = Path(__file__).resolve().parent.parent


def configuration_examples(readme):
    """The TOML blocks of the README's Configuration section."""
    section = readme.split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```toml\n(.*?)```", section, re.S)


def every_setting_on(template):
    """The init template with its commented `key = value` lines uncommented."""
    return re.sub(r'^# ((?:[a-z"][\w."-]*) = .*)$', r"\1", template, flags=re.M)


def main():
    schema = json.loads((REPO / "pmlint.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    template = (REPO / "src/config/template.toml").read_text(encoding="utf-8")
    valid = [("init template", every_setting_on(template))]
    valid += [(f"README example {n}", text) for n, text in enumerate(configuration_examples(readme), 1)]
    invalid = [
        ("unknown key", 'profil = "default"\n'),
        ("unknown rule", '[lint]\nignore = ["unknown-timezon"]\n'),
        ("unknown profile", 'profile = "nope"\n'),
        ("unknown severity", '[lint.severity]\ndst-label = "fatal"\n'),
        ("unknown reading", '[extensions]\nqmd = "html"\n'),
    ]
    failed = False
    if len(valid) < 4:
        print(f"FAIL: expected the template and at least 3 README examples, found {len(valid)}")
        failed = True
    for name, text in valid:
        errors = [e.message for e in validator.iter_errors(tomllib.loads(text))]
        print(f"{'FAIL' if errors else 'ok'}: accepts {name}")
        for error in errors:
            print(f"    {error}")
        failed |= bool(errors)
    for name, text in invalid:
        refused = any(True for _ in validator.iter_errors(tomllib.loads(text)))
        print(f"{'ok' if refused else 'FAIL'}: refuses a config with an {name}")
        failed |= not refused
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

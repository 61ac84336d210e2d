"""What pip's `packaging` says about the PEP 440 table: reads {versions, clauses} as JSON on stdin,
writes the verdicts as JSON. Each clause gets one character per version ('1' satisfied, '0' not,
pre-releases allowed as for markers); each version gets one character per version for the order
('<', '=', '>')."""
import json
import sys

import packaging
from packaging.specifiers import Specifier
from packaging.version import Version

cases = json.load(sys.stdin)
versions = cases["versions"]
parsed = [Version(text) for text in versions]


def verdicts(clause):
    specifier = Specifier(clause["op"] + clause["version"])
    return "".join("1" if specifier.contains(text, prereleases=True) else "0" for text in versions)


def order(left):
    return "".join("<" if left < right else "=" if left == right else ">" for right in parsed)


json.dump(
    {
        "packaging": packaging.__version__,
        "versions": versions,
        "clauses": [{**clause, "satisfied_by": verdicts(clause)} for clause in cases["clauses"]],
        "order": [order(version) for version in parsed],
    },
    sys.stdout,
    indent=1,
)
sys.stdout.write("\n")

"""Writes the LocalStack tier's measured times into README.md, between <!-- localstack-timings --> and
<!-- /localstack-timings -->, from the timings-ci.json / timings-all.json that scripts/test-localstack wrote (the
last run of each kind): figures come from the runs, not by hand."""

import json
import re
import sys
from pathlib import Path

readme, folder = Path(sys.argv[1]), Path(sys.argv[2])
runs = [(kind, json.loads((folder / f"timings-{kind}.json").read_text()))
        for kind in ("ci", "all") if (folder / f"timings-{kind}.json").exists()]
if not runs:
    sys.exit("no timings-*.json: run scripts/test-localstack first")
rows = []
for kind, t in runs:
    command = "scripts/test-localstack" + (" --all" if kind == "all" else "")
    steps = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in t["deploy_steps"]["steps"].items())
    rows.append(f"| `{command}` ({t['date']}) | {t['start_s']} s | {t['deploy_s']} s ({steps}) | "
                f"{t['suite_s']} s: {t['share']}, {t['tests']} |")
block = "\n".join([
    "<!-- localstack-timings -->",
    "| run (2 cores shared with other jobs) | start | deploy | end-to-end suite |",
    "|---|---|---|---|",
    *rows,
    "<!-- /localstack-timings -->",
])
text = readme.read_text()
pattern = re.compile(r"<!-- localstack-timings -->.*?<!-- /localstack-timings -->", re.S)
if not pattern.search(text):
    sys.exit("README.md has no <!-- localstack-timings --> block")
readme.write_text(pattern.sub(lambda _: block, text))
print("README.md: LocalStack timings recorded from " + ", ".join(f"timings-{k}.json" for k, _ in runs))

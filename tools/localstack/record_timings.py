"""Writes the LocalStack tier's measured times (timings.json from scripts/test-localstack) into README.md, between
the markers <!-- localstack-timings --> and <!-- /localstack-timings -->: figures come from the run, not by hand."""

import json
import re
import sys
from datetime import datetime, timezone
from pathlib import Path

readme, timings_file, full = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3] == "1"
t = json.loads(timings_file.read_text())
steps = t["deploy_steps"]["steps"]
deploy_steps = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in steps.items())
block = (
    f"<!-- localstack-timings -->\n"
    f"| measured by `scripts/test-localstack{' --all' if full else ''}` on {datetime.now(timezone.utc):%Y-%m-%d} (2 cores shared with other jobs) | seconds |\n"
    f"|---|---|\n"
    f"| start (`scripts/localstack start`, installed and seeded) | {t['start_s']} |\n"
    f"| deploy (`scripts/localstack deploy`: {deploy_steps}) | {t['deploy_s']} |\n"
    f"| end-to-end suite against the deployed stack ({t['share']}) | {t['suite_s']} |\n"
    f"<!-- /localstack-timings -->"
)
text = readme.read_text()
pattern = re.compile(r"<!-- localstack-timings -->.*?<!-- /localstack-timings -->", re.S)
if not pattern.search(text):
    sys.exit("README.md has no <!-- localstack-timings --> block")
readme.write_text(pattern.sub(lambda _: block, text))
print(f"README.md: LocalStack timings recorded ({t['start_s']} / {t['deploy_s']} / {t['suite_s']} s)")

#!/usr/bin/env bash
# Regenerates what the step registry documents: schemas/pipeline.schema.json and the README's step
# reference (between <!-- steps:begin --> and <!-- steps:end -->). Run after changing a step type;
# tests fail while either is stale.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
swift build --product risa >/dev/null
risa=".build/debug/risa"
"$risa" schema > schemas/pipeline.schema.json
"$risa" steps markdown > .build/steps.md
python3 - README.md .build/steps.md <<'PY'
import sys
readme_path, steps_path = sys.argv[1], sys.argv[2]
readme = open(readme_path, encoding="utf-8").read()
steps = open(steps_path, encoding="utf-8").read()
begin, end = "<!-- steps:begin -->\n", "<!-- steps:end -->"
start = readme.index(begin) + len(begin)
stop = readme.index(end)
open(readme_path, "w", encoding="utf-8").write(readme[:start] + steps + readme[stop:])
PY
echo "refreshed schemas/pipeline.schema.json and README.md's step reference"

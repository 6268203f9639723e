#!/usr/bin/env python
"""Write README.md from nbs/index.ipynb (markdown cells and non-hidden code cells).

nbdev's own `nbdev_readme` renders through Quarto, which cannot be installed on machines without
internet access to Quarto's release binaries (the `quarto-cli` package downloads them at install time).
This does the same job for our plain-markdown index. `python .ci/readme.py --check` exits 1 when stale."""
import json, sys
from pathlib import Path

root = Path(__file__).resolve().parent.parent

def render(nb_path=root/"nbs"/"index.ipynb") -> str:
    nb = json.loads(Path(nb_path).read_text())
    parts = []
    for c in nb["cells"]:
        src = "".join(c["source"]).strip()
        if not src: continue
        if c["cell_type"] == "markdown": parts.append(src)
        elif c["cell_type"] == "code" and not any(l.strip().startswith(("#| hide", "#|hide")) for l in src.splitlines()):
            parts.append("```python\n" + src + "\n```")
    text = "\n\n".join(parts) + "\n"
    # nbdev's title block "# title\n\n> summary" stays as written.
    return text + "\n<!-- generated from nbs/index.ipynb by .ci/readme.py: edit the notebook, not this file -->\n"

if __name__ == "__main__":
    out = render()
    if "--check" in sys.argv:
        ok = (root/"README.md").exists() and (root/"README.md").read_text() == out
        print("README.md is up to date" if ok else "README.md is stale: run python .ci/readme.py"); sys.exit(0 if ok else 1)
    (root/"README.md").write_text(out); print("wrote README.md")

#!/usr/bin/env python
"""Refresh the committed picture at the end of book chapters.

Each library notebook ends with one code cell tagged `book-figure` whose output (a small PNG) is committed, so a reader
in JupyterLab or on the docs site sees the chapter's figure without running anything. This script executes a notebook
the way `nbdev_test` does (flagged cells skipped) on a temporary copy, then copies the outputs of its `book-figure`
cells, and only those, into the notebook. Run it after changing a chapter's figure cell:

    .venv/bin/python .ci/book_figures.py nbs/02_metrics.ipynb [more notebooks]
"""
import json, shutil, sys
from pathlib import Path
from nbdev.config import get_config
from nbdev.test import test_nb
from nbdev.clean import clean_nb

TAG = "book-figure"
MAX_BYTES = 80_000   # per figure output, base64 PNG included (nbs/index.ipynb checks it)

def _tagged(cell) -> bool: return TAG in (cell.get("metadata", {}).get("tags") or [])

def refresh(path: Path) -> None:
    path = path.resolve()
    nb = json.loads(path.read_text())
    ids = [c["id"] for c in nb["cells"] if c["cell_type"] == "code" and _tagged(c)]
    if not ids: raise SystemExit(f"{path}: no code cell tagged {TAG!r}")
    tmp = path.with_name(f".bookfig_{path.name}")
    shutil.copy(path, tmp)
    try:
        ok, secs = test_nb(tmp, skip_flags=get_config().tst_flags.split(), save=True, do_print=False)
        if not ok: raise SystemExit(f"{path}: the notebook failed; no figure written")
        ran = {c["id"]: c for c in json.loads(tmp.read_text())["cells"]}
    finally: tmp.unlink(missing_ok=True)
    for c in nb["cells"]:
        if c["cell_type"] != "code": continue
        c["outputs"] = [o for o in ran[c["id"]].get("outputs", []) if o.get("output_type") == "display_data"] if c["id"] in ids else []
        for o in c["outputs"]: o["metadata"] = {}
        size = len(json.dumps(c["outputs"]))
        if size > MAX_BYTES: raise SystemExit(f"{path}: the book figure's output is {size} bytes (> {MAX_BYTES}); make it smaller")
        if c["id"] in ids and not any("image/png" in o.get("data", {}) for o in c["outputs"]):
            raise SystemExit(f"{path}: the book-figure cell {c['id']} showed no PNG image (end it with plt.show() or fig)")
    cfg = get_config()
    clean_nb(nb, allowed_metadata_keys=cfg.allowed_metadata_keys, allowed_cell_metadata_keys=cfg.allowed_cell_metadata_keys,
             clean_ids=cfg.clean_ids)
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n")
    print(f"{path}: book figure refreshed ({secs:.0f} s)")

if __name__ == "__main__":
    if len(sys.argv) < 2: raise SystemExit(__doc__)
    for p in sys.argv[1:]: refresh(Path(p))

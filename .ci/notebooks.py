#!/usr/bin/env python
"""The notebooks `nbdev_test` must run, by a committed rule, and the problems that would make it run fewer.

THE RULE. Every `*.ipynb` under `nbs/` is a test notebook, except the notebooks directly inside the folders listed in
`NOTEST_DIRS` below, and untracked hidden files (`.ipynb_checkpoints/`, temporary copies). Today `NOTEST_DIRS` is
`nbs/benchmarks`: speed tables, run with papermill on a quiet machine, never by `nbdev_test`. nbdev's own mechanism
does the exclusion: `nbdev_test` skips every notebook whose folder holds a file named `.notest` (its `ignore_fname`),
so each listed folder carries a `.notest` that says why.

What `.ci/run` treats as a problem (each would silently change how many notebooks run; the notebooks concerned still
count as notebooks that had to run, so they show up as failed):
- a `.notest` in a folder not listed here (a stray one drops a whole folder), or a listed folder without one;
- a notebook in a file or folder whose name starts with `_` (nbdev's `skip_file_re`/`skip_folder_re` '^[_.]' skip it);
  names starting with `.` are hidden files (editor checkpoints, temporary copies) and are ignored, unless git tracks them;
- a notebook whose front matter says `skip_exec: true`, or whose language is not Python (nbdev runs none of its cells);
- any difference between this list and the files `nbdev_test` itself selects (`--nbdev`, with nbdev installed).

    python .ci/notebooks.py          # the notebooks, one per line: "run PATH", or "skip PATH" for one that nbdev_test
                                     # will leave out (PATH relative to the repository root); problems on stderr
    python .ci/notebooks.py --nbdev  # also compare with nbdev's own selection
Exit code 1 when there is a problem (the list is printed all the same)."""
import subprocess, sys
from pathlib import Path

NOTEST_DIRS = ("nbs/benchmarks",)   # folders whose notebooks nbdev_test does not run (each holds a .notest saying why)
NBS = "nbs"

def _tracked(root: Path) -> set:
    "Files git tracks under nbs/ (empty when this is not a git checkout)."
    r = subprocess.run(["git", "ls-files", "-z", "--", NBS], cwd=root, capture_output=True, text=True)
    return set(r.stdout.split("\0")) - {""} if r.returncode == 0 else set()

def select(root: Path) -> tuple:
    "(notebooks to test, problems), notebooks as sorted paths relative to `root`."
    root = Path(root).resolve()
    nbs, tracked, problems, keep = root / NBS, _tracked(root), [], []
    if not nbs.is_dir(): return [], [f"no {NBS}/ folder in {root}"]
    notest = {p.parent.relative_to(root).as_posix() for p in nbs.rglob(".notest")
              if not any(part.startswith(".") for part in p.parent.relative_to(root).parts)}
    for d in sorted(notest - set(NOTEST_DIRS)):
        problems.append(f"stray {d}/.notest: nbdev_test skips the notebooks of {d}/ (delete the file, or list the folder in "
                        ".ci/notebooks.py NOTEST_DIRS with the reason in its .notest)")
    for d in sorted(set(NOTEST_DIRS) - notest):
        problems.append(f"{d}/ is listed in NOTEST_DIRS but has no .notest file (say in one why nbdev_test skips it)")
    for p in sorted(nbs.rglob("*.ipynb")):
        rel = p.relative_to(root)
        parts = rel.parts[1:]
        if rel.parent.as_posix() in NOTEST_DIRS: continue
        if any(s.startswith(".") for s in parts):   # hidden: checkpoints, temporary copies; a committed one must run
            if rel.as_posix() not in tracked: continue
            problems.append(f"{rel}: a committed notebook under a hidden name; nbdev_test skips it")
        elif any(s.startswith("_") for s in parts):
            problems.append(f"{rel}: nbdev_test skips names starting with '_' (rename it, or move it into a NOTEST_DIRS folder)")
        keep.append(rel.as_posix())
    if not keep: problems.append(f"no notebook to test under {NBS}/ (an empty or missing book cannot pass)")
    return keep, problems

def nbdev_selection(root: Path) -> tuple:
    "(notebooks `nbdev_test` with no path selects, those of them it would run no cell of), found with nbdev's own code."
    from nbdev.config import get_config
    from nbdev.doclinks import nbglob
    from nbdev.test import _keep_file, NBProcessor, nb_frontmatter, nb_lang, str2bool
    root = Path(root).resolve()
    files = [Path(f) for f in nbglob(get_config(root).nbs_path, as_path=True) if _keep_file(Path(f), ".notest")]
    rel = lambda f: f.resolve().relative_to(root).as_posix()
    idle = []
    for f in files:   # test_nb's own test: such a notebook "passes" without running anything
        nb = NBProcessor(f, rm_directives=False, process=True).nb
        if str2bool(nb_frontmatter(nb).get("skip_exec", False)) or nb_lang(nb) != "python": idle.append(rel(f))
    return sorted(map(rel, files)), sorted(idle)

def main(argv) -> int:
    root = Path(__file__).resolve().parent.parent
    keep, problems = select(root)
    skipped = {k for k in keep if k in " ".join(problems)}   # named in a problem: nbdev_test leaves it out
    if "--nbdev" in argv:
        theirs, idle = nbdev_selection(root)
        for f in idle: problems.append(f"{f}: skip_exec in its front matter or a non-Python kernel: nbdev_test runs none of its cells")
        told = " ".join(problems)   # exclusions already named above are not repeated
        for f in sorted(set(keep) - set(theirs)):
            if f not in told and str(Path(f).parent) + "/.notest" not in told:
                problems.append(f"{f}: the rule says test it, but nbdev_test would not run it")
        for f in sorted(set(theirs) - set(keep)): problems.append(f"{f}: nbdev_test would run it, but the rule leaves it out")
        skipped |= (set(keep) - set(theirs)) | set(idle)
    names = [Path(k).name for k in keep]
    for n in sorted({n for n in names if names.count(n) > 1}):
        problems.append(f"two notebooks named {n}: nbdev_test reports results by file name only; rename one")
    print("\n".join(f"{'skip' if k in skipped else 'run'} {k}" for k in keep))
    for p in problems: print(f"problem: {p}", file=sys.stderr)
    return 1 if problems else 0

if __name__ == "__main__": sys.exit(main(sys.argv[1:]))

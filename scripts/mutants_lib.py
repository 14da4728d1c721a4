"""What scripts/mutants-record and scripts/mutants-cover share (issue #23): the record of every
mutation run, and how a mutant tested on one commit is recognised in the code of another.

The record, `docs/mutation-record.tsv`, has one line per mutant a run tested: the run, the
commit whose code it mutated, the outcome, and the mutant (file, line, function, mutation, and
the text of the line it mutated). It is committed, so the coverage of the core does not depend
on `mutants.out` directories that a new machine does not have.

A mutant of today's code counts as tested when a recorded one has the same file, function,
mutation (without line and column) and mutated line (its text, spaces aside): line numbers
move as code is added above, but a line since edited is code not yet tested. Alike mutants
(the same mutation on two identical lines of one function) are matched by count.
"""
import os
import subprocess
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RECORD = os.path.join(ROOT, "docs", "mutation-record.tsv")
COLUMNS = ["run", "commit", "outcome", "file", "line", "function", "mutation", "source"]
OUTCOMES = {
    "CaughtMutant": "caught",
    "MissedMutant": "missed",
    "Timeout": "timeout",
    "Unviable": "unviable",
}


def mutation(m):
    """The mutation without its position: `src/x.rs:12:5: replace …` → `replace …`."""
    name, file = m["name"], m["file"]
    return name.split(": ", 1)[1] if name.startswith(file + ":") else name


def function(m):
    return (m.get("function") or {}).get("function_name", "")


def squeeze(text):
    return " ".join(text.split())


class Sources:
    """The lines of the files of one commit (or of the working tree, commit None)."""

    def __init__(self, commit=None, root=ROOT):
        self.commit, self.root, self.files = commit, root, {}

    def line(self, file, n):
        if file not in self.files:
            if self.commit is None:
                with open(os.path.join(self.root, file), encoding="utf-8") as f:
                    text = f.read()
            else:
                text = subprocess.run(
                    ["git", "show", f"{self.commit}:{file}"],
                    cwd=self.root, capture_output=True, text=True, check=True,
                ).stdout
            self.files[file] = text.split("\n")
        lines = self.files[file]
        return squeeze(lines[n - 1]) if 0 < n <= len(lines) else ""


def row_of(m, sources):
    line = m["span"]["start"]["line"]
    return {
        "file": m["file"],
        "line": str(line),
        "function": function(m),
        "mutation": mutation(m),
        "source": sources.line(m["file"], line),
    }


def key(row):
    return tuple(squeeze(row[k]) for k in ("file", "function", "mutation", "source"))


def read_record(path=RECORD):
    """The record's rows as dicts (a tab-separated file with a header line)."""
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    return [dict(zip(COLUMNS, line.split("\t"))) for line in lines[1:] if line]


def write_rows(rows, path=RECORD):
    """Appends rows to the record (its header first when it is new)."""
    new = not os.path.exists(path)
    with open(path, "a", encoding="utf-8") as f:
        if new:
            f.write("\t".join(COLUMNS) + "\n")
        for r in rows:
            f.write("\t".join(squeeze(r[k]) for k in COLUMNS) + "\n")


def outcomes(directory):
    """The mutants of a mutants.out directory, each with its outcome (the baseline left out)."""
    import json

    with open(os.path.join(directory, "outcomes.json"), encoding="utf-8") as f:
        for o in json.load(f)["outcomes"]:
            scenario = o["scenario"]
            if isinstance(scenario, dict) and "Mutant" in scenario:
                yield scenario["Mutant"], OUTCOMES.get(o["summary"], o["summary"])


def head_of(directory):
    """The commit checked out where a mutants.out directory lies (the tree the run mutated)."""
    return subprocess.run(
        ["git", "rev-parse", "--short=7", "HEAD"],
        cwd=os.path.dirname(os.path.abspath(directory)),
        capture_output=True, text=True, check=True,
    ).stdout.strip()


def untested(today_rows, tested_rows):
    """Today's rows no tested row matches; and how many tested rows match none today."""
    left = Counter(key(r) for r in tested_rows)
    out = []
    for r in today_rows:
        k = key(r)
        if left[k] > 0:
            left[k] -= 1
        else:
            out.append(r)
    return out, sum(left.values())

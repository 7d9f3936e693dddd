"""SCORM 2004 sequencing benchmark: CPU time per navigation request and per look-ahead (ADR 0018).

    .venv/bin/python -m bench.bench_sequencing

A course of modules of ten SCOs each ($BENCH_SCOS, default 200), every SCO passed in turn: each
step records the SCO's commit and asks "continue" (what the server does per Next), then the
look-ahead of every request the player may offer (what each answer carries). The engine is pure
code, so CPU time (``time.process_time``) is what it costs whatever else the machine runs.
"""

import os
import time

from content.runtime import sequencing as engine

SCOS = int(os.environ.get("BENCH_SCOS", "200"))
TARGET_MS = 50  # per request, navigation and look-ahead together, at 200 SCOs


def manifest(scos: int) -> dict:
    flow = {"controlMode": {"flow": True}}
    content_sets = {"deliveryControls": {"completionSetByContent": True, "objectiveSetByContent": True}}
    items, tree = [], []
    for m in range(max(1, scos // 10)):
        module = {"identifier": f"m{m}", "title": f"M{m}", "is_launchable": False, "children": []}
        items.append({"identifier": f"m{m}", "data": {"sequencing": flow}})
        for s in range(10):
            identifier = f"m{m}s{s}"
            module["children"].append({"identifier": identifier, "title": identifier, "is_launchable": True})
            items.append({"identifier": identifier, "data": {"sequencing": content_sets}})
        tree.append(module)
    return {"title": "bench", "items": items, "tree": tree, "data": {"sequencing": flow}}


def main() -> None:
    tree = engine.Tree(manifest(SCOS))
    state = engine.new_state()
    engine.navigate(state, tree, "start")
    passed = {"cmi.completion_status": "completed", "cmi.success_status": "passed"}
    steps, navigation, look_ahead = 0, 0.0, 0.0
    while state["current"] is not None:
        steps += 1
        started = time.process_time()
        engine.track(state, tree, state["current"], passed, steps)
        engine.navigate(state, tree, "continue", sequence=steps)
        navigation += time.process_time() - started
        started = time.process_time()
        engine.availability(state, tree, steps)
        look_ahead += time.process_time() - started
    per_request = (navigation + look_ahead) / steps * 1000
    print(f"{len(tree.leaves())} SCOs, {steps} steps")
    print(f"  commit + continue: {navigation / steps * 1000:.2f} ms CPU per request")
    print(f"  look-ahead:        {look_ahead / steps * 1000:.2f} ms CPU per request")
    print(f"  together:          {per_request:.2f} ms CPU (target {TARGET_MS} ms)")
    assert engine.summary(state, tree)["completed"] is True


if __name__ == "__main__":
    main()

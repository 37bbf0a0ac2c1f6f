#!/usr/bin/python3
"""Peer side of the suitrate scoring benchmark: xgboost's own prediction speed on a model of the same
size (same trees, depth, bins, learning rate) trained on the exact rows the TypeScript side generated.
Training is not measured here (bench/risk/speed.py does that); the model is cached between runs."""
import json
import os
import statistics
import sys
import time

import numpy as np
import xgboost as xgb


def timed(fn, reps):
    walls, cpus = [], []
    for _ in range(reps):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    return {"wall_s": walls, "cpu_s": cpus, "median_wall_s": statistics.median(walls), "median_cpu_s": statistics.median(cpus)}


def main():
    job = json.loads(sys.argv[1])
    n, f = job["rows"], job["features"]
    X = np.fromfile(job["x"], dtype=np.float64).reshape(n, f)
    p = job["params"]
    model_file = job["model"]
    bst = xgb.Booster()
    if os.path.exists(model_file):
        bst.load_model(model_file)
    else:
        y = np.fromfile(job["y"], dtype=np.uint8).astype(np.float32)
        params = {
            "objective": "binary:logistic", "tree_method": "hist", "nthread": 2, "max_depth": p["maxDepth"],
            "eta": p["learningRate"], "lambda": p["lambda"], "min_child_weight": p["minChildWeight"],
            "max_bin": p["maxBins"], "base_score": float(y.mean()), "grow_policy": "depthwise",
        }
        bst = xgb.train(params, xgb.DMatrix(X, label=y, nthread=2), num_boost_round=p["nEstimators"])
        bst.save_model(model_file)
    trees = len(bst.get_dump())
    out = {"xgboost": xgb.__version__, "trees": trees, "loadavg_before": os.getloadavg()}
    for threads in job["threads"]:
        bst.set_param({"nthread": threads})
        bst.inplace_predict(X[:1000], predict_type="margin")  # warm-up
        out[f"inplace_{threads}"] = timed(lambda: bst.inplace_predict(X, predict_type="margin"), job["reps"])
        out[f"dmatrix_predict_{threads}"] = timed(lambda: bst.predict(xgb.DMatrix(X, nthread=threads), output_margin=True), job["reps"])
    out["loadavg_after"] = os.getloadavg()
    print(json.dumps(out))


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Peer side of the suitrate boosting speed benchmark: xgboost tree_method=hist, ONE thread, on the
exact rows the TypeScript side generated (float64 row-major file + uint8 labels)."""
import json
import sys
import time

import numpy as np
import xgboost as xgb


def main():
    job = json.loads(sys.argv[1])
    n, f = job["rows"], job["features"]
    X = np.fromfile(job["x"], dtype=np.float64).reshape(n, f)
    y = np.fromfile(job["y"], dtype=np.uint8).astype(np.float32)
    p = job["params"]
    params = {
        "objective": "binary:logistic", "tree_method": "hist", "nthread": 1, "max_depth": p["maxDepth"],
        "eta": p["learningRate"], "lambda": p["lambda"], "min_child_weight": p["minChildWeight"],
        "max_bin": p["maxBins"], "base_score": float(y.mean()), "grow_policy": "depthwise",
    }
    t0, c0 = time.perf_counter(), time.process_time()
    d = xgb.DMatrix(X, label=y, nthread=1)
    t1, c1 = time.perf_counter(), time.process_time()
    bst = xgb.train(params, d, num_boost_round=p["nEstimators"])
    t2, c2 = time.perf_counter(), time.process_time()
    margin = bst.predict(d, output_margin=True)
    t3, c3 = time.perf_counter(), time.process_time()
    print(json.dumps({
        "xgboost": xgb.__version__,
        "dmatrix_s": t1 - t0, "train_s": t2 - t1, "predict_s": t3 - t2,
        "dmatrix_cpu_s": c1 - c0, "train_cpu_s": c2 - c1, "predict_cpu_s": c3 - c2,
        "margin_head": margin[:5].tolist(),
    }))


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Peer side of the suitrate risk quality benchmark: scikit-learn LogisticRegression (one-hot
categoricals, standardized numerics) and xgboost (tree_method=hist) on the SAME folds that the
TypeScript side wrote to a file. Reads one job as JSON on argv[1]; prints results as JSON."""
import json
import sys
import time

import numpy as np
import pandas as pd
import sklearn
import xgboost as xgb
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

MISSING = ["", "NA", "N/A", "NaN", "nan", "null", "NULL", "None", "?", "-"]


def load(job):
    df = pd.read_csv(job["csv"], na_values=MISSING, keep_default_na=False)
    y_raw = df[job["target"]].astype(str).str.strip()
    y = y_raw.isin([str(b) for b in job["bad"]]).astype(int).to_numpy()
    X = df.drop(columns=[job["target"]] + job["drop"])
    cats = [c for c in X.columns if X[c].dtype == object or c in job["categorical"]]
    for c in cats:
        X[c] = X[c].astype(object).where(X[c].notna(), "__missing__").astype(str)
    nums = [c for c in X.columns if c not in cats]
    return X, y, cats, nums


def main():
    job = json.loads(sys.argv[1])
    X, y, cats, nums = load(job)
    folds = pd.read_csv(job["folds"])["fold"].to_numpy()
    assert len(folds) == len(y), "folds file does not match the data"
    g = job["gbm"]
    X_oh = pd.get_dummies(X, columns=cats, dtype=float)
    out = {"sklearn": sklearn.__version__, "xgboost": xgb.__version__, "folds": []}
    for k in sorted(set(folds.tolist())):
        tr, te = folds != k, folds == k
        lr = Pipeline([
            ("prep", ColumnTransformer([
                ("num", Pipeline([("impute", SimpleImputer(strategy="median")), ("scale", StandardScaler())]), nums),
                ("cat", OneHotEncoder(handle_unknown="ignore"), cats),
            ])),
            ("lr", LogisticRegression(C=job["C"], max_iter=10000)),
        ])
        t0 = time.perf_counter()
        lr.fit(X[tr], y[tr])
        t_lr = time.perf_counter() - t0
        auc_lr = roc_auc_score(y[te], lr.predict_proba(X[te])[:, 1])
        clf = xgb.XGBClassifier(
            n_estimators=g["nEstimators"], learning_rate=g["learningRate"], max_depth=g["maxDepth"],
            reg_lambda=g["lambda"], gamma=g["gamma"], min_child_weight=g["minChildWeight"],
            subsample=g["subsample"], colsample_bytree=g["colsampleByTree"], max_bin=g["maxBins"],
            tree_method="hist", n_jobs=1, base_score=float(y[tr].mean()), objective="binary:logistic",
            random_state=0,
        )
        t0 = time.perf_counter()
        clf.fit(X_oh[tr], y[tr])
        t_xgb = time.perf_counter() - t0
        auc_xgb = roc_auc_score(y[te], clf.predict_proba(X_oh[te])[:, 1])
        out["folds"].append({"fold": int(k), "lr_auc": auc_lr, "xgb_auc": auc_xgb, "lr_s": t_lr, "xgb_s": t_xgb})
    print(json.dumps(out))


if __name__ == "__main__":
    main()

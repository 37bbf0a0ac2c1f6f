#!/usr/bin/python3
"""Peer for the pricing benchmark: the periodic IRR of every flow in a flows file, one
scipy.optimize.brentq call per flow (Debian python3-scipy / python3-numpy).

Flows file (little-endian): int64 n, int64 offsets[n + 1], float64 amounts[offsets[n]].
Output: float64 rates[n] (NaN where brentq finds no root in the bracket).

--npv numpy   NPV as numpy: np.dot(c, (1 + r) ** -k)         (the idiomatic form)
--npv horner  NPV as a pure-Python Horner loop over a list    (faster for short flows)
--npv vector  no per-flow Python at all: Newton on p(v) = sum c_k v^k (v = 1/(1+r)) for every flow
              at once, NumPy arrays of all flows of one length, Horner in vectorized form, from
              v = 1 to |dv| <= 1e-13 v (the same iteration as ours); a flow that does not converge
              falls back to brentq. The fastest honest Python form we know.
--npv roots   numpy.roots per flow on the same polynomial (companion-matrix eigenvalues), the one
              positive real root v -> r = 1/v - 1 (the issue's "numpy polynomial roots"); an optional
              4th argument limits it to the first N flows (it is slow).

Prints one JSON line: {"n", "npv", "seconds", "cpu_seconds", "per_second", "per_cpu_second", "failed"}
(solving time only; reading the file is timed separately as "read_seconds").
"""
import json
import sys
import time

import numpy as np
from scipy.optimize import brentq

LO, HI = -0.99, 10.0  # per-period bracket: −99% … +1000% a month


def vector_newton(offsets: np.ndarray, amounts: np.ndarray, rates: np.ndarray) -> int:
    lengths = np.diff(offsets)
    failed = 0
    for length in np.unique(lengths):
        rows = np.nonzero(lengths == length)[0]
        if length < 2:
            failed += len(rows)
            continue
        c = np.ascontiguousarray(amounts[offsets[rows][:, None] + np.arange(length)].T)  # c[k]: amount k of every flow
        v = np.ones(len(rows))
        done = np.zeros(len(rows), dtype=bool)
        for _ in range(60):
            p = c[length - 1].copy()
            dp = np.zeros(len(rows))
            for k in range(length - 2, -1, -1):
                dp = dp * v + p
                p = p * v + c[k]
            with np.errstate(divide="ignore", invalid="ignore"):
                vn = v - p / dp
            ok = np.isfinite(vn) & (vn > 0)
            conv = ok & (np.abs(vn - v) <= 1e-13 * vn)
            v = np.where(ok & ~done, vn, v)
            done |= conv
            if done.all():
                break
        rates[rows[done]] = 1.0 / v[done] - 1.0
        for i in rows[~done]:  # fallback, as in ours
            cf = amounts[offsets[i]:offsets[i + 1]]
            k = np.arange(len(cf), dtype=float)
            try:
                rates[i] = brentq(lambda r: float(np.dot(cf, (1.0 + r) ** -k)), LO, HI)
            except ValueError:
                failed += 1
    return failed


def main() -> None:
    path, out, npv = sys.argv[1], sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else "horner"
    t0 = time.perf_counter()
    raw = open(path, "rb").read()
    n = int(np.frombuffer(raw, dtype="<i8", count=1)[0])
    offsets = np.frombuffer(raw, dtype="<i8", count=n + 1, offset=8)
    amounts = np.frombuffer(raw, dtype="<f8", offset=8 + 8 * (n + 1))
    read_seconds = time.perf_counter() - t0

    rates = np.full(n, np.nan)
    failed = 0
    t1 = time.perf_counter()
    c1 = time.process_time()
    if npv == "vector":
        failed = vector_newton(offsets, amounts, rates)
    elif npv == "roots":
        limit = int(sys.argv[4]) if len(sys.argv) > 4 else n
        n = min(n, limit)
        rates = rates[:n]
        for i in range(n):
            c = amounts[offsets[i]:offsets[i + 1]]
            if len(c) < 2:
                failed += 1
                continue
            v = np.roots(c[::-1])
            real = v[(np.abs(v.imag) <= 1e-9 * np.abs(v)) & (v.real > 0)].real
            if len(real) == 1:
                rates[i] = 1.0 / real[0] - 1.0
            else:
                failed += 1
    elif npv == "numpy":
        for i in range(n):
            c = amounts[offsets[i]:offsets[i + 1]]
            if len(c) < 2:
                failed += 1
                continue
            k = np.arange(len(c), dtype=float)
            try:
                rates[i] = brentq(lambda r: float(np.dot(c, (1.0 + r) ** -k)), LO, HI)
            except ValueError:
                failed += 1
    else:
        for i in range(n):
            c = amounts[offsets[i]:offsets[i + 1]].tolist()
            if len(c) < 2:
                failed += 1
                continue
            rev = c[::-1]

            def f(r: float, rev=rev) -> float:
                v = 1.0 / (1.0 + r)
                acc = 0.0
                for x in rev:
                    acc = acc * v + x
                return acc

            try:
                rates[i] = brentq(f, LO, HI)
            except ValueError:
                failed += 1
    seconds = time.perf_counter() - t1
    cpu_seconds = time.process_time() - c1
    rates.astype("<f8").tofile(out)
    print(json.dumps({"n": n, "npv": npv, "seconds": seconds, "cpu_seconds": cpu_seconds, "read_seconds": read_seconds, "per_second": n / seconds, "per_cpu_second": n / cpu_seconds, "failed": failed}))


if __name__ == "__main__":
    main()

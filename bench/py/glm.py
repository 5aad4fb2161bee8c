"""statsmodels reference for the regression cases: pandas.read_csv, then Logit / GLM(Poisson) / OLS with SEs.

usage: python3 glm.py logistic|poisson|gaussian FILE.csv FIT_REPS   (prints one JSON object)
"""
import json
import math
import sys
import time

import numpy as np
import pandas as pd
import statsmodels
import statsmodels.api as sm

kind, path, reps = sys.argv[1], sys.argv[2], int(sys.argv[3])

t0 = time.perf_counter()
d = pd.read_csv(path)
load_s = time.perf_counter() - t0

fit_s = []
for _ in range(reps):
    t0 = time.perf_counter()
    # A text column is a factor: treatment dummies named like R's (grpL02, ...), the first level the reference.
    X = sm.add_constant(pd.get_dummies(d.drop(columns="y"), prefix_sep="", drop_first=True, dtype=float))
    y = d["y"]
    if kind == "logistic":
        res = sm.Logit(y, X).fit(disp=0)
    elif kind == "poisson":
        res = sm.GLM(y, X, family=sm.families.Poisson()).fit()
    else:
        res = sm.OLS(y, X).fit()
    est, se = np.asarray(res.params), np.asarray(res.bse)  # bse is lazy: compute it inside the timer
    fit_s.append(time.perf_counter() - t0)

names = ["(Intercept)" if c == "const" else c for c in X.columns]
est, se = list(map(float, est)), list(map(float, se))
converged = True
iterations = 0
if kind == "logistic":
    converged = bool(res.mle_retvals["converged"])
    iterations = int(res.mle_retvals["iterations"])
elif kind == "poisson":
    converged = bool(res.converged)
    iterations = int(res.fit_history["iteration"])
else:
    n = len(y)
    sig = math.sqrt(float(res.ssr) / n)  # ML sigma, comparable with the likelihood fit
    names.append("sigma"); est.append(sig); se.append(sig / math.sqrt(2 * n))

print(json.dumps({"tool": f"statsmodels {statsmodels.__version__}", "load_s": load_s, "fit_s": fit_s, "names": names,
                  "estimate": est, "se": se, "converged": converged, "iterations": iterations}))

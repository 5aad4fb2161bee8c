# Reference Kaplan–Meier estimates for test/unit/survival-plot.test.ts, from survival::survfit.
#
# Run from the repository root:   Rscript test/reference/r-product-limit.R      (needs survival, jsonlite)
# Writes test/reference/r-product-limit.json:
#   `cases`: `name`, the input `time` and `event` (1 event, 0 right-censored), and survfit's `time`, `nRisk`, `nEvent`,
#     `nCensor`, `surv` (survfit(Surv(time, event) ~ 1), every distinct time).
#   `coxSnell`: the Weibull AFT of examples/lung-weibull-censored.mle fitted by survreg, its Cox–Snell residuals
#     r = -log S(time | x) = exp((log time - lp) / Scale) and survfit's KM of them (censored as the rows are).
#   `tolerances`: `km` (absolute, on Ŝ: the same arithmetic, so only rounding), `coxSnellTime` (relative, on r: the
#     engine's estimates agree with survreg to about 1e-6), `coxSnellKm` (absolute, on Ŝ).

suppressPackageStartupMessages({
  library(survival)
  library(jsonlite)
})

num <- function(x) structure(paste0("[", paste(sprintf("%.17g", x), collapse = ", "), "]"), class = "json")

km_case <- function(name, time, event) {
  s <- survfit(Surv(time, event) ~ 1)
  list(
    name = name, input = list(time = num(time), event = num(event)),
    time = num(s$time), nRisk = num(s$n.risk), nEvent = num(s$n.event), nCensor = num(s$n.censor), surv = num(s$surv)
  )
}

lung_csv <- read.csv("examples/lung.csv")
cases <- list(
  km_case("lung (status 2 = died)", lung_csv$time, as.numeric(lung_csv$status == 2)),
  km_case(
    "ties between events and censorings",
    c(1, 2, 2, 2, 3, 3, 5, 5, 8, 8, 8, 10, 0.5),
    c(1, 1, 0, 1, 0, 0, 1, 1, 1, 0, 1, 0, 0)
  ),
  km_case("no censoring", c(3.2, 1.1, 4.8, 1.1, 2.0, 7.5), rep(1, 6)),
  km_case("last row censored", c(1, 2, 3, 4), c(1, 0, 1, 0))
)

fit <- survreg(Surv(time, status == 2) ~ age + sex, data = lung_csv, dist = "weibull")
r <- exp((log(lung_csv$time) - fit$linear.predictors) / fit$scale)
cs <- survfit(Surv(r, lung_csv$status == 2) ~ 1)

out <- list(
  `_meta` = list(R = R.version.string, survival = as.character(packageVersion("survival"))),
  cases = cases,
  coxSnell = list(
    model = "examples/lung-weibull-censored.mle",
    r = "survreg(Surv(time, status == 2) ~ age + sex, lung, dist = 'weibull'); r = exp((log(time) - lp) / scale)",
    time = num(cs$time), surv = num(cs$surv), nEvent = num(cs$n.event)
  ),
  tolerances = list(km = 1e-12, coxSnellTime = 1e-5, coxSnellKm = 1e-12)
)
writeLines(toJSON(out, auto_unbox = TRUE, pretty = TRUE, json_verbatim = TRUE), "test/reference/r-product-limit.json")

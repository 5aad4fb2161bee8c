# Reference fits for censoring and truncation, written to test/reference/r-survreg.json (read by
# test/reference/r-survreg.test.ts). Models are stated here in .mle form next to the R fit they must match.
#
# Run from the repository root:   Rscript test/reference/r-survreg.R
# Needs: R (>= 4.0) with survival and numDeriv.
#
# Censored AFT models: survival::survreg on survival::lung (examples/lung.csv, exported by
# examples/export-datasets.R), status 1 = censored, 2 = dead. survreg's coefficients are our b's; its Scale is
# 1/shape (Weibull), sigma (log-normal) or s (log-logistic on log(time)); SEs of those are by the delta method
# from survreg's SE of Log(scale): SE(1/scale) = SE(log scale)/scale, SE(scale) = scale * SE(log scale). The
# coefficient SEs are unchanged by that reparameterisation (the Jacobian is block-diagonal).
# Truncated Normal: optim() refined by Newton steps on numDeriv's gradient and Hessian; SEs from that Hessian.
# Zero-truncated Poisson: the closed-form MLE (lambda / (1 - exp(-lambda)) = mean(y), solved by uniroot) and
# the closed-form observed information sum(y)/lambda^2 - n e^lambda / (e^lambda - 1)^2.

suppressPackageStartupMessages({
  library(survival)
  library(numDeriv)
})

args <- commandArgs(trailingOnly = FALSE)
self <- sub("^--file=", "", args[grep("^--file=", args)])
here <- if (length(self) == 1) dirname(normalizePath(self)) else file.path("test", "reference")
root <- normalizePath(file.path(here, "..", ".."))
lung <- read.csv(file.path(root, "examples", "lung.csv"))

TOL <- list(estimate = 1e-6, se = 1e-4, logLik = 1e-6)
out <- list()
num <- function(x) unname(as.numeric(x))
row <- function(est, se) list(estimate = num(est), se = num(se))

aft <- function(key, model, dist, param, scale_kind, surv = Surv(lung$time, lung$status),
                surv_text = "Surv(time, status)") {
  f <- survreg(surv ~ age + sex, data = lung, dist = dist,
               control = survreg.control(rel.tolerance = 1e-13, iter.max = 100))
  b <- coef(f)
  se <- sqrt(diag(vcov(f)))
  s <- f$scale
  se_log_s <- if (scale_kind == "none") NA else se[["Log(scale)"]]
  p <- list(b0 = row(b[[1]], se[[1]]), b_age = row(b[[2]], se[[2]]), b_sex = row(b[[3]], se[[3]]))
  if (scale_kind == "inverse") p[[param]] <- row(1 / s, se_log_s / s)
  if (scale_kind == "scale") p[[param]] <- row(s, s * se_log_s)
  out[[key]] <<- list(
    r = sprintf('survreg(%s ~ age + sex, data = lung, dist = "%s")', surv_text, dist), model = model, data = "examples/lung.csv",
    n = nrow(lung), k = length(p), logLik = num(logLik(f)), parameters = p, tolerance = TOL
  )
}

HEAD <- 'data "lung.csv"\nparam b0, b_age, b_sex\n'
aft("weibull-right", paste0(HEAD, "param shape > 0\n",
    "time ~ Weibull(shape, exp(b0 + b_age * age + b_sex * sex)) censored right when status == 1\n"),
    "weibull", "shape", "inverse")
aft("exponential-right", paste0(HEAD,
    "time ~ Exponential(exp(-(b0 + b_age * age + b_sex * sex))) censored right when status == 1\n"),
    "exponential", NULL, "none")
aft("lognormal-right", paste0(HEAD, "param sigma > 0\n",
    "time ~ LogNormal(b0 + b_age * age + b_sex * sex, sigma) censored right when status == 1\n"),
    "lognormal", "sigma", "scale")
# log-logistic as a Logistic on log(time): with `fit jacobian = true` uncensored rows get -log(time), censored
# rows (a probability) none, which is exactly survreg's log-likelihood on the time scale.
aft("loglogistic-right", paste0(HEAD, "param s > 0\n",
    "log(time) ~ Logistic(b0 + b_age * age + b_sex * sex, s) censored right when status == 1\n",
    "fit jacobian = true\n"),
    "loglogistic", "s", "scale")
# Left censoring (status 1 read as "died before time", an artificial but valid use of the same data): the log-CDF path.
aft("lognormal-left", paste0(HEAD, "param sigma > 0\n",
    "time ~ LogNormal(b0 + b_age * age + b_sex * sex, sigma) censored left when status == 1\n"),
    "lognormal", "sigma", "scale", surv = Surv(lung$time, lung$status == 2, type = "left"),
    surv_text = 'Surv(time, status == 2, type = "left")')
aft("weibull-left", paste0(HEAD, "param shape > 0\n",
    "time ~ Weibull(shape, exp(b0 + b_age * age + b_sex * sex)) censored left when status == 1\n"),
    "weibull", "shape", "inverse", surv = Surv(lung$time, lung$status == 2, type = "left"),
    surv_text = 'Surv(time, status == 2, type = "left")')

# --- Truncated Normal: time ~ Normal(mu, sigma) truncated (0, inf) (the lung times are skewed towards 0).
y <- lung$time
nll <- function(th) {
  mu <- th[1]; s <- exp(th[2])
  -sum(dnorm(y, mu, s, log = TRUE) - pnorm(0, mu, s, lower.tail = FALSE, log.p = TRUE))
}
th <- optim(c(mean(y), log(sd(y))), nll, method = "BFGS", control = list(reltol = 1e-15, maxit = 1000))$par
for (i in 1:20) th <- th - solve(hessian(nll, th), grad(nll, th))
# SEs on the natural scale (mu, sigma), from the Hessian there.
nll_nat <- function(p) nll(c(p[1], log(p[2])))
est <- c(th[1], exp(th[2]))
se <- sqrt(diag(solve(hessian(nll_nat, est))))
out[["normal-truncated"]] <- list(
  r = "optim + Newton(numDeriv) on sum(dnorm(y, mu, s, log) - pnorm(0, mu, s, lower = FALSE, log.p = TRUE))",
  model = 'data "lung.csv"\nparam mu\nparam sigma > 0\ntime ~ Normal(mu, sigma) truncated (0, inf)\n',
  data = "examples/lung.csv", n = length(y), k = 2, logLik = -nll(th),
  parameters = list(mu = row(est[1], se[1]), sigma = row(est[2], se[2])),
  gradient = num(grad(nll_nat, est)), tolerance = TOL
)

# --- Zero-truncated Poisson on the non-zero yearly counts of great discoveries (datasets::discoveries).
d <- as.integer(datasets::discoveries)
yp <- d[d > 0]
write.csv(data.frame(discoveries = yp), file.path(here, "discoveries-positive.csv"), row.names = FALSE)
m <- mean(yp); n <- length(yp)
lam <- uniroot(function(l) l / (1 - exp(-l)) - m, c(1e-8, 100), tol = 1e-15)$root
info <- sum(yp) / lam^2 - n * exp(lam) / (exp(lam) - 1)^2
ll <- sum(dpois(yp, lam, log = TRUE)) - n * log1p(-exp(-lam))
out[["poisson-zero-truncated"]] <- list(
  r = "uniroot(lambda / (1 - exp(-lambda)) - mean(y)); observed information in closed form",
  model = 'data "discoveries-positive.csv"\nparam lambda > 0\ndiscoveries ~ Poisson(lambda) truncated (1, inf)\n',
  data = "test/reference/discoveries-positive.csv", n = n, k = 1, logLik = ll,
  parameters = list(lambda = row(lam, 1 / sqrt(info))), tolerance = TOL
)

# --- Log-CDFs and log-survival functions in both tails (test/unit/censoring.test.ts), from R's p* functions.
tail <- function(family, fn, x, value, r) list(family = family, fn = fn, x = x, value = value, r = r)
tails <- list(
  tail("Normal", "logCdf", c(-40, 0, 1), pnorm(-40, log.p = TRUE), "pnorm(-40, log.p = TRUE)"),
  tail("Normal", "logCdf", c(3, 0, 1), pnorm(3, log.p = TRUE), "pnorm(3, log.p = TRUE)"),
  tail("Normal", "logSurvival", c(40, 0, 1), pnorm(40, lower.tail = FALSE, log.p = TRUE),
       "pnorm(40, lower.tail = FALSE, log.p = TRUE)"),
  tail("Normal", "logSurvival", c(-1, 2, 0.5), pnorm(-1, 2, 0.5, lower.tail = FALSE, log.p = TRUE),
       "pnorm(-1, 2, 0.5, lower.tail = FALSE, log.p = TRUE)"),
  tail("LogNormal", "logSurvival", c(50, 1, 0.5), plnorm(50, 1, 0.5, lower.tail = FALSE, log.p = TRUE),
       "plnorm(50, 1, 0.5, lower.tail = FALSE, log.p = TRUE)"),
  tail("LogNormal", "logCdf", c(0.01, 1, 0.5), plnorm(0.01, 1, 0.5, log.p = TRUE), "plnorm(0.01, 1, 0.5, log.p = TRUE)"),
  tail("Weibull", "logCdf", c(1e-8, 1.5, 2), pweibull(1e-8, 1.5, 2, log.p = TRUE), "pweibull(1e-8, 1.5, 2, log.p = TRUE)"),
  tail("Weibull", "logCdf", c(30, 1.5, 2), pweibull(30, 1.5, 2, log.p = TRUE), "pweibull(30, 1.5, 2, log.p = TRUE)"),
  tail("Weibull", "logSurvival", c(30, 1.5, 2), pweibull(30, 1.5, 2, lower.tail = FALSE, log.p = TRUE),
       "pweibull(30, 1.5, 2, lower.tail = FALSE, log.p = TRUE)"),
  tail("Exponential", "logCdf", c(1e-20, 0.5), pexp(1e-20, 0.5, log.p = TRUE), "pexp(1e-20, 0.5, log.p = TRUE)"),
  tail("Exponential", "logSurvival", c(3, 0.5), pexp(3, 0.5, lower.tail = FALSE, log.p = TRUE),
       "pexp(3, 0.5, lower.tail = FALSE, log.p = TRUE)"),
  tail("Logistic", "logCdf", c(-800, 1, 2), plogis(-800, 1, 2, log.p = TRUE), "plogis(-800, 1, 2, log.p = TRUE)"),
  tail("Logistic", "logSurvival", c(50, 1, 0.5), plogis(50, 1, 0.5, lower.tail = FALSE, log.p = TRUE),
       "plogis(50, 1, 0.5, lower.tail = FALSE, log.p = TRUE)"),
  tail("Logistic", "logCdf", c(0.3, 1, 0.5), plogis(0.3, 1, 0.5, log.p = TRUE), "plogis(0.3, 1, 0.5, log.p = TRUE)")
)
out[["tails"]] <- list(tolerance = 1e-12, values = tails)

writeLines((function(x) {
  # A tiny JSON writer (no jsonlite dependency): numbers with 17 significant digits.
  enc <- function(v) {
    if (is.list(v)) {
      if (!is.null(names(v))) return(paste0("{", paste0('"', names(v), '": ', vapply(v, enc, ""), collapse = ", "), "}"))
      return(paste0("[", paste(vapply(v, enc, ""), collapse = ", "), "]"))
    }
    if (is.character(v)) return(paste0('"', gsub("\n", "\\\\n", gsub('"', '\\\\"', v)), '"'))
    if (length(v) != 1) return(paste0("[", paste(vapply(as.list(v), enc, ""), collapse = ", "), "]"))
    formatC(v, digits = 17, format = "g")
  }
  enc(x)
})(out), file.path(here, "r-survreg.json"))
cat("wrote", file.path(here, "r-survreg.json"), "with", length(out), "fits\n")
cat(R.version.string, "| survival", as.character(packageVersion("survival")), "\n")

# Reference fits of factor GLMs with many levels (the block-arrowhead path of the engine): writes
# test/fixtures/factor-glm/levels60.csv and test/reference/r-factor-glm.json.
# Run from the repository root:   Rscript test/reference/r-factor-glm.R   (needs jsonlite)
#
# 60 levels G01..G60 (G01 the reference), 100 rows each (6,000 rows: n·p² > 2e7, so the Normal fit takes the
# normal equations, factored by the Schur complement), one covariate x ~ N(0, 1); outcomes: a Poisson
# count y, a Normal yn and a Bernoulli yb, each from a level effect 0.4 sin(1.7 l) plus a slope. Fits: glm(y ~ x + grp,
# poisson), glm(yb ~ x + grp, binomial), both with epsilon = 1e-14 (so their IRLS is converged to rounding), and
# lm(yn ~ x + grp) with the ML sigma = sqrt(RSS / n) and SEs sqrt(diag(vcov)) * sqrt((n - p) / n), the engine's
# (observed information at the MLE); sigma's SE is sigma / sqrt(2 n). Tolerances (relative to max(1, |x|)) are stored.

suppressPackageStartupMessages(library(jsonlite))
args <- commandArgs(trailingOnly = FALSE)
self <- sub("^--file=", "", args[grep("^--file=", args)])
here <- if (length(self) == 1) dirname(normalizePath(self)) else file.path("test", "reference")
root <- normalizePath(file.path(here, "..", ".."))

set.seed(20261203)
L <- 60
per <- 100
lev <- sprintf("G%02d", 1:L)
code <- rep(1:L, each = per)
n <- length(code)
x <- round(rnorm(n), 6)
eff <- 0.4 * sin(1.7 * (0:(L - 1)))
eta <- 0.3 + eff[code] + 0.25 * x
d <- data.frame(
  y = rpois(n, exp(eta)),
  yn = round(eta + 0.8 * rnorm(n), 6),
  yb = rbinom(n, 1, plogis(eta - 0.3)),
  grp = lev[code],
  x = x
)
write.csv(d, file.path(root, "test", "fixtures", "factor-glm", "levels60.csv"), row.names = FALSE, quote = FALSE)
d$grp <- factor(d$grp, levels = lev)

ours <- function(nm) ifelse(nm == "(Intercept)", "a", ifelse(nm == "x", "b", sub("^grp", "g[", paste0(nm, "]"))))
params <- function(est, se) {
  setNames(lapply(seq_along(est), function(j) list(estimate = unname(est[j]), se = unname(se[j]))), ours(names(est)))
}
ctl <- glm.control(epsilon = 1e-14, maxit = 100)
pois <- glm(y ~ x + grp, family = poisson, data = d, control = ctl)
logi <- glm(yb ~ x + grp, family = binomial, data = d, control = ctl)
lin <- lm(yn ~ x + grp, data = d)
p <- length(coef(lin))
sigma <- sqrt(sum(residuals(lin)^2) / n)
linPar <- params(coef(lin), sqrt(diag(vcov(lin))) * sqrt((n - p) / n))
linPar$sigma <- list(estimate = sigma, se = sigma / sqrt(2 * n))

out <- list(
  `_meta` = list(R = R.version.string, note = "glm epsilon 1e-14; lm with the ML sigma"),
  tolerance = list(estimate = 2e-8, se = 1e-7, logLik = 1e-11,
                   note = "relative to max(1, |x|); our IRLS stops at a relative Newton decrement of 1e-10 (estimates to ~1e-8)"),
  data = "test/fixtures/factor-glm/levels60.csv",
  poisson = list(
    r = "glm(y ~ x + grp, poisson)",
    model = "param a\nparam g[grp] ref\nparam b\ny ~ Poisson(exp(a + g[grp] + b * x))",
    parameters = params(coef(pois), sqrt(diag(vcov(pois)))),
    logLik = as.numeric(logLik(pois))
  ),
  logistic = list(
    r = "glm(yb ~ x + grp, binomial)",
    model = "param a\nparam g[grp] ref\nparam b\nyb ~ Bernoulli(logistic(a + g[grp] + b * x))",
    parameters = params(coef(logi), sqrt(diag(vcov(logi)))),
    logLik = as.numeric(logLik(logi))
  ),
  normal = list(
    r = "lm(yn ~ x + grp), ML sigma",
    model = "param a\nparam g[grp] ref\nparam b\nparam sigma > 0\nyn ~ Normal(a + g[grp] + b * x, sigma)",
    parameters = linPar,
    logLik = as.numeric(logLik(lin, REML = FALSE))
  )
)
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), file.path(here, "r-factor-glm.json"))

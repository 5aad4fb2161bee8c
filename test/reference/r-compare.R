# Reference numbers for `mle compare` (test/unit/cli-compare.test.ts): writes test/reference/r-compare.json.
# Run from the repository root:   Rscript test/reference/r-compare.R   (needs jsonlite)
#
# warpbreaks: three nested Poisson glms (test/fixtures/compare/wb-*.mle): logLik(), AIC(), BIC(), Akaike weights
# from the AICs, and anova(g_small, g_large, test = "LRT") for every nested pair (deviance difference = 2 delta logLik,
# df, Pr(>Chi)). glm's IRLS converges to ~1e-10 relative: tolerance 1e-7 relative on logLik/AIC/BIC/statistics,
# 1e-6 relative on p-values and weights.
# cars: lm(dist ~ speed) against the heteroscedastic model sd = sqrt(sigma^2 + v speed^2), v > 0
# (test/fixtures/compare/cars-*.mle), fitted by nlminb on (a, b, log sigma, log v) with tight tolerances; v = 0 is on
# the bound, so p = 0.5 * pchisq(2 delta logLik, 1, lower.tail = FALSE) (Self & Liang 1987, the chi-bar-squared
# 50:50 mixture of chi2(0) and chi2(1)). Tolerance 1e-6 relative (nlminb's optimum).

suppressPackageStartupMessages(library(jsonlite))
args <- commandArgs(trailingOnly = FALSE)
self <- sub("^--file=", "", args[grep("^--file=", args)])
here <- if (length(self) == 1) dirname(normalizePath(self)) else file.path("test", "reference")
root <- normalizePath(file.path(here, "..", ".."))
fx <- function(f) read.csv(file.path(root, "test", "fixtures", "compare", f), stringsAsFactors = FALSE)

wb <- fx("warpbreaks.csv")
glms <- list(
  "wb-null.mle" = glm(breaks ~ 1, family = poisson, data = wb, control = glm.control(epsilon = 1e-14, maxit = 100)),
  "wb-wool.mle" = glm(breaks ~ wool_B, family = poisson, data = wb, control = glm.control(epsilon = 1e-14, maxit = 100)),
  "wb-wool-tension.mle" = glm(breaks ~ wool_B + tension_M + tension_H, family = poisson, data = wb,
                              control = glm.control(epsilon = 1e-14, maxit = 100))
)
aics <- sapply(glms, AIC)
w <- exp(-(aics - min(aics)) / 2); w <- w / sum(w)
models <- lapply(names(glms), function(m) {
  g <- glms[[m]]
  list(k = length(coef(g)), logLik = as.numeric(logLik(g)), aic = AIC(g), bic = BIC(g),
       deltaAic = AIC(g) - min(aics), akaikeWeight = unname(w[m]))
})
names(models) <- names(glms)
pairs <- list(c("wb-null.mle", "wb-wool.mle"), c("wb-null.mle", "wb-wool-tension.mle"),
              c("wb-wool.mle", "wb-wool-tension.mle"))
tests <- lapply(pairs, function(p) {
  a <- anova(glms[[p[1]]], glms[[p[2]]], test = "LRT")
  list(smaller = p[1], larger = p[2], statistic = a$Deviance[2], df = a$Df[2], p = a[["Pr(>Chi)"]][2])
})

cars <- fx("cars.csv")
l0 <- lm(dist ~ speed, data = cars)
ll0 <- as.numeric(logLik(l0))
nll <- function(t) -sum(dnorm(cars$dist, t[1] + t[2] * cars$speed, sqrt(exp(2 * t[3]) + exp(t[4]) * cars$speed^2), log = TRUE))
o <- nlminb(c(coef(l0), log(10), log(0.5)), nll, control = list(rel.tol = 1e-15, x.tol = 1e-12, eval.max = 5000, iter.max = 5000))
o <- optim(o$par, nll, method = "BFGS", control = list(reltol = 1e-16, maxit = 10000))
ll1 <- -o$value
stat <- 2 * (ll1 - ll0)
boundary <- list(smaller = "cars-linear.mle", larger = "cars-hetero.mle", logLikSmaller = ll0, logLikLarger = ll1,
                 statistic = stat, df = 1, p = 0.5 * pchisq(stat, 1, lower.tail = FALSE),
                 pChisq = pchisq(stat, 1, lower.tail = FALSE), estimates = list(a = o$par[1], b = o$par[2],
                 sigma = exp(o$par[3]), v = exp(o$par[4])))

out <- list(
  `_meta` = list(r = R.version.string, script = "test/reference/r-compare.R",
                 tolerance = list(warpbreaks = 1e-7, warpbreaksP = 1e-6, boundary = 1e-6)),
  warpbreaks = list(models = models, tests = tests),
  boundary = boundary
)
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), file.path(here, "r-compare.json"))

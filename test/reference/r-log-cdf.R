# Reference log-CDFs and log-survival functions for test/unit/r-log-cdf.test.ts: R's p* functions with log.p = TRUE,
# lower.tail = TRUE (log P(Y <= y)) and FALSE (log P(Y > y)), at points in the bulk and in both far tails (values far
# below log(1e-308) = -709 included, which only a log-scale computation represents).
#
# Run from the repository root:   Rscript test/reference/r-log-cdf.R      (needs jsonlite)
# Writes test/reference/r-log-cdf.json: `cases` (one per family and argument vector: `family`, `args` in the engine's
# order, `r` the R call, `y`, `lower`, `upper` = log P(Y <= y), log P(Y > y)) and `tolerances` (relative, on the log
# value: `bulk` where |log P| <= 50 and the probability is not within 1e-10 of 1, `tail` elsewhere).
#
# Parameterisations (the engine's argument order -> R):
#   Laplace(mu, b): no base-R plaplace; by formula, F = exp(r)/2 (r <= 0), 1 - exp(-r)/2 (r > 0), r = (y - mu)/b,
#     each tail on the log scale (log1p for the complement of a half).
#   Cauchy(location, scale) -> pcauchy(y, location, scale);  Uniform(lower, upper) -> punif(y, lower, upper)
#   Gamma(shape, rate) -> pgamma(y, shape, rate);  Beta(a, b) -> pbeta(y, a, b)
#   StudentT(nu, mu, sigma) -> pt((y - mu) / sigma, nu)
#   Poisson(lambda) -> ppois(y, lambda);  NegBinomial(mu, size) -> pnbinom(y, size = size, mu = mu)
#   Geometric(p) -> pgeom(y, p) (failures before the first success);  Binomial(size, p) -> pbinom(y, size, p)

suppressPackageStartupMessages(library(jsonlite))

plaplace_log <- function(y, mu, b, lower) {
  r <- (y - mu) / b
  if (!lower) r <- -r
  ifelse(r <= 0, r - log(2), log1p(-exp(-r) / 2))
}

# Numbers at 17 significant digits (jsonlite stops at 15), spliced in verbatim.
num <- function(x) {
  stopifnot(all(is.finite(x)))
  structure(paste0("[", paste(sprintf("%.17g", x), collapse = ", "), "]"), class = "json")
}

cases <- list()
add <- function(family, args, r, ys, f) {
  cases[[length(cases) + 1]] <<- list(
    family = family, args = num(args), r = r, y = num(ys),
    lower = num(sapply(ys, function(y) f(y, TRUE))),
    upper = num(sapply(ys, function(y) f(y, FALSE)))
  )
}

for (a in list(c(-0.5, 1.3), c(10, 0.01))) {
  ys <- a[1] + a[2] * c(-1000, -40, -3, -0.2, 0, 0.7, 5, 40, 1000)
  add("Laplace", a, sprintf("formula, mu = %g, b = %g", a[1], a[2]), ys, function(y, l) plaplace_log(y, a[1], a[2], l))
}
for (a in list(c(0.4, 0.8), c(-20, 3))) {
  ys <- a[1] + a[2] * c(-1e300, -1e100, -1e10, -30, -1, 0, 0.5, 2, 1e8, 1e200)
  add("Cauchy", a, sprintf("pcauchy(y, %g, %g)", a[1], a[2]), ys,
      function(y, l) pcauchy(y, a[1], a[2], lower.tail = l, log.p = TRUE))
}
for (a in list(c(-1, 2.5), c(3, 3.001))) {
  w <- a[2] - a[1]
  ys <- a[1] + w * c(1e-12, 1e-6, 0.2, 0.5, 0.9, 1 - 1e-9)
  add("Uniform", a, sprintf("punif(y, %g, %g)", a[1], a[2]), ys,
      function(y, l) punif(y, a[1], a[2], lower.tail = l, log.p = TRUE))
}
for (a in list(c(2.5, 0.8), c(0.3, 2), c(30, 1.5), c(200, 0.1), c(0.02, 1))) {
  ys <- c(1e-300, 1e-100, 1e-8, 0.01, 0.5, 1, 3, 10, 100, 1000, 5000) * a[1] / a[2]
  add("Gamma", a, sprintf("pgamma(y, %g, %g)", a[1], a[2]), ys,
      function(y, l) pgamma(y, a[1], a[2], lower.tail = l, log.p = TRUE))
}
# Large shapes near the mode, where log x^a e^-x / Gamma(a+1) cancels unless written as in Loader's dpois.
for (a in list(c(1e4, 1), c(1e6, 0.5))) {
  ys <- c(0.99, 0.999, 1, 1.001, 1.01) * a[1] / a[2]
  add("Gamma", a, sprintf("pgamma(y, %g, %g)", a[1], a[2]), ys,
      function(y, l) pgamma(y, a[1], a[2], lower.tail = l, log.p = TRUE))
}
for (a in list(c(2, 3.5), c(0.5, 0.5), c(50, 80), c(0.1, 5), c(400, 3))) {
  ys <- c(1e-300, 1e-50, 1e-6, 0.01, 0.3, 0.5, 0.7, 0.99, 1 - 1e-6, 1 - 1e-12)
  add("Beta", a, sprintf("pbeta(y, %g, %g)", a[1], a[2]), ys,
      function(y, l) pbeta(y, a[1], a[2], lower.tail = l, log.p = TRUE))
}
for (a in list(c(6, -1, 1.5), c(1.5, 0, 1), c(30, 2, 0.5), c(200, 0, 2), c(0.7, 1, 1))) {
  ys <- a[2] + a[3] * c(-1e60, -1e20, -1e5, -30, -3, -0.4, 0, 0.1, 1, 8, 1e4, 1e40)
  add("StudentT", a, sprintf("pt((y - %g) / %g, %g)", a[2], a[3], a[1]), ys,
      function(y, l) pt((y - a[2]) / a[3], a[1], lower.tail = l, log.p = TRUE))
}
for (a in list(3.2, 0.01, 150)) {
  ys <- unique(round(c(0, 1, a / 2, a, 2 * a, 5 * a + 10, 30 * a + 50, 300 * a + 500)))
  add("Poisson", a, sprintf("ppois(y, %g)", a), ys, function(y, l) ppois(y, a, lower.tail = l, log.p = TRUE))
}
for (a in list(1e5)) {
  ys <- a + c(-1000, -100, 0, 100, 1000)
  add("Poisson", a, sprintf("ppois(y, %g)", a), ys, function(y, l) ppois(y, a, lower.tail = l, log.p = TRUE))
}
for (a in list(c(3, 2.2), c(50, 0.5), c(2, 1000), c(0.5, 40))) {
  ys <- unique(round(c(0, 1, a[1] / 2, a[1], 3 * a[1], 20 * a[1] + 20, 300 * a[1] + 300)))
  add("NegBinomial", a, sprintf("pnbinom(y, size = %g, mu = %g)", a[2], a[1]), ys,
      function(y, l) pnbinom(y, size = a[2], mu = a[1], lower.tail = l, log.p = TRUE))
}
for (a in list(0.3, 1e-4, 0.99)) {
  ys <- c(0, 1, 5, 50, 1000, 1e5)
  add("Geometric", a, sprintf("pgeom(y, %g)", a), ys, function(y, l) pgeom(y, a, lower.tail = l, log.p = TRUE))
}
for (a in list(c(12, 0.3), c(1000, 0.001), c(50, 0.5), c(400, 0.97))) {
  ys <- unique(round(c(0, 1, a[1] * a[2], a[1] / 2, a[1] - 2, a[1] - 1)))
  add("Binomial", a, sprintf("pbinom(y, %g, %g)", a[1], a[2]), ys,
      function(y, l) pbinom(y, a[1], a[2], lower.tail = l, log.p = TRUE))
}

out <- list(
  `_meta` = list(r = R.version.string, script = "test/reference/r-log-cdf.R"),
  tolerances = list(bulk = 1e-12, tail = 1e-9),
  cases = cases
)
writeLines(toJSON(out, auto_unbox = TRUE, json_verbatim = TRUE, pretty = TRUE), "test/reference/r-log-cdf.json")

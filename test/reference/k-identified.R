# References for test/unit/k-identified.test.ts: AIC/BIC of a rank-deficient linear model count its rank, as lm does.
# Run from the repository root: Rscript test/reference/k-identified.R
# Writes test/reference/k-identified.json (the data inline, so the test needs no CSV).
set.seed(7)
n <- 60
x1 <- round(rnorm(n), 3)
x2 <- 2 * x1 # exactly collinear: the information has rank 4 of 5 (a, b1, b2, b3, sigma)
x3 <- round(rnorm(n), 3)
y <- round(1 + 0.5 * x1 - 0.3 * x3 + rnorm(n), 4)
m <- lm(y ~ x1 + x2 + x3)
ll <- logLik(m)
out <- list(
  tolerance = 1e-8,
  data = list(y = y, x1 = x1, x2 = x2, x3 = x3),
  df = attr(ll, "df"),
  logLik = as.numeric(ll),
  aic = AIC(m),
  bic = BIC(m),
  # The same model without x2: full rank, same fit.
  reduced = list(df = attr(logLik(lm(y ~ x1 + x3)), "df"), aic = AIC(lm(y ~ x1 + x3)))
)
writeLines(jsonlite::toJSON(out, digits = NA, auto_unbox = TRUE, pretty = TRUE), "test/reference/k-identified.json")

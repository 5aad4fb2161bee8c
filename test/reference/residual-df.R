# Reference for `fit df = residual`: R's summary(lm) on cars and trees (test/unit/residual-df.test.ts).
# Run from the repository root: Rscript test/reference/residual-df.R
library(jsonlite)
# A linear combination c'b of the coefficients: estimate, SE sqrt(c'Vc) and the t interval (as predict(lm, interval =
# "confidence") gives for a + 20 b).
combo <- function(fit, cc, level) {
  est <- sum(cc * coef(fit))
  se <- sqrt(drop(t(cc) %*% vcov(fit) %*% cc))
  q <- qt(0.5 + level / 2, fit$df.residual)
  list(estimate = est, se = se, lower = est - q * se, upper = est + q * se)
}
one <- function(name, fit, cc, level = 0.95) {
  s <- summary(fit)
  co <- s$coefficients
  ci <- confint(fit, level = level)
  rdf <- fit$df.residual
  rss <- sum(residuals(fit)^2)
  list(
    name = name, level = level, df = rdf, sigma = s$sigma,
    sigmaCi = sqrt(rss / qchisq(c(0.5 + level / 2, 0.5 - level / 2), rdf)),
    estimate = unname(co[, 1]), se = unname(co[, 2]), t = unname(co[, 3]), p = unname(co[, 4]),
    lower = unname(ci[, 1]), upper = unname(ci[, 2]), vcov = unname(vcov(fit)), logLik = as.numeric(logLik(fit)),
    derived = combo(fit, cc, level)
  )
}
cars <- read.csv("examples/cars.csv")
trees <- read.csv("examples/trees.csv")
out <- list(
  tolerance = 1e-10,
  note = "relative tolerance (absolute below 1e-300); p-values compared relative to themselves",
  cases = list(
    one("cars", lm(dist ~ speed, data = cars), c(1, 20)),
    one("cars90", lm(dist ~ speed, data = cars), c(1, 20), level = 0.9),
    one("trees", lm(log(Volume) ~ log(Girth) + log(Height), data = trees), c(0, 1, 1))
  )
)
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, pretty = TRUE), "test/reference/residual-df.json")

# References for test/unit/verdict.test.ts (the convergence verdict and inference at the edges of the parameter space).
# Run from the repository root: Rscript test/reference/verdict-reference.R
# Writes test/fixtures/verdict/normal-200.csv and test/reference/verdict-fixtures.json.
level <- 0.95
cut <- qchisq(level, 1)

# A Normal sample: StudentT's nu runs to infinity on it.
set.seed(1)
y <- round(rnorm(200, 10, 2), 4)
write.csv(data.frame(y = y), "test/fixtures/verdict/normal-200.csv", row.names = FALSE, quote = FALSE)
n <- length(y)
s_mle <- sqrt(mean((y - mean(y))^2))
normal_loglik <- sum(dnorm(y, mean(y), s_mle, log = TRUE))
# Profile log-likelihood of nu: the t log-likelihood maximised over mu and log s with nu fixed.
prof_t <- function(nu) {
  f <- function(p) -sum(dt((y - p[1]) / exp(p[2]), nu, log = TRUE) - p[2])
  -optim(c(mean(y), log(s_mle)), f, method = "BFGS", control = list(reltol = 1e-14, maxit = 1000))$value
}
# The supremum over nu is the Normal limit, so the lower limit solves 2 (normal_loglik - prof_t(nu)) = cut.
nu_lower <- exp(uniroot(function(l) 2 * (normal_loglik - prof_t(exp(l))) - cut, c(log(0.5), log(1e4)), tol = 1e-12)$root)

# 0 successes out of 14, p in (0, 1): the LR limit solves 14 log(1 - p) = -cut / 2.
p_upper <- 1 - exp(-cut / 28)

# Old Faithful waiting times, two-Normal mixture: the maximum, and the degenerate edge w -> 1 (one Normal).
fw <- read.csv("examples/faithful.csv")$waiting
mix_nll <- function(p) {
  w <- plogis(p[1])
  -sum(log(w * dnorm(fw, p[2], exp(p[4])) + (1 - w) * dnorm(fw, p[3], exp(p[5]))))
}
best <- optim(c(qlogis(0.36), 54.6, 80.1, log(5.9), log(5.9)), mix_nll, method = "BFGS",
              control = list(reltol = 1e-15, maxit = 10000))
mix_loglik <- -best$value
single_loglik <- sum(dnorm(fw, mean(fw), sqrt(mean((fw - mean(fw))^2)), log = TRUE))

out <- list(
  `_meta` = list(R.version.string = R.version.string, script = "test/reference/verdict-reference.R", level = level),
  studentTInfinity = list(data = "test/fixtures/verdict/normal-200.csv", normalLogLik = normal_loglik,
                          nuProfileLower = nu_lower, tol = 1e-3,
                          r = "sup over nu of the t profile is the Normal MLE; uniroot on 2 (normal - prof_t(nu)) = qchisq(.95, 1)"),
  zeroSuccesses = list(n = 14, pProfileUpper = p_upper, r = "1 - exp(-qchisq(.95, 1) / 28)"),
  faithfulWaitingMixture = list(logLik = mix_loglik, degenerateLogLik = single_loglik, tol = 1e-6,
                                r = "optim BFGS on logit w, mu1, mu2, log s1, log s2 from w = 0.36, 54.6, 80.1, 5.9, 5.9")
)
writeLines(jsonlite::toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), "test/reference/verdict-fixtures.json")

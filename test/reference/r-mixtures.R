# Reference fits of the mixture tests in R: writes test/reference/r-mixtures.json.
# Run from the repository root:   Rscript test/reference/r-mixtures.R   (needs numDeriv and jsonlite)
# Data: test/fixtures/mixtures/*.csv (from r-mixtures-data.R) and examples/faithful.csv.
#
# Each mixture is maximised by optim(BFGS, numDeriv gradient) on an unconstrained scale (weights by additive
# log-ratios, scales and rates by logs) from several starts -- the true values, and every start's best must agree --
# then polished by Newton steps with numDeriv derivatives. SEs: sqrt(diag(solve(-H))) with H = numDeriv::hessian of
# the log-likelihood in the natural parameters, which are the engine's: K - 1 weights w1..w(K-1) (the last weight is
# 1 - their sum), then each component's arguments. Components are numbered by increasing mean, as the engine numbers
# them when no inits are given.
# Tolerances (stored per fit): logLik 1e-6 and estimates 1e-5 relative (max(1, |x|)); SEs 1e-4 relative (numDeriv
# Hessians are good to ~1e-6, the engine's are exact).

suppressPackageStartupMessages({
  library(numDeriv)
  library(jsonlite)
})
args <- commandArgs(trailingOnly = FALSE)
self <- sub("^--file=", "", args[grep("^--file=", args)])
here <- if (length(self) == 1) dirname(normalizePath(self)) else file.path("test", "reference")
root <- normalizePath(file.path(here, "..", ".."))

# A mixture: densities dens[[k]](y, theta_k, log = TRUE); np[k] arguments each; pos[k] = which of them are > 0.
mixture_ll <- function(y, dens, np) {
  K <- length(dens)
  function(th) {
    w <- th[seq_len(K - 1)]
    w <- c(w, 1 - sum(w))
    if (any(w <= 0)) return(-Inf)
    at <- K - 1
    lp <- sapply(seq_len(K), function(k) {
      a <- th[at + seq_len(np[k])]
      at <<- at + np[k]
      log(w[k]) + dens[[k]](y, a)
    })
    m <- apply(lp, 1, max)
    sum(m + log(rowSums(exp(lp - m))))
  }
}

# Natural <-> unconstrained: weights by additive log-ratio, positive arguments by log.
to_u <- function(th, K, pos) {
  w <- th[seq_len(K - 1)]
  a <- th[-seq_len(K - 1)]
  a[pos] <- log(a[pos])
  c(log(w / (1 - sum(w))), a)
}
from_u <- function(u, K, pos) {
  e <- exp(u[seq_len(K - 1)])
  a <- u[-seq_len(K - 1)]
  a[pos] <- exp(a[pos])
  c(e / (1 + sum(e)), a)
}

fit_mixture <- function(y, dens, np, pos, starts, names, mean_of) {
  K <- length(dens)
  ll <- mixture_ll(y, dens, np)
  f <- function(u) -ll(from_u(u, K, pos))
  fits <- lapply(starts, function(s) {
    o <- optim(to_u(s, K, pos), f, gr = function(u) numDeriv::grad(f, u), method = "BFGS",
               control = list(reltol = 1e-15, maxit = 5000))
    u <- o$par
    for (i in 1:30) {
      g <- numDeriv::grad(f, u)
      if (max(abs(g)) < 1e-9) break
      u <- u - solve(numDeriv::hessian(f, u), g)
    }
    list(u = u, value = f(u))
  })
  cat(deparse(substitute(dens)), "start values:", vapply(fits, `[[`, 0, "value"), "\n")
  vals <- vapply(fits, `[[`, 0, "value")
  best <- fits[[which.min(vals)]]
  if (max(vals) - min(vals) > 1e-6) stop("starts disagree: ", paste(vals, collapse = ", "))
  th <- from_u(best$u, K, pos)
  # Number components by increasing mean.
  at <- K - 1
  comp <- lapply(seq_len(K), function(k) { a <- th[at + seq_len(np[k])]; at <<- at + np[k]; a })
  w <- th[seq_len(K - 1)]; w <- c(w, 1 - sum(w))
  o <- order(vapply(seq_len(K), function(k) mean_of(comp[[k]]), 0))
  th <- c(w[o][seq_len(K - 1)], unlist(comp[o]))
  H <- numDeriv::hessian(ll, th)
  se <- sqrt(diag(solve(-H)))
  g <- numDeriv::grad(ll, th)
  list(parameters = setNames(lapply(seq_along(th), function(j) list(estimate = th[[j]], se = se[[j]])), names),
       logLik = ll(th), gradientNorm = sqrt(sum(g^2)), n = length(y), k = length(th),
       tolerance = list(logLik = 1e-6, estimate = 1e-5, se = 1e-4))
}

nd <- function(y, a) dnorm(y, a[1], a[2], log = TRUE)
rd <- function(f) read.csv(file.path(root, "test", "fixtures", "mixtures", f))$y
out <- list()

y <- rd("normal3.csv")
out[["normal3"]] <- c(list(data = "test/fixtures/mixtures/normal3.csv",
  model = "y ~ Mixture(w1, w2, Normal(mu1, s1), Normal(mu2, s2), Normal(mu3, s3))"),
  fit_mixture(y, list(nd, nd, nd), c(2, 2, 2), rep(c(FALSE, TRUE), 3),
    list(c(0.3, 0.45, -2, 0.7, 1.5, 1, 5, 0.6), c(0.33, 0.33, -1, 1, 1, 1, 4, 1)),
    c("w1", "w2", "mu1", "s1", "mu2", "s2", "mu3", "s3"), function(a) a[1]))

y <- rd("poisson2.csv")
pd <- function(y, a) dpois(y, a[1], log = TRUE)
out[["poisson2"]] <- c(list(data = "test/fixtures/mixtures/poisson2.csv",
  model = "y ~ Mixture(w, Poisson(lambda1), Poisson(lambda2))"),
  fit_mixture(y, list(pd, pd), c(1, 1), c(TRUE, TRUE), list(c(0.4, 2, 9), c(0.5, 1, 6)),
    c("w", "lambda1", "lambda2"), function(a) a[1]))

y <- rd("exp2.csv")
ed <- function(y, a) dexp(y, a[1], log = TRUE)
out[["exp2"]] <- c(list(data = "test/fixtures/mixtures/exp2.csv",
  model = "y ~ Mixture(w, Exponential(rate1), Exponential(rate2))"),
  fit_mixture(y, list(ed, ed), c(1, 1), c(TRUE, TRUE), list(c(0.35, 3, 0.4), c(0.5, 1, 0.5)),
    c("w", "rate1", "rate2"), function(a) 1 / a[1]))

y <- read.csv(file.path(root, "examples", "faithful.csv"))$waiting
out[["faithful-waiting"]] <- c(list(data = "examples/faithful.csv",
  model = "waiting ~ Mixture(w, Normal(mu1, sigma1), Normal(mu2, sigma2))"),
  fit_mixture(y, list(nd, nd), c(2, 2), c(FALSE, TRUE, FALSE, TRUE), list(c(0.35, 55, 6, 80, 6), c(0.5, 50, 8, 85, 8)),
    c("w", "mu1", "sigma1", "mu2", "sigma2"), function(a) a[1]))

# Three components on faithful eruptions: the example examples/faithful-mixture3.mle (simplex weights w[1:3]).
y <- read.csv(file.path(root, "examples", "faithful.csv"))$eruptions
out[["faithful-eruptions3"]] <- c(list(data = "examples/faithful.csv",
  model = "eruptions ~ Mixture(w, Normal(mu[1], s[1]), Normal(mu[2], s[2]), Normal(mu[3], s[3]))"),
  fit_mixture(y, list(nd, nd, nd), c(2, 2, 2), rep(c(FALSE, TRUE), 3),
    list(c(0.16, 0.2, 1.86, 0.09, 2.18, 0.27, 4.29, 0.41), c(0.2, 0.15, 1.8, 0.1, 2.3, 0.3, 4.3, 0.4)),
    c("w[1]", "w[2]", "mu[1]", "s[1]", "mu[2]", "s[2]", "mu[3]", "s[3]"), function(a) a[1]))

meta <- list(R.version.string = R.version.string, numDeriv = as.character(packageVersion("numDeriv")),
             script = "test/reference/r-mixtures.R")
path <- file.path(here, "r-mixtures.json")
write_json(c(list(`_meta` = meta), out), path, auto_unbox = TRUE, digits = NA, pretty = TRUE)
cat("wrote", path, "\n")

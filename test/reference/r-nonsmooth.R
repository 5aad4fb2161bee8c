# Reference answers for the non-smooth and non-regular models in test/fixtures/nonsmooth/: Laplace likelihoods
# (sample median; least absolute deviations by quantreg::rq), Uniform endpoints (sample min / max) and lasso MAPs
# (Laplace priors; glmnet, then an exact polish on glmnet's active set and a subgradient (KKT) check).
#
# Run from the repository root:   Rscript test/reference/r-nonsmooth.R
# Needs: R with quantreg and glmnet. Writes the data (test/fixtures/nonsmooth/*.csv) and
# test/reference/r-nonsmooth.json.
#
# Per case: `model` (the .mle file), `r` (the R call), `parameters.<name>.estimate` / `.se` (se null where none is
# valid), `logLik`, `logPosterior` (lasso), and case-specific fields described where they are set. `tolerances`
# states the relative agreement the tests require.

suppressPackageStartupMessages({
  library(quantreg)
  library(glmnet)
  library(jsonlite)
})

args <- commandArgs(trailingOnly = FALSE)
self <- sub("^--file=", "", args[grep("^--file=", args)])
here <- if (length(self) == 1) dirname(normalizePath(self)) else file.path("test", "reference")
root <- normalizePath(file.path(here, "..", ".."))
fx_dir <- file.path(root, "test", "fixtures", "nonsmooth")
put <- function(d, f) write.csv(d, file.path(fx_dir, f), row.names = FALSE)

put(data.frame(speed = cars$speed, dist = cars$dist), "cars.csv")
put(data.frame(girth = trees$Girth, height = trees$Height, volume = trees$Volume), "trees.csv")
put(data.frame(air_flow = stackloss$Air.Flow, water_temp = stackloss$Water.Temp,
               acid_conc = stackloss$Acid.Conc., stack_loss = stackloss$stack.loss), "stackloss.csv")
put(cbind(model = rownames(mtcars), mtcars), "mtcars.csv")
put(faithful, "faithful.csv")
put(airquality, "airquality.csv")

out <- list(
  `_meta` = list(R = R.version.string, quantreg = as.character(packageVersion("quantreg")),
                 glmnet = as.character(packageVersion("glmnet"))),
  tolerances = list(estimate = 1e-9, se = 1e-9, logLik = 1e-12, logPosterior = 1e-12,
                    note = "relative; the lasso references are polished on glmnet's active set to ~1e-12 (glmnet itself agrees to ~3e-6)")
)
par <- function(est, se) setNames(lapply(seq_along(est), function(j)
  list(estimate = unname(est[j]), se = if (is.na(se[j])) NULL else unname(se[j]))), names(est))

# --- Laplace i.i.d.: mu = median, b = mean |y - median|; expected-information SEs b / sqrt(n) for both.
laplace_iid <- function(y, model, call) {
  n <- length(y)
  m <- median(y)
  b <- mean(abs(y - m))
  ys <- sort(y)
  flat <- if (n %% 2 == 0) c(ys[n / 2], ys[n / 2 + 1]) else c(m, m)
  list(model = model, r = call, n = n,
       parameters = par(c(mu = m, b = b), c(b, b) / sqrt(n)),
       logLik = -n * log(2 * b) - n,
       # the set of optimal mu (the two middle order statistics for even n; a point for odd n)
       flatInterval = flat)
}
out[["laplace-iid-even"]] <- laplace_iid(cars$dist, "laplace-cars.mle", "median(cars$dist); mean(abs(dist - median))")
# airquality Ozone (116 non-missing rows): the middle values 31 and 32 differ, so every mu in [31, 32] is optimal.
out[["laplace-iid-flat"]] <- laplace_iid(na.omit(airquality$Ozone), "laplace-ozone.mle", "median(na.omit(airquality$Ozone))")
out[["laplace-iid-odd"]] <- laplace_iid(trees$Volume, "laplace-trees.mle", "median(trees$Volume)")

# --- LAD regression: beta = rq(tau = 0.5), s = mean |r|; SE(beta) = s sqrt(diag((X'X)^-1)), SE(s) = s / sqrt(n).
lad <- function(formula, data, model, names, call) {
  nonunique <- FALSE
  fit <- withCallingHandlers(rq(formula, data = data, tau = 0.5),
                             warning = function(w) {
                               if (grepl("nonunique", conditionMessage(w))) nonunique <<- TRUE
                               invokeRestart("muffleWarning")
                             })
  X <- model.matrix(fit, data = data)
  y <- model.response(model.frame(formula, data))
  n <- length(y)
  sad <- sum(abs(y - X %*% coef(fit)))
  s <- sad / n
  est <- c(setNames(coef(fit), names), s = s)
  se <- c(s * sqrt(diag(solve(crossprod(X)))), s / sqrt(n))
  list(model = model, r = call, n = n, parameters = par(est, se), logLik = -n * log(2 * s) - n,
       sumAbsResiduals = sad, nonunique = nonunique)
}
out[["lad-stackloss"]] <- lad(stack.loss ~ Air.Flow + Water.Temp + Acid.Conc., stackloss, "lad-stackloss.mle",
                              c("a", "b_air", "b_water", "b_acid"), "rq(stack.loss ~ ., data = stackloss, tau = 0.5)")
out[["lad-trees"]] <- lad(Volume ~ Girth + Height, trees, "lad-trees.mle", c("a", "b_girth", "b_height"),
                          "rq(Volume ~ Girth + Height, data = trees, tau = 0.5)")
out[["lad-cars"]] <- lad(dist ~ speed, cars, "lad-cars.mle", c("a", "b"), "rq(dist ~ speed, data = cars, tau = 0.5)")
# faithful: rq warns "Solution may be nonunique"; only sum |r| (hence s, logLik, SEs) is unique, and rq's vertex is
# one optimal point among many.
out[["lad-faithful"]] <- lad(eruptions ~ waiting, faithful, "lad-faithful.mle", c("a", "b"),
                             "rq(eruptions ~ waiting, data = faithful, tau = 0.5)")

# --- Uniform: lower = min, upper = max, logLik = -n log(max - min); no SE. The exact one-sided bound: with both
# endpoints unknown, (upper - max) / (max - min) has P(. <= c) = 1 - (1 + c)^-(n - 1) (free of the parameters), so
# upper <= max + c (max - min) with c = (1 - level)^(-1 / (n - 1)) - 1 at `level`; lower symmetrically. With the
# lower end known (0), max / upper ~ Beta(n, 1): upper <= max / (1 - level)^(1 / n).
y <- cars$speed
n <- length(y)
cc <- 0.05^(-1 / (n - 1)) - 1
out[["uniform-both"]] <- list(model = "uniform-cars.mle", r = "range(cars$speed)", n = n,
                              parameters = par(c(lower = min(y), upper = max(y)), c(NA, NA)),
                              logLik = -n * log(max(y) - min(y)),
                              exactBound95 = list(lower = min(y) - cc * diff(range(y)),
                                                  upper = max(y) + cc * diff(range(y))))
out[["uniform-upper"]] <- list(model = "uniform-zero-cars.mle", r = "max(cars$speed)", n = n,
                               parameters = par(c(upper = max(y)), NA), logLik = -n * log(max(y)),
                               exactBound95 = list(upper = max(y) / 0.05^(1 / n)))

# --- Lasso MAPs. Priors b_j ~ Laplace(0, s) (log density -log(2s) - |b|/s), intercept flat.
# Normal with free sigma: for fixed sigma the MAP is glmnet's objective RSS/(2n) + lambda sum|b| with
# lambda = sigma^2 / (n s); sigma^2 = RSS / n at the joint stationary point. Alternate to the fixed point, then polish
# exactly on glmnet's active set A with signs z: b_A = (X_A'X_A)^-1 (X_A'y - (sigma^2 / s) z_A) (intercept: z = 0).
lasso_normal <- function() {
  v <- c("wt", "hp", "qsec", "drat", "disp")
  X <- as.matrix(mtcars[, v]); y <- mtcars$mpg; n <- nrow(X); s <- 0.5
  sig2 <- var(y)
  for (it in 1:500) {
    f <- glmnet(X, y, lambda = sig2 / (n * s), standardize = FALSE, thresh = 1e-14)
    b <- as.numeric(coef(f)); sig2 <- mean((y - cbind(1, X) %*% b)^2)
  }
  glm_b <- b
  X1 <- cbind(1, X); A <- which(b != 0); z <- sign(b); z[1] <- 0
  for (it in 1:2000) {
    bA <- solve(crossprod(X1[, A]), crossprod(X1[, A], y) - (sig2 / s) * z[A])
    b <- numeric(ncol(X1)); b[A] <- bA; sig2 <- mean((y - X1 %*% b)^2)
  }
  g <- crossprod(X1, y - X1 %*% b) / sig2          # d loglik / d b
  kkt <- max(abs(g[A][-1] - z[A][-1] / s), abs(g[1]), max(abs(g[-A])) - 1 / s)
  stopifnot(all(abs(g[-A]) <= 1 / s), kkt < 1e-8, max(abs(b - glm_b) / pmax(1, abs(b))) < 1e-5)
  sigma <- sqrt(sig2)
  ll <- sum(dnorm(y, X1 %*% b, sigma, log = TRUE))
  lp <- ll + length(v) * -log(2 * s) - sum(abs(b[-1])) / s
  # SEs of the nonzero coefficients and sigma: inverse of minus the log-posterior Hessian with the zeros held fixed
  # (the Laplace prior has no curvature away from 0): the Normal information in (b_A, sigma) at the MAP.
  r <- y - X1 %*% b
  XA <- X1[, A]
  H <- rbind(cbind(crossprod(XA) / sig2, 2 * crossprod(XA, r) / sigma^3),
             cbind(t(2 * crossprod(XA, r) / sigma^3), -n / sig2 + 3 * sum(r^2) / sigma^4))
  V <- solve(H)
  se <- rep(NA, ncol(X1)); se[A] <- sqrt(diag(V))[seq_along(A)]
  est <- c(setNames(b, c("a", paste0("b_", v))), sigma = sigma)
  list(model = "lasso-normal.mle", r = "glmnet(X, mpg, lambda = sigma^2/(n s), standardize = FALSE, thresh = 1e-14), alternated with sigma^2 = RSS/n, polished on the active set",
       n = n, parameters = par(est, c(se, sqrt(V[length(A) + 1, length(A) + 1]))),
       logLik = ll, logPosterior = lp, zeros = paste0("b_", v)[b[-1] == 0], kkt = kkt,
       glmnet = setNames(as.list(glm_b), c("a", paste0("b_", v))))
}
out[["lasso-normal"]] <- lasso_normal()

# Logistic: glmnet(family = "binomial", lambda = 1 / (n s)) is the MAP (glmnet minimises -loglik / n + lambda |b|_1),
# polished by Newton on the active set, zeros checked by |X_j'(y - p)| <= 1/s.
lasso_logistic <- function() {
  v <- c("wt", "hp", "qsec", "drat", "mpg", "disp")
  X <- as.matrix(mtcars[, v]); y <- mtcars$am; n <- nrow(X); s <- 0.5
  f <- glmnet(X, y, family = "binomial", lambda = 1 / (n * s), standardize = FALSE, thresh = 1e-14, maxit = 1e7)
  b <- as.numeric(coef(f)); glm_b <- b
  X1 <- cbind(1, X); A <- which(b != 0); z <- sign(b); z[1] <- 0
  for (it in 1:50) {
    p <- plogis(drop(X1 %*% b))
    g <- crossprod(X1[, A], y - p) - z[A] / s
    H <- crossprod(X1[, A] * sqrt(p * (1 - p)))
    b[A] <- b[A] + solve(H, g)
  }
  p <- plogis(drop(X1 %*% b))
  g <- crossprod(X1, y - p)
  kkt <- max(abs(g[A][-1] - z[A][-1] / s), abs(g[1]), max(abs(g[-A])) - 1 / s)
  stopifnot(all(abs(g[-A]) <= 1 / s), kkt < 1e-9, max(abs(b - glm_b) / pmax(1, abs(b))) < 1e-5, all(sign(b[A]) == sign(glm_b[A])))
  ll <- sum(dbinom(y, 1, p, log = TRUE))
  lp <- ll + length(v) * -log(2 * s) - sum(abs(b[-1])) / s
  V <- solve(crossprod(X1[, A] * sqrt(p * (1 - p))))
  se <- rep(NA, ncol(X1)); se[A] <- sqrt(diag(V))
  est <- setNames(b, c("a", paste0("b_", v)))
  list(model = "lasso-logistic.mle", r = "glmnet(X, am, family = 'binomial', lambda = 1/(n s), standardize = FALSE, thresh = 1e-14), Newton-polished on the active set",
       n = n, parameters = par(est, se), logLik = ll, logPosterior = lp, zeros = paste0("b_", v)[b[-1] == 0],
       kkt = kkt, glmnet = setNames(as.list(glm_b), c("a", paste0("b_", v))))
}
out[["lasso-logistic"]] <- lasso_logistic()

writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE, null = "null"),
           file.path(root, "test", "reference", "r-nonsmooth.json"))

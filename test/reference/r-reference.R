# Reference fits in R for every model in examples/*.mle, written to
# test/reference/r-fixtures.json so that the TypeScript tests can compare the
# engine with R without needing R.
#
# Run from the repository root:   Rscript test/reference/r-reference.R
# Needs: R (>= 4.0) with MASS, survival (recommended packages) and numDeriv.
# Debian: apt-get install r-base-core r-cran-mass r-cran-numderiv
#
# What is stored, per model (keys are the .mle file names, parameter names are
# the ones declared in the .mle files):
#   estimate  the MLE, from the canonical R fit (glm, lm, fitdistr, glm.nb,
#             survreg) with tight tolerances; the mixture from optim().
#   se        observed-information standard error on the natural scale, i.e.
#             sqrt(diag(solve(-Hessian of the log-likelihood))) -- the engine's
#             default `se = observed`. For glm with a canonical link this is
#             vcov(glm); for the Normal/LogNormal models it is the ML version,
#             sqrt(diag(sigma_ML^2 (X'X)^-1)) and sigma_ML / sqrt(2n), not the
#             lm() summary; otherwise it is computed here (analytically or with
#             numDeriv::hessian) and checked against R's own where R has one.
#   profile   the profile-likelihood interval at `level`: the parameter values
#             where 2 (logLik_max - profile logLik) = qchisq(level, 1), all
#             other parameters re-maximised. Solved to ~1e-9 with uniroot().
#             For the glm models MASS::confint() (which interpolates a spline
#             through a grid) is stored as `profileConfint` for comparison.
#   logLik, aic = 2k - 2 logLik, bic = k log(n) - 2 logLik, n (rows used), k.
#   derived   `derive` quantities: estimate, delta-method se, and a profile
#             interval where the quantity is a monotone function of one
#             parameter or a linear combination in a Normal linear model.

suppressPackageStartupMessages({
  library(MASS)
  library(numDeriv)
  library(survival)
})

args <- commandArgs(trailingOnly = FALSE)
self <- sub("^--file=", "", args[grep("^--file=", args)])
here <- if (length(self) == 1) dirname(normalizePath(self)) else file.path("test", "reference")
root <- normalizePath(file.path(here, "..", ".."))
ex <- function(f) read.csv(file.path(root, "examples", f), stringsAsFactors = FALSE)

LEVEL <- 0.95
qcrit <- function(level) qchisq(level, 1)

# ---------------------------------------------------------------------------
# Helpers

# Transform to and from the unconstrained scale, as the engine does.
to_u <- function(x, kind) switch(kind, real = x, pos = log(x), neg = log(-x), unit = qlogis(x))
from_u <- function(u, kind) switch(kind, real = u, pos = exp(u), neg = -exp(u), unit = plogis(u))
du_dx <- function(x, kind) switch(kind, real = 1, pos = 1 / x, neg = 1 / x, unit = 1 / (x * (1 - x)))

# Root of pd(v) = q on both sides of the estimate, where pd is the profile
# deviance 2 (llmax - profile ll at v). Search on the unconstrained scale.
profile_interval <- function(pd, est, se, kind = "real", level = LEVEL) {
  q <- qcrit(level)
  u0 <- to_u(est, kind)
  step <- se * du_dx(est, kind)
  g <- function(u) pd(from_u(u, kind)) - q
  side <- function(s) {
    prev <- 0
    k <- 0.5
    repeat {
      if (g(u0 + s * k * step) > 0) break
      prev <- k
      k <- k * 2
      if (k > 1e4) stop("profile: no crossing found")
    }
    r <- uniroot(g, sort(c(u0 + s * prev * step, u0 + s * k * step)), tol = 1e-12, maxiter = 500)
    from_u(r$root, kind)
  }
  c(side(-1), side(+1))
}

# Profile of parameter j of a log-likelihood ll(theta) by re-maximising the
# others with BFGS (numDeriv gradients) on the unconstrained scale.
profile_optim <- function(ll, est, kinds, j, se, level = LEVEL) {
  llmax <- ll(est)
  free <- setdiff(seq_along(est), j)
  warm <- mapply(to_u, est[free], kinds[free])
  pd <- function(v) {
    if (length(free) == 0) {
      th <- est
      th[j] <- v
      return(2 * (llmax - ll(th)))
    }
    f <- function(u) {
      th <- est
      th[free] <- mapply(from_u, u, kinds[free])
      th[j] <- v
      -ll(th)
    }
    o <- optim(warm, f, gr = function(u) numDeriv::grad(f, u), method = "BFGS",
               control = list(reltol = 1e-15, maxit = 5000))
    2 * (llmax + o$value)
  }
  profile_interval(pd, est[j], se[j], kinds[j], level)
}

# Profile of coefficient j of a glm (no dispersion parameter) by refitting with
# that coefficient moved into the offset.
profile_glm <- function(X, y, wts, family, j, est, se, dev_hat, level = LEVEL) {
  pd <- function(v) {
    f <- suppressWarnings(glm.fit(X[, -j, drop = FALSE], y, weights = wts, offset = v * X[, j],
                                  family = family, control = glm.control(epsilon = 1e-14, maxit = 200)))
    if (!f$converged) stop("profile_glm: refit did not converge")
    f$deviance - dev_hat
  }
  profile_interval(pd, est[j], se[j], "real", level)
}

# Normal linear model y = X b + e, sigma by ML: exact profiles.
lm_profiles <- function(X, y, level = LEVEL) {
  n <- nrow(X)
  XtXi <- solve(crossprod(X))
  b <- drop(XtXi %*% crossprod(X, y))
  rss <- sum((y - X %*% b)^2)
  s <- sqrt(rss / n)
  se_b <- sqrt(diag(s^2 * XtXi))
  se_s <- s / sqrt(2 * n)
  comb <- function(cvec) {
    # profile of c'b: RSS increases by (v - c'b)^2 / c'(X'X)^-1 c
    h <- drop(t(cvec) %*% XtXi %*% cvec)
    est <- sum(cvec * b)
    pd <- function(v) n * log((rss + (v - est)^2 / h) / rss)
    profile_interval(pd, est, sqrt(s^2 * h), "real", level)
  }
  prof_b <- lapply(seq_along(b), function(j) { cv <- numeric(length(b)); cv[j] <- 1; comb(cv) })
  pd_s <- function(v) 2 * n * log(v / s) + n * (s^2 / v^2 - 1)
  list(b = b, sigma = s, se_b = se_b, se_sigma = se_s, rss = rss, n = n, XtXi = XtXi,
       prof_b = prof_b, prof_sigma = profile_interval(pd_s, s, se_s, "pos", level), comb = comb)
}

obs_se <- function(ll, est) {
  H <- numDeriv::hessian(ll, est)
  V <- solve(-H)
  dimnames(V) <- list(names(est), names(est))
  V
}

check <- function(what, a, b, tol) {
  err <- max(abs(a - b) / pmax(1, abs(b)))
  if (!is.finite(err) || err > tol) stop(sprintf("%s: mismatch %.3g (tol %.1g)", what, err, tol))
  invisible(err)
}

param_entry <- function(est, se, prof, prof_confint = NULL) {
  e <- list(estimate = unname(est), se = unname(se), profile = unname(prof))
  if (!is.null(prof_confint)) e$profileConfint <- unname(prof_confint)
  e
}

# Delta-method SE of f(theta) and an optional profile interval.
derived_entry <- function(f, est, V, profile = NULL, note = NULL) {
  g <- numDeriv::grad(function(th) f(setNames(th, names(est))), unname(est))
  e <- list(estimate = f(est), se = sqrt(drop(t(g) %*% V %*% g)),
            profile = if (is.null(profile)) NULL else unname(profile))
  if (!is.null(note)) e$note <- note
  e
}

fixture <- function(call, params, ll, k, n, derived = NULL, rows = NULL, dropped = 0,
                    level = LEVEL, notes = NULL) {
  out <- list(r = call, level = level, n = n, k = k, rows = if (is.null(rows)) n else rows,
              rowsDropped = dropped, parameters = params, logLik = ll,
              aic = 2 * k - 2 * ll, bic = k * log(n) - 2 * ll)
  if (!is.null(derived)) out$derived <- derived
  if (!is.null(notes)) out$notes <- notes
  out
}

fixtures <- list()
glm_ctl <- glm.control(epsilon = 1e-14, maxit = 100)

# A glm with a canonical link (binomial/logit, poisson/log): estimates, vcov,
# exact profiles and MASS::confint.
glm_fixture <- function(fit, call, names_ours, derived_fns = list(), notes = NULL) {
  X <- model.matrix(fit)
  est <- setNames(coef(fit), names_ours)
  V <- vcov(fit)
  dimnames(V) <- list(names_ours, names_ours)
  se <- sqrt(diag(V))
  # observed information by numDeriv agrees (canonical link: observed = expected)
  llfun <- function(b) {
    eta <- drop(X %*% b)
    mu <- fit$family$linkinv(eta)
    y <- fit$y
    w <- fit$prior.weights
    if (fit$family$family == "poisson") sum(dpois(y, mu, log = TRUE))
    else sum(dbinom(round(w * y), round(w), mu, log = TRUE))
  }
  ll <- as.numeric(logLik(fit))
  check(paste(call, "logLik"), llfun(est), ll, 1e-10)
  check(paste(call, "se"), sqrt(diag(obs_se(llfun, est))), se, 1e-6)
  prof <- lapply(seq_along(est), function(j)
    profile_glm(X, fit$y, fit$prior.weights, fit$family, j, coef(fit), se, fit$deviance))
  ci <- suppressMessages(MASS:::confint.glm(fit, level = LEVEL))
  params <- setNames(lapply(seq_along(est), function(j) param_entry(est[j], se[j], prof[[j]], ci[j, ])), names_ours)
  for (j in seq_along(est)) check(paste(call, "profile vs confint", names_ours[j]), prof[[j]], ci[j, ], 2e-3)
  derived <- if (length(derived_fns)) lapply(derived_fns, function(d)
    derived_entry(d$f, est, V, if (is.null(d$of)) NULL else
      sort(sapply(prof[[match(d$of, names_ours)]], function(v) d$f(replace(est, d$of, v)))))) else NULL
  k <- length(est)
  fixture(call, params, ll, k, nobs(fit), derived, notes = notes)
}

# ---------------------------------------------------------------------------
# Bernoulli: infert.mle

d <- ex("infert.csv")
fit <- glm(case ~ spontaneous + induced + age, family = binomial, data = d, control = glm_ctl)
fixtures[["infert.mle"]] <- glm_fixture(
  fit, "glm(case ~ spontaneous + induced + age, family = binomial, data = infert)",
  c("a", "b_spont", "b_induced", "b_age"),
  list(odds_ratio_spont = list(f = function(th) exp(th[["b_spont"]]), of = "b_spont")),
  notes = "infert is a matched case-control study; this is the unconditional logistic fit of R's ?infert example (plus age).")

# ---------------------------------------------------------------------------
# Poisson: warpbreaks-poisson.mle

d <- ex("warpbreaks.csv")
fit <- glm(breaks ~ wool_B + tension_M + tension_H, family = poisson, data = d, control = glm_ctl)
fixtures[["warpbreaks-poisson.mle"]] <- glm_fixture(
  fit, "glm(breaks ~ wool + tension, family = poisson, data = warpbreaks)",
  c("a", "b_woolB", "b_tensionM", "b_tensionH"),
  list(rate_ratio_high = list(f = function(th) exp(th[["b_tensionH"]]), of = "b_tensionH")))

# ---------------------------------------------------------------------------
# Binomial: esoph-binomial.mle

d <- ex("esoph.csv")
fit <- glm(cbind(ncases, ncontrols) ~ age_35_44 + age_45_54 + age_55_64 + age_65_74 + age_75plus + alc + tob,
           family = binomial, data = d, control = glm_ctl)
fixtures[["esoph-binomial.mle"]] <- glm_fixture(
  fit, "glm(cbind(ncases, ncontrols) ~ age_35_44 + age_45_54 + age_55_64 + age_65_74 + age_75plus + alc + tob, family = binomial, data = esoph_csv)",
  c("a", "b_age35", "b_age45", "b_age55", "b_age65", "b_age75", "b_alc", "b_tob"),
  list(odds_ratio_alc = list(f = function(th) exp(th[["b_alc"]]), of = "b_alc")))

# ---------------------------------------------------------------------------
# Normal / LogNormal linear models

lm_fixture <- function(fit, call, names_ours, y, X, lognormal = FALSE, combos = list(), monos = list(),
                       rows = NULL, dropped = 0, level = LEVEL, crosscheck = TRUE) {
  p <- lm_profiles(X, y, level)
  check(paste(call, "coef"), p$b, coef(fit), 1e-10)
  n <- p$n
  ll <- as.numeric(logLik(fit)) - if (lognormal) sum(y) else 0   # y is log(data) for LogNormal
  check(paste(call, "sigma"), p$sigma, sqrt(sum(residuals(fit)^2) / n), 1e-10)
  est <- setNames(c(p$b, p$sigma), names_ours)
  llfun <- function(th) {
    m <- drop(X %*% th[seq_len(ncol(X))])
    sum(dnorm(y, m, th[[length(th)]], log = TRUE)) - if (lognormal) sum(y) else 0
  }
  check(paste(call, "logLik"), llfun(est), ll, 1e-10)
  V <- matrix(0, length(est), length(est), dimnames = list(names_ours, names_ours))
  V[seq_along(p$b), seq_along(p$b)] <- p$sigma^2 * p$XtXi
  V[length(est), length(est)] <- p$se_sigma^2
  se <- sqrt(diag(V))
  check(paste(call, "se vs numDeriv"), sqrt(diag(obs_se(llfun, est))), se, 1e-6)
  profs <- c(p$prof_b, list(p$prof_sigma))
  # cross-check the closed-form profiles with the generic optimiser
  kinds <- c(rep("real", length(p$b)), "pos")
  # (skipped for badly conditioned designs, where BFGS is the less accurate of the two)
  if (crosscheck) for (j in seq_along(est)) check(paste(call, "profile", names_ours[j]),
                                  profile_optim(llfun, est, kinds, j, se, level), profs[[j]], 1e-6)
  params <- setNames(lapply(seq_along(est), function(j) param_entry(est[j], se[j], profs[[j]])), names_ours)
  derived <- list()
  for (nm in names(combos)) {
    cv <- combos[[nm]]
    derived[[nm]] <- derived_entry(function(th) sum(cv * th[seq_along(cv)]), est, V, p$comb(cv))
  }
  for (nm in names(monos)) {
    m <- monos[[nm]]
    derived[[nm]] <- derived_entry(m$f, est, V,
      sort(sapply(profs[[match(m$of, names_ours)]], function(v) m$f(replace(est, m$of, v)))))
  }
  fixture(call, params, ll, length(est), n, if (length(derived)) derived else NULL,
          rows = rows, dropped = dropped, level = level)
}

d <- ex("cars.csv")
fit <- lm(dist ~ speed, data = d)
fixtures[["cars-normal.mle"]] <- lm_fixture(
  fit, "lm(dist ~ speed, data = cars)", c("a", "b", "sigma"),
  d$dist, cbind(1, d$speed), combos = list(dist_at_20 = c(1, 20)))

d <- ex("trees.csv")
fit <- lm(log(Volume) ~ log(Girth) + log(Height), data = d)
fixtures[["trees-normal.mle"]] <- lm_fixture(
  fit, "lm(log(Volume) ~ log(Girth) + log(Height), data = trees)", c("a", "b_girth", "b_height", "sigma"),
  log(d$Volume), cbind(1, log(d$Girth), log(d$Height)), combos = list(scale_elasticity = c(0, 1, 1)))

d0 <- ex("airquality.csv")
d <- d0[complete.cases(d0[, c("Ozone", "Solar.R", "Wind", "Temp")]), ]
fit <- lm(log(Ozone) ~ Solar.R + Wind + Temp, data = d)
fixtures[["airquality-lognormal.mle"]] <- lm_fixture(
  fit, "lm(log(Ozone) ~ Solar.R + Wind + Temp, data = airquality)  # logLik - sum(log(Ozone)) for the LogNormal density",
  c("a", "b_solar", "b_wind", "b_temp", "sigma"),
  log(d$Ozone), cbind(1, d$Solar.R, d$Wind, d$Temp), lognormal = TRUE,
  monos = list(ozone_ratio_10F = list(f = function(th) exp(10 * th[["b_temp"]]), of = "b_temp")),
  rows = nrow(d0), dropped = nrow(d0) - nrow(d))

# ---------------------------------------------------------------------------
# fitdistr: Poisson, Exponential, Weibull, Gamma

dist_fixture <- function(call, est, llfun, kinds, derived_fns = list(), r_se = NULL, ll_r = NULL) {
  V <- obs_se(llfun, est)
  se <- sqrt(diag(V))
  if (!is.null(r_se)) check(paste(call, "se vs fitdistr"), se, r_se, 2e-3)
  ll <- llfun(est)
  if (!is.null(ll_r)) check(paste(call, "logLik"), ll, ll_r, 1e-6)
  prof <- lapply(seq_along(est), function(j) profile_optim(llfun, est, kinds, j, se))
  params <- setNames(lapply(seq_along(est), function(j) param_entry(est[j], se[j], prof[[j]])), names(est))
  derived <- if (length(derived_fns)) lapply(derived_fns, function(d)
    derived_entry(d$f, est, V, if (is.null(d$of)) NULL else
      sort(sapply(prof[[match(d$of, names(est))]], function(v) d$f(replace(est, d$of, v)))))) else NULL
  list(params = params, ll = ll, V = V, derived = derived)
}

# polish a fitdistr estimate with Newton steps on the unconstrained scale
polish <- function(llfun, est, kinds) {
  u <- mapply(to_u, est, kinds)
  f <- function(u) llfun(setNames(mapply(from_u, u, kinds), names(est)))
  for (i in 1:20) {
    g <- numDeriv::grad(f, u)
    H <- numDeriv::hessian(f, u)
    u <- u - solve(H, g)
    if (max(abs(g)) < 1e-10) break
  }
  setNames(mapply(from_u, u, kinds), names(est))
}

d <- ex("discoveries.csv")
fd <- fitdistr(d$discoveries, "poisson")
est <- c(lambda = unname(fd$estimate))
llf <- function(th) sum(dpois(d$discoveries, th[[1]], log = TRUE))
r <- dist_fixture("MASS::fitdistr(discoveries, \"poisson\")", est, llf, "pos", r_se = fd$sd, ll_r = fd$loglik)
fixtures[["discoveries-poisson.mle"]] <- fixture("MASS::fitdistr(discoveries, \"poisson\")",
  r$params, r$ll, 1, nrow(d))

leuk <- ex("leuk.csv")
tt <- leuk$time

fd <- fitdistr(tt, "exponential")
est <- c(rate = unname(fd$estimate))
llf <- function(th) sum(dexp(tt, th[[1]], log = TRUE))
r <- dist_fixture("MASS::fitdistr(leuk$time, \"exponential\")", est, llf, "pos",
                  list(mean_survival = list(f = function(th) 1 / th[["rate"]], of = "rate")),
                  r_se = fd$sd, ll_r = fd$loglik)
fixtures[["leuk-exponential.mle"]] <- fixture("MASS::fitdistr(leuk$time, \"exponential\")",
  r$params, r$ll, 1, length(tt), r$derived)

fd <- suppressWarnings(fitdistr(tt, "weibull", control = list(reltol = 1e-14)))  # NaN warnings from trial steps at negative values
llf <- function(th) sum(dweibull(tt, th[["shape"]], th[["scale"]], log = TRUE))
est <- polish(llf, c(shape = fd$estimate[["shape"]], scale = fd$estimate[["scale"]]), c("pos", "pos"))
check("weibull estimate vs fitdistr", est, fd$estimate, 1e-5)
r <- dist_fixture("MASS::fitdistr(leuk$time, \"weibull\")", est, llf, c("pos", "pos"),
                  r_se = fd$sd, ll_r = fd$loglik)
fixtures[["leuk-weibull.mle"]] <- fixture("MASS::fitdistr(leuk$time, \"weibull\")",
  r$params, r$ll, 2, length(tt))

fd <- suppressWarnings(fitdistr(tt, "gamma", control = list(reltol = 1e-14)))  # NaN warnings from trial steps at negative values
llf <- function(th) sum(dgamma(tt, shape = th[["shape"]], rate = th[["rate"]], log = TRUE))
est <- polish(llf, c(shape = fd$estimate[["shape"]], rate = fd$estimate[["rate"]]), c("pos", "pos"))
check("gamma estimate vs fitdistr", est, fd$estimate, 1e-4)
r <- dist_fixture("MASS::fitdistr(leuk$time, \"gamma\")", est, llf, c("pos", "pos"),
                  list(mean_survival = list(f = function(th) th[["shape"]] / th[["rate"]])),
                  r_se = fd$sd, ll_r = fd$loglik)
fixtures[["leuk-gamma.mle"]] <- fixture("MASS::fitdistr(leuk$time, \"gamma\")",
  r$params, r$ll, 2, length(tt), r$derived)

# ---------------------------------------------------------------------------
# Exponential regression: leuk-exp-regression.mle (survreg, exponential)

sr <- survreg(Surv(time) ~ ag_present + log(wbc / 10000), data = leuk, dist = "exponential",
              control = survreg.control(rel.tolerance = 1e-13, maxiter = 100))
X <- cbind(1, leuk$ag_present, log(leuk$wbc / 10000))
est <- setNames(coef(sr), c("a", "b_ag", "b_wbc"))
llf <- function(th) { m <- exp(drop(X %*% th)); sum(dexp(tt, 1 / m, log = TRUE)) }
# analytic observed information: sum_i (y_i / mu_i) x_i x_i'
mu <- exp(drop(X %*% est))
V <- solve(crossprod(X * sqrt(tt / mu)))
dimnames(V) <- list(names(est), names(est))
check("survreg vcov", V, unname(vcov(sr)), 1e-6)
check("survreg vs numDeriv", V, obs_se(llf, est), 1e-6)
check("survreg logLik", llf(est), sr$loglik[2], 1e-9)
# same point estimates from the Gamma-log glm (its score equations are the exponential's)
check("glm Gamma(log) coef", est, coef(glm(time ~ ag_present + log(wbc / 10000), family = Gamma("log"),
                                           data = leuk, control = glm_ctl)), 1e-6)
se <- sqrt(diag(V))
prof <- lapply(1:3, function(j) profile_optim(llf, est, rep("real", 3), j, se))
fixtures[["leuk-exp-regression.mle"]] <- fixture(
  "survival::survreg(Surv(time) ~ ag + log(wbc / 10000), data = leuk, dist = \"exponential\")",
  setNames(lapply(1:3, function(j) param_entry(est[j], se[j], prof[[j]])), names(est)),
  llf(est), 3, length(tt),
  list(survival_ratio_ag = derived_entry(function(th) exp(th[["b_ag"]]), est, V, exp(prof[[2]]))),
  notes = "survreg's exponential model is log(time) = X b + extreme-value error, i.e. mean time exp(X b): the same parametrisation as the .mle model.")

# ---------------------------------------------------------------------------
# Negative binomial regression: quine-negbin.mle

d <- ex("quine.csv")
nb <- glm.nb(Days ~ eth_N + sex_M + age_F1 + age_F2 + age_F3 + lrn_SL, data = d,
             control = glm.control(epsilon = 1e-13, maxit = 100))
X <- model.matrix(nb)
names_nb <- c("a", "b_ethN", "b_sexM", "b_ageF1", "b_ageF2", "b_ageF3", "b_lrnSL", "theta")
llf <- function(th) {
  m <- exp(drop(X %*% th[1:7]))
  sum(dnbinom(d$Days, size = th[[8]], mu = m, log = TRUE))
}
est <- setNames(c(coef(nb), nb$theta), names_nb)
kinds <- c(rep("real", 7), "pos")
est <- polish(llf, est, kinds)
check("glm.nb estimate (polished)", est, c(coef(nb), nb$theta), 1e-5)
check("glm.nb logLik", llf(est), as.numeric(logLik(nb)), 1e-8)
V <- obs_se(llf, est)
se <- sqrt(diag(V))
prof <- lapply(seq_along(est), function(j) profile_optim(llf, est, kinds, j, se))
params <- setNames(lapply(seq_along(est), function(j) {
  e <- param_entry(est[j], se[j], prof[[j]])
  e$seGlmNb <- unname(if (j <= 7) sqrt(diag(vcov(nb)))[j] else nb$SE.theta)
  e
}), names_nb)
fixtures[["quine-negbin.mle"]] <- fixture(
  "MASS::glm.nb(Days ~ Eth + Sex + Age + Lrn, data = quine)", params, llf(est), 8, nrow(d),
  list(rate_ratio_ethN = derived_entry(function(th) exp(th[["b_ethN"]]), est, V, exp(prof[[2]]))),
  notes = paste("se is the joint observed-information SE (coefficients and theta together);",
                "seGlmNb is what summary(glm.nb) prints: coefficient SEs from the IRLS (expected) information",
                "with theta held fixed, and theta's SE from its own information. Profiles re-maximise",
                "every other parameter including theta (MASS::confint on a negbin fit holds theta fixed)."))

# ---------------------------------------------------------------------------
# Two-component normal mixture: faithful-mixture.mle

y <- ex("faithful.csv")$eruptions
names_mix <- c("w", "mu1", "mu2", "sigma1", "sigma2")   # declaration order in the .mle
kinds <- c("unit", "real", "real", "pos", "pos")
llf <- function(th) sum(log(th[[1]] * dnorm(y, th[[2]], th[[4]]) + (1 - th[[1]]) * dnorm(y, th[[3]], th[[5]])))
start <- c(w = 0.4, mu1 = 2, mu2 = 4.5, sigma1 = 0.5, sigma2 = 0.5)
nll_u <- function(u) -llf(mapply(from_u, u, kinds))
o <- optim(mapply(to_u, start, kinds), nll_u, gr = function(u) numDeriv::grad(nll_u, u),
           method = "BFGS", control = list(reltol = 1e-15, maxit = 1000))
est <- polish(llf, setNames(mapply(from_u, o$par, kinds), names_mix), kinds)
V <- obs_se(llf, est)
se <- sqrt(diag(V))
prof <- lapply(seq_along(est), function(j) profile_optim(llf, est, kinds, j, se))
fixtures[["faithful-mixture.mle"]] <- fixture(
  "optim(c(qlogis(w), mu1, mu2, log(sigma1), log(sigma2)), negloglik, method = \"BFGS\"); numDeriv::hessian(loglik, natural-scale estimate)",
  setNames(lapply(seq_along(est), function(j) param_entry(est[j], se[j], prof[[j]])), names_mix),
  llf(est), 5, length(y),
  notes = "Component 1 is the short eruptions (mu1 < mu2). Profiles are stored although the .mle asks only for Wald intervals.")

# ---------------------------------------------------------------------------
# Valid fixture models: test/fixtures/models/good/*.mle, keyed "good/<file>".

gd <- function(f, ...) read.csv(file.path(root, "test", "fixtures", "models", "good", f),
                                  stringsAsFactors = FALSE, ...)

# Maximise llfun (natural scale) from `start` on the unconstrained scale, then
# polish with Newton steps.
mle_fit <- function(llfun, start, kinds) {
  f <- function(u) -llfun(setNames(mapply(from_u, u, kinds), names(start)))
  o <- optim(mapply(to_u, start, kinds), f, gr = function(u) numDeriv::grad(f, u), method = "BFGS",
             control = list(reltol = 1e-15, maxit = 5000))
  polish(llfun, setNames(mapply(from_u, o$par, kinds), names(start)), kinds)
}

# Sandwich covariance H^-1 (sum_i s_i s_i') H^-1 from per-row log-likelihoods.
sandwich_cov <- function(rowll, est) {
  S <- numDeriv::jacobian(function(th) rowll(setNames(th, names(est))), unname(est))
  Hinv <- solve(-numDeriv::hessian(function(th) sum(rowll(setNames(th, names(est)))), unname(est)))
  Hinv %*% crossprod(S) %*% Hinv
}

# iris-backticks.mle: lm with profile intervals at level 0.9.
d <- gd("iris-spaces.csv", check.names = FALSE)
fit <- lm(`Petal Width` ~ `Petal Length`, data = d)
fixtures[["good/iris-backticks.mle"]] <- lm_fixture(
  fit, "lm(`Petal Width` ~ `Petal Length`, data = iris)", c("a", "b", "s"),
  d[["Petal Width"]], cbind(1, d[["Petal Length"]]), combos = list(width_at_5cm = c(1, 5)), level = 0.9)

# mtcars-priors.mle: MAP of a logistic regression with Normal and Laplace priors.
d <- gd("mtcars-logical.csv")
am <- as.numeric(d$am)                       # read.csv turns TRUE/FALSE into logical
vs <- as.numeric(tolower(d$vs) == "true")
X <- cbind(1, d$wt, vs)
nm <- c("a", "b_wt", "b_vs")
llf <- function(th) sum(dbinom(am, 1, plogis(drop(X %*% th[1:3])), log = TRUE))
dlaplace <- function(x, m, b) -log(2 * b) - abs(x - m) / b
lpf <- function(th) llf(th) + dnorm(th[["a"]], 0, 10, log = TRUE) + dlaplace(th[["b_wt"]], 0, 2) +
  dnorm(th[["b_vs"]], 0, 2, log = TRUE)
start <- setNames(coef(glm(am ~ d$wt + vs, family = binomial)), nm)
est <- mle_fit(lpf, start, c("real", "neg", "real"))
V <- obs_se(lpf, est)
se <- sqrt(diag(V))
fx <- fixture("optim(log-likelihood of glm(am ~ wt + vs, family = binomial) + log priors); numDeriv::hessian",
              setNames(lapply(1:3, function(j) list(estimate = unname(est[j]), se = unname(se[j]), profile = NULL)), nm),
              llf(est), 3, nrow(d),
              list(odds_ratio_wt = derived_entry(function(th) exp(th[["b_wt"]]), est, V)),
              notes = "MAP (posterior mode) on the natural scale, no Jacobian term: objective = logLik + sum of log prior densities. se from the inverse negative Hessian of the log-posterior. logLik, aic and bic are evaluated at the mode.")
fx$objective <- "posterior"
fx$logPosterior <- lpf(est)
fixtures[["good/mtcars-priors.mle"]] <- fx

# longley-init.mle: lm, observed and sandwich SEs.
d <- gd("longley.csv")
fit <- lm(Employed ~ Year, data = d)
fx <- lm_fixture(fit, "lm(Employed ~ Year, data = longley)", c("b0", "b_year", "sigma"),
                 d$Employed, cbind(1, d$Year), crosscheck = FALSE)
est <- sapply(fx$parameters, `[[`, "estimate")
rowll <- function(th) dnorm(d$Employed, th[[1]] + th[[2]] * d$Year, th[[3]], log = TRUE)
Vr <- sandwich_cov(rowll, est)
for (j in 1:3) fx$parameters[[j]]$seRobust <- sqrt(Vr[j, j])
fx$notes <- "seRobust = sandwich H^-1 (sum_i s_i s_i') H^-1 over all three parameters jointly (for b0, b_year it equals sandwich::vcovHC(fit, type = \"HC0\") only approximately, because sigma's scores correlate with theirs through the residuals' skewness)."
fixtures[["good/longley-init.mle"]] <- fx

# lh-ar1.mle: conditional AR(1).
d <- gd("lh.csv")
nm <- c("mu", "r", "sigma")
kinds <- c("real", "unit_pm", "pos")
# r in (-1, 1): transform via the scaled logit
to_u_orig <- to_u; from_u_orig <- from_u; du_dx_orig <- du_dx
to_u <- function(x, kind) if (kind == "unit_pm") qlogis((x + 1) / 2) else to_u_orig(x, kind)
from_u <- function(u, kind) if (kind == "unit_pm") 2 * plogis(u) - 1 else from_u_orig(u, kind)
du_dx <- function(x, kind) if (kind == "unit_pm") 2 / ((1 + x) * (1 - x)) else du_dx_orig(x, kind)
rowll <- function(th) dnorm(d$lh, th[[1]] + th[[2]] * (d$lh_lag - th[[1]]), th[[3]], log = TRUE)
llf <- function(th) sum(rowll(th))
cf <- coef(lm(lh ~ lh_lag, data = d))
start <- c(mu = cf[[1]] / (1 - cf[[2]]), r = cf[[2]], sigma = sqrt(mean(residuals(lm(lh ~ lh_lag, data = d))^2)))
est <- mle_fit(llf, start, kinds)
check("lh AR(1) vs lm", c(est[["mu"]] * (1 - est[["r"]]), est[["r"]]), unname(cf), 1e-8)
V <- obs_se(llf, est)
se <- sqrt(diag(V))
# expected information: J'J / sigma^2 for the mean parameters (J = d mean / d(mu, r)), 2n / sigma^2 for sigma
J <- cbind(1 - est[["r"]], d$lh_lag - est[["mu"]])
Ve <- matrix(0, 3, 3)
Ve[1:2, 1:2] <- solve(crossprod(J) / est[["sigma"]]^2)
Ve[3, 3] <- est[["sigma"]]^2 / (2 * nrow(d))
prof <- lapply(1:3, function(j) profile_optim(llf, est, kinds, j, se))
fixtures[["good/lh-ar1.mle"]] <- fixture(
  "lm(lh ~ lh_lag) reparametrised: mu = intercept / (1 - slope), r = slope; sigma = sqrt(RSS / n)",
  setNames(lapply(1:3, function(j) c(param_entry(est[j], se[j], prof[[j]]), list(seExpected = sqrt(Ve[j, j])))), nm),
  llf(est), 3, nrow(d),
  list(stationary_sd = derived_entry(function(th) th[["sigma"]] / sqrt(1 - th[["r"]]^2), est, V)),
  notes = "Conditional likelihood given the first observation (47 rows). seExpected: Fisher information conditional on lh_lag, J'J/sigma^2 with J the gradient of the mean, and 2n/sigma^2 for sigma; the .mle asks for se = expected.")
to_u <- to_u_orig; from_u <- from_u_orig; du_dx <- du_dx_orig

# faithful-joint.mle: Gamma(eruptions) + lm(waiting ~ eruptions), independent blocks.
d <- read.delim(file.path(root, "test", "fixtures", "models", "good", "faithful.tsv"))
llg <- function(th) sum(dgamma(d$eruptions, shape = th[["shape"]], rate = th[["rate"]], log = TRUE))
fd <- suppressWarnings(fitdistr(d$eruptions, "gamma"))
eg <- polish(llg, c(shape = fd$estimate[["shape"]], rate = fd$estimate[["rate"]]), c("pos", "pos"))
fit <- lm(waiting ~ eruptions, data = d)
nm <- c("shape", "rate", "a", "b", "sigma")
kinds <- c("pos", "pos", "real", "real", "pos")
X <- cbind(1, d$eruptions)
lln <- function(th) sum(dnorm(d$waiting, drop(X %*% th[c("a", "b")]), th[["sigma"]], log = TRUE))
llf <- function(th) llg(th) + lln(th)
est <- c(eg, a = coef(fit)[[1]], b = coef(fit)[[2]], sigma = sqrt(mean(residuals(fit)^2)))
check("faithful joint logLik", llf(est), as.numeric(logLik(fit)) + fd$loglik, 1e-6)
V <- obs_se(llf, est)
se <- sqrt(diag(V))
prof <- lapply(1:5, function(j) profile_optim(llf, est, kinds, j, se))
fixtures[["good/faithful-joint.mle"]] <- fixture(
  "MASS::fitdistr(faithful$eruptions, \"gamma\") + lm(waiting ~ eruptions, data = faithful)",
  setNames(lapply(1:5, function(j) param_entry(est[j], se[j], prof[[j]])), nm),
  llf(est), 5, nrow(d),
  list(mean_duration = derived_entry(function(th) th[["shape"]] / th[["rate"]], est, V)))

# expressions.mle: lm(dist ~ speed) and every derived expression.
d <- gd("cars.csv")
fit <- lm(dist ~ speed, data = d)
fx <- lm_fixture(fit, "lm(dist ~ speed, data = cars)", c("a", "b", "sigma"), d$dist, cbind(1, d$speed))
est <- sapply(fx$parameters, `[[`, "estimate")
names(est) <- c("a", "b", "sigma")
V <- diag(sapply(fx$parameters, `[[`, "se"))^2
V[1:2, 1:2] <- vcov(fit) * (nrow(d) - 2) / nrow(d)
dimnames(V) <- list(names(est), names(est))
ex_derived <- list(
  d_let = function(t) t[["b"]] * 0.3048 / 1.609344 * 2,
  d_right_assoc = function(t) t[["b"]]^(2^0.5),
  d_unary_minus = function(t) -(t[["b"]]^2),
  d_precedence = function(t) t[["a"]] + t[["b"]] * 2 - t[["sigma"]] / 4,
  d_parens = function(t) (t[["a"]] + t[["b"]]) * (2 - t[["sigma"]] / 4),
  d_numbers = function(t) t[["a"]] * 1e-3 + t[["b"]] * 2.5e4 + t[["sigma"]] * 0.5 + 3,
  d_exp = function(t) exp(t[["b"]] / 10),
  d_log = function(t) log(t[["sigma"]]),
  d_sqrt = function(t) sqrt(t[["sigma"]]),
  d_abs = function(t) abs(t[["a"]]),
  d_log1p = function(t) log1p(t[["b"]] * 1e-3),
  d_expm1 = function(t) expm1(t[["b"]] * 1e-3),
  d_logistic = function(t) plogis(t[["b"]] - 4),
  d_logit = function(t) qlogis(1 / (1 + t[["sigma"]])),
  d_probit = function(t) qnorm(0.5 + t[["b"]] / 100),
  d_Phi = function(t) pnorm(t[["b"]] - 4),
  d_lgamma = function(t) lgamma(t[["sigma"]]),
  d_pow = function(t) t[["sigma"]]^0.5,
  d_sin = function(t) sin(t[["b"]] * pi / 8),
  d_cos = function(t) cos(t[["b"]]),
  d_atan = function(t) atan(t[["b"]] / t[["sigma"]]))
fx$derived <- lapply(ex_derived, function(f) derived_entry(f, est, V))
fx$notes <- "The .mle asks for Wald intervals only; profiles are stored anyway. Derived: estimate and delta-method se."
fixtures[["good/expressions.mle"]] <- fx

# distributions.mle: 14 independent univariate fits on mtcars.
d <- gd("mtcars-logical.csv")
vs <- as.numeric(tolower(d$vs) == "true")
blocks <- list(
  list(nm = c("n_mu", "n_sigma"), kinds = c("real", "pos"), y = d$mpg, r = "mean, sqrt(mean((mpg - mean)^2))",
       ll = function(t, y) sum(dnorm(y, t[[1]], t[[2]], log = TRUE)),
       start = c(mean(d$mpg), sqrt(mean((d$mpg - mean(d$mpg))^2)))),
  list(nm = c("ln_mu", "ln_sigma"), kinds = c("real", "pos"), y = d$mpg, r = "MASS::fitdistr(mpg, \"lognormal\")",
       ll = function(t, y) sum(dlnorm(y, t[[1]], t[[2]], log = TRUE)),
       start = fitdistr(d$mpg, "lognormal")$estimate),
  list(nm = c("t_mu", "t_sigma"), kinds = c("real", "pos"), y = d$qsec, r = "optim: location-scale t with df = 4",
       ll = function(t, y) sum(dt((y - t[[1]]) / t[[2]], df = 4, log = TRUE) - log(t[[2]])),
       start = c(mean(d$qsec), sd(d$qsec))),
  list(nm = c("c_loc", "c_scale"), kinds = c("real", "pos"), y = d$wt, r = "MASS::fitdistr(wt, \"cauchy\")",
       ll = function(t, y) sum(dcauchy(y, t[[1]], t[[2]], log = TRUE)),
       start = suppressWarnings(fitdistr(d$wt, "cauchy"))$estimate),
  list(nm = c("lo_mu", "lo_s"), kinds = c("real", "pos"), y = d$qsec, r = "MASS::fitdistr(qsec, \"logistic\")",
       ll = function(t, y) sum(dlogis(y, t[[1]], t[[2]], log = TRUE)),
       start = suppressWarnings(fitdistr(d$qsec, "logistic"))$estimate),
  list(nm = "e_rate", kinds = "pos", y = d$hp / 100, r = "MASS::fitdistr(hp / 100, \"exponential\")",
       ll = function(t, y) sum(dexp(y, t[[1]], log = TRUE)), start = 1 / mean(d$hp / 100)),
  list(nm = c("g_shape", "g_rate"), kinds = c("pos", "pos"), y = d$disp, r = "optim: Gamma(shape, rate) (fitdistr(disp, \"gamma\") agrees)",
       ll = function(t, y) sum(dgamma(y, shape = t[[1]], rate = t[[2]], log = TRUE)),
       start = c(mean(d$disp)^2 / var(d$disp), mean(d$disp) / var(d$disp))),
  list(nm = c("w_shape", "w_scale"), kinds = c("pos", "pos"), y = d$hp, r = "MASS::fitdistr(hp, \"weibull\")",
       ll = function(t, y) sum(dweibull(y, t[[1]], t[[2]], log = TRUE)),
       start = suppressWarnings(fitdistr(d$hp, "weibull"))$estimate),
  list(nm = c("be_a", "be_b"), kinds = c("pos", "pos"), y = d$wt / 6, r = "MASS::fitdistr(wt / 6, \"beta\")",
       ll = function(t, y) sum(dbeta(y, t[[1]], t[[2]], log = TRUE)),
       start = suppressWarnings(fitdistr(d$wt / 6, "beta", start = list(shape1 = 5, shape2 = 5)))$estimate),
  list(nm = "p_vs", kinds = "unit", y = vs, r = "mean(vs)",
       ll = function(t, y) sum(dbinom(y, 1, t[[1]], log = TRUE)), start = mean(vs)),
  list(nm = "p_gear", kinds = "unit", y = d$gear - 3, r = "sum(gear - 3) / (2 n)",
       ll = function(t, y) sum(dbinom(y, 2, t[[1]], log = TRUE)), start = mean(d$gear - 3) / 2),
  list(nm = "pois_lambda", kinds = "pos", y = d$carb, r = "MASS::fitdistr(carb, \"poisson\")",
       ll = function(t, y) sum(dpois(y, t[[1]], log = TRUE)), start = mean(d$carb)),
  list(nm = c("nb_mu", "nb_size"), kinds = c("pos", "pos"), y = d$hp, r = "MASS::fitdistr(hp, \"negative binomial\")",
       ll = function(t, y) sum(dnbinom(y, mu = t[[1]], size = t[[2]], log = TRUE)),
       start = rev(suppressWarnings(fitdistr(d$hp, "negative binomial"))$estimate)),
  list(nm = "geo_p", kinds = "unit", y = d$carb - 1, r = "MASS::fitdistr(carb - 1, \"geometric\")",
       ll = function(t, y) sum(dgeom(y, t[[1]], log = TRUE)), start = 1 / (1 + mean(d$carb - 1))))
params <- list()
calls <- character()
ll_total <- 0
for (b in blocks) {
  llb <- local({ bb <- b; function(t) bb$ll(t, bb$y) })
  est <- mle_fit(llb, setNames(unname(b$start), b$nm), b$kinds)
  # the start is R's own estimate (fitdistr or closed form) except for the optim() blocks
  # (fitdistr stops at optim's default tolerance, so allow 2e-3, but require our
  # polished estimate to have at least its log-likelihood)
  if (!grepl("optim", b$r)) check(paste("distributions vs R", b$nm[1]), est, unname(b$start), 2e-3)
  if (llb(est) < llb(setNames(unname(b$start), b$nm)) - 1e-9) stop("distributions: polish lost likelihood")
  V <- obs_se(llb, est)
  se <- sqrt(diag(V))
  for (j in seq_along(est))
    params[[b$nm[j]]] <- param_entry(est[j], se[j], profile_optim(llb, est, b$kinds, j, se))
  ll_total <- ll_total + llb(est)
  calls <- c(calls, paste0(paste(b$nm, collapse = ", "), ": ", b$r))
}
fixtures[["good/distributions.mle"]] <- fixture(
  paste(calls, collapse = "; "), params, ll_total, length(params), nrow(d),
  notes = "Each block of parameters has its own likelihood statement, so the joint MLE is the set of univariate MLEs and logLik is their sum. Estimates polished by Newton steps; se from numDeriv::hessian.")

# ---------------------------------------------------------------------------
# v2: factor columns used as indices (param b[wool] ref, b[wool, tension], factor(cyl)).
# The .mle language orders a text factor's levels by code point (R's factor()
# under LC_COLLATE=C), so the R fits below build their factors the same way;
# `ref` is R's treatment coding. Parameter names are the element names
# (`b_wool[B]`, `b[B,L]`). Tolerances: those of r-agreement.test.ts (estimates
# 1e-6, SEs 1e-4, logLik 1e-6, profile ends 1e-3, relative).

cfactor <- function(x) factor(x, levels = sort(unique(x[!is.na(x)]), method = "radix"))

d <- ex("warpbreaks.csv")
d$wool <- cfactor(d$wool)
d$tension <- cfactor(d$tension)                # levels H, L, M: H is the reference
fit <- glm(breaks ~ wool * tension, family = poisson, data = d, control = glm_ctl)
stopifnot(identical(colnames(model.matrix(fit)),
                    c("(Intercept)", "woolB", "tensionL", "tensionM", "woolB:tensionL", "woolB:tensionM")))
fixtures[["warpbreaks-factors.mle"]] <- glm_fixture(
  fit, "glm(breaks ~ wool * tension, family = poisson, data = warpbreaks) with tension levels H, L, M",
  c("a", "b_wool[B]", "b_tension[L]", "b_tension[M]", "b[B,L]", "b[B,M]"),
  list(rate_ratio_B_at_L = list(f = function(th) exp(th[["b_wool[B]"]] + th[["b[B,L]"]]))))

# ref "L": R's default level order L, M, H for tension.
d <- ex("warpbreaks.csv")
d$wool <- cfactor(d$wool)
d$tension <- factor(d$tension, levels = c("L", "M", "H"))
fit <- glm(breaks ~ wool + tension, family = poisson, data = d, control = glm_ctl)
fixtures[["good/warpbreaks-ref-level.mle"]] <- glm_fixture(
  fit, "glm(breaks ~ wool + tension, family = poisson, data = warpbreaks)",
  c("a", "b_wool[B]", "b_tension[M]", "b_tension[H]"))

# A two-level text factor as a Bernoulli outcome: the second level (B) is 1.
d <- ex("warpbreaks.csv")
d$tension <- cfactor(d$tension)
fit <- glm(I(wool == "B") ~ breaks + tension, family = binomial, data = d, control = glm_ctl)
fixtures[["good/warpbreaks-wool-bernoulli.mle"]] <- glm_fixture(
  fit, "glm(wool ~ breaks + tension, family = binomial, data = warpbreaks) with tension levels H, L, M",
  c("a", "b_breaks", "b_tension[L]", "b_tension[M]"))

d <- ex("iris.csv")
d$Species <- cfactor(d$Species)
fit <- lm(Sepal.Length ~ Species + Petal.Length, data = d)
fixtures[["iris-species.mle"]] <- lm_fixture(
  fit, "lm(Sepal.Length ~ Species + Petal.Length, data = iris)",
  c("a", "b_species[versicolor]", "b_species[virginica]", "b_petal", "sigma"),
  d$Sepal.Length, model.matrix(fit), combos = list(virginica_vs_versicolor = c(0, -1, 1, 0)))

d <- ex("mtcars.csv")
fit <- lm(mpg ~ factor(cyl) + wt, data = d)
fixtures[["mtcars-cyl.mle"]] <- lm_fixture(
  fit, "lm(mpg ~ factor(cyl) + wt, data = mtcars)",
  c("a", "b_cyl[6]", "b_cyl[8]", "b_wt", "sigma"), d$mpg, model.matrix(fit))

# ---------------------------------------------------------------------------
# JSON output (no jsonlite needed)

json <- function(x, indent = 0) {
  pad <- strrep("  ", indent)
  if (is.null(x)) return("null")
  if (is.list(x)) {
    if (!is.null(names(x))) {
      items <- vapply(names(x), function(k) sprintf('%s  "%s": %s', pad, k, json(x[[k]], indent + 1)), "")
      return(paste0("{\n", paste(items, collapse = ",\n"), "\n", pad, "}"))
    }
    return(paste0("[", paste(vapply(x, json, "", indent = indent + 1), collapse = ", "), "]"))
  }
  one <- function(v) {
    if (is.character(v)) return(paste0('"', gsub('(["\\\\])', "\\\\\\1", v), '"'))
    if (is.logical(v)) return(if (is.na(v)) "null" else tolower(as.character(v)))
    if (!is.finite(v)) return("null")
    if (v == round(v) && abs(v) < 1e15) return(format(v, scientific = FALSE))
    sprintf("%.15g", v)
  }
  x <- unname(x)
  if (length(x) == 1) one(x) else paste0("[", paste(vapply(x, one, ""), collapse = ", "), "]")
}

meta <- list(
  R.version.string = R.version.string,
  packages = list(MASS = as.character(packageVersion("MASS")),
                  survival = as.character(packageVersion("survival")),
                  numDeriv = as.character(packageVersion("numDeriv"))),
  script = "test/reference/r-reference.R",
  level = LEVEL,
  description = "Keys ending in .mle are examples/<key>, or test/fixtures/models/good/<file> for keys good/<file>; parameter names are those declared in the .mle file. se = observed-information SE on the natural scale; profile = profile-likelihood interval at `level`; aic = 2k - 2 logLik; bic = k log(n) - 2 logLik with n = rows used."
)
out <- c(list(`_meta` = meta), fixtures)
path <- file.path(here, "r-fixtures.json")
writeLines(json(out), path)
cat("wrote", path, "with", length(fixtures), "models:", paste(names(fixtures), collapse = ", "), "\n")

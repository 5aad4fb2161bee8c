# Reference fits of the Categorical (multinomial logit) tests: writes test/reference/r-multinom.json.
# Run from the repository root:   Rscript test/reference/r-multinom.R   (needs nnet and jsonlite)
#
# Each model is fitted by nnet::multinom(maxit = 1000, reltol = 1e-14, abstol = 1e-300); its own BFGS stops at
# ~1e-7 relative in the estimates, so the optimum is then polished by Newton steps on the exact multinomial
# log-likelihood (gradient X'(Y - P), Hessian -sum_i (diag p_i - p_i p_i') (x) x_i x_i', written out here) until the
# gradient is below 1e-10. SEs: sqrt(diag(solve(-H))) at the polished optimum (what summary(multinom) reports from
# its numerical Hessian, to ~1e-5). Both the polished numbers and multinom's raw ones are stored.
# Tolerances (stored per fit): vs the polished optimum, estimates 1e-6 and SEs 1e-6 relative (max(1, |x|)), logLik
# 1e-9; vs multinom's raw output: estimates 1e-4, SEs 1e-3, logLik 1e-7 (its BFGS convergence).
# iris with Sepal.Length + Sepal.Width is completely separated (setosa), so its MLE is infinite: the fixture stores
# the supremum of the logLik and the finite contrasts virginica - versicolor, which are glm's logistic fit of
# virginica vs versicolor on the 100 non-setosa rows (multinom itself stops short of the supremum).

suppressPackageStartupMessages({
  library(nnet)
  library(jsonlite)
})
args <- commandArgs(trailingOnly = FALSE)
self <- sub("^--file=", "", args[grep("^--file=", args)])
here <- if (length(self) == 1) dirname(normalizePath(self)) else file.path("test", "reference")
root <- normalizePath(file.path(here, "..", ".."))
ex <- function(f) read.csv(file.path(root, "examples", f), stringsAsFactors = FALSE)

# Newton polish of a multinomial logit: B is (K-1) x p (rows: non-reference levels), X the n x p design, y codes 1..K.
polish <- function(B, X, y) {
  K <- nrow(B) + 1; p <- ncol(X); n <- nrow(X)
  Y <- outer(y, 2:K, "==") * 1
  ll <- function(B) { E <- cbind(0, X %*% t(B)); m <- apply(E, 1, max); sum(E[cbind(1:n, y)] - m - log(rowSums(exp(E - m)))) }
  for (it in 1:100) {
    E <- cbind(0, X %*% t(B)); P <- exp(E - apply(E, 1, max)); P <- P / rowSums(P); P <- P[, -1, drop = FALSE]
    g <- as.vector(t(Y - P) %*% X)  # level fastest within each coefficient, as vec of (K-1) x p
    H <- matrix(0, (K - 1) * p, (K - 1) * p)
    for (i in 1:n) { W <- diag(P[i, ], K - 1) - tcrossprod(P[i, ]); H <- H - kronecker(tcrossprod(X[i, ]), W) }
    step <- solve(H, g)
    B <- B - matrix(step, K - 1, p)
    if (max(abs(g)) < 1e-10) break
  }
  list(B = B, se = matrix(sqrt(diag(solve(-H))), K - 1, p), logLik = ll(B), grad = max(abs(g)))
}

# One fixture: our element names are PARAM[LEVEL] with PARAM per column of the design (intercept first).
entry <- function(model, data, formula, params, d) {
  m <- do.call(multinom, list(formula, data = d, maxit = 1000, reltol = 1e-14, abstol = 1e-300, Hess = TRUE, trace = FALSE))
  B0 <- coef(m); if (is.null(dim(B0))) B0 <- matrix(B0, 1, dimnames = list(m$lev[2], names(B0)))
  X <- model.matrix(formula, d); y <- as.integer(factor(d[[all.vars(formula)[1]]]))
  pol <- polish(B0, X, y)
  se0 <- summary(m)$standard.errors; if (is.null(dim(se0))) se0 <- matrix(se0, 1)
  lv <- rownames(B0)
  el <- function(B) { out <- list(); for (j in seq_along(params)) for (k in seq_along(lv)) out[[sprintf("%s[%s]", params[j], lv[k])]] <- B[k, j]; out }
  both <- function(B, S) mapply(function(e, s) list(estimate = e, se = s), el(B), el(S), SIMPLIFY = FALSE)
  list(data = data, model = model, r = deparse(formula), parameters = both(pol$B, pol$se), logLik = pol$logLik,
       gradient = pol$grad, multinom = list(parameters = both(B0, se0), logLik = -deviance(m) / 2, convergence = m$convergence),
       n = nrow(d), k = length(B0),
       tolerance = list(estimate = 1e-6, se = 1e-6, logLik = 1e-9),
       toleranceMultinom = list(estimate = 1e-4, se = 1e-3, logLik = 1e-7))
}

iris <- ex("iris.csv"); mtcars <- ex("mtcars.csv"); warp <- ex("warpbreaks.csv")
iris$Species <- factor(iris$Species); warp$tension <- factor(warp$tension); warp$wool <- factor(warp$wool)
out <- list(`_meta` = list(R.version.string = R.version.string, nnet = as.character(packageVersion("nnet")),
                           script = "test/reference/r-multinom.R"))
out$`iris-sepal-length` <- entry(
  "param a[Species] ref\nparam b[Species] ref\nSpecies ~ Categorical(a[Species] + b[Species] * Sepal.Length)",
  "examples/iris.csv", Species ~ Sepal.Length, c("a", "b"), iris)
out$`mtcars-gear-mpg` <- entry(
  "param a[factor(gear)] ref\nparam b[factor(gear)] ref\ngear ~ Categorical(a[factor(gear)] + b[factor(gear)] * mpg)",
  "examples/mtcars.csv", factor(gear) ~ mpg, c("a", "b"), mtcars)
# Two covariates, one of them a factor indexed together with the outcome: c[tension, wool] ref is R's woolB per level.
wb <- entry(
  "param a[tension] ref\nparam b[tension] ref\nparam c[tension, wool] ref\ntension ~ Categorical(a[tension] + b[tension] * breaks + c[tension, wool])",
  "examples/warpbreaks.csv", tension ~ breaks + wool, c("a", "b", "c"), warp)
names(wb$parameters) <- sub("^c\\[(.*)\\]$", "c[\\1,B]", names(wb$parameters))
names(wb$multinom$parameters) <- sub("^c\\[(.*)\\]$", "c[\\1,B]", names(wb$multinom$parameters))
out$`warpbreaks-tension` <- wb

# Separated: the supremum and the finite contrasts (glm of virginica vs versicolor without setosa).
sub <- droplevels(iris[iris$Species != "setosa", ])
g <- glm(Species ~ Sepal.Length + Sepal.Width, binomial, sub)
m <- multinom(Species ~ Sepal.Length + Sepal.Width, iris, maxit = 1000, reltol = 1e-14, abstol = 1e-300, trace = FALSE)
out$`iris-sepal-separated` <- list(
  data = "examples/iris.csv",
  model = "param a[Species] ref\nparam b[Species] ref\nparam c[Species] ref\nSpecies ~ Categorical(a[Species] + b[Species] * Sepal.Length + c[Species] * Sepal.Width)",
  r = "glm(Species ~ Sepal.Length + Sepal.Width, binomial, iris without setosa); multinom(Species ~ Sepal.Length + Sepal.Width)",
  supLogLik = as.numeric(logLik(g)),
  contrasts = list(a = unname(coef(g)[1]), b = unname(coef(g)[2]), c = unname(coef(g)[3])),
  multinomLogLik = -deviance(m) / 2, multinomConvergence = m$convergence,
  tolerance = list(logLik = 1e-8, contrast = 1e-4))

writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), file.path(here, "r-multinom.json"))

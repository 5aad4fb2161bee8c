# R reference for the StudentT regression case: optim BFGS with the analytic gradient on (b, log nu, log sigma) from an
# lm start, hessian = TRUE; SEs by the delta method. usage: Rscript studentt.R FILE.csv FIT_REPS
file_arg <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
source(file.path(dirname(file_arg), "emit.R"))
path <- args[1]; reps <- as.integer(args[2])

t0 <- now(); d <- read.csv(path); load_s <- now() - t0
X <- cbind(1, as.matrix(d[, -1])); y <- d$y; p <- ncol(X)
nll <- function(u) {
  b <- u[1:p]; nu <- exp(u[p + 1]); s <- exp(u[p + 2]); z <- (y - X %*% b) / s
  -sum(lgamma((nu + 1) / 2) - lgamma(nu / 2) - 0.5 * log(nu * pi) - log(s) - (nu + 1) / 2 * log1p(z^2 / nu))
}
gr <- function(u) {
  b <- u[1:p]; nu <- exp(u[p + 1]); s <- exp(u[p + 2]); z <- as.vector((y - X %*% b) / s)
  w <- (nu + 1) * z / (s * (nu + z^2))
  g_lnu <- nu * sum(0.5 * digamma((nu + 1) / 2) - 0.5 * digamma(nu / 2) - 0.5 / nu - 0.5 * log1p(z^2 / nu) +
    (nu + 1) / 2 * z^2 / (nu * (nu + z^2)))
  g_ls <- sum(-1 + (nu + 1) * z^2 / (nu + z^2))
  -c(crossprod(X, w), g_lnu, g_ls)
}
fit_s <- numeric(0)
for (r in seq_len(reps)) {
  t0 <- now()
  l <- lm.fit(X, y)
  u0 <- c(l$coefficients, log(5), log(sd(l$residuals)))
  o <- optim(u0, nll, gr, method = "BFGS", hessian = TRUE, control = list(maxit = 1000))
  V <- solve(o$hessian)
  fit_s <- c(fit_s, now() - t0)
}
est <- c(o$par[1:p], exp(o$par[p + 1:2]))
se <- c(sqrt(diag(V))[1:p], exp(o$par[p + 1:2]) * sqrt(diag(V))[p + 1:2])
emit(list(tool = paste("R", R.version$major, ".", R.version$minor, sep = ""), load_s = load_s, fit_s = fit_s,
          names = c("(Intercept)", colnames(d)[-1], "nu", "sigma"), estimate = unname(est), se = unname(se),
          converged = o$convergence == 0, iterations = unname(o$counts[1]), logLik = -o$value))

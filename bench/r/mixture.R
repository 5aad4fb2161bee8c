# R reference for the 2-component normal mixture: optim(method = "BFGS") on the unconstrained scale
# (logit w, log sigmas) from the same start as the .mle model, hessian = TRUE for SEs (delta method back).
# usage: Rscript mixture.R FILE.csv FIT_REPS W MU1 MU2 SIGMA1 SIGMA2
file_arg <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
source(file.path(dirname(file_arg), "emit.R"))
path <- args[1]; reps <- as.integer(args[2]); start <- as.numeric(args[3:7])

t0 <- now(); d <- read.csv(path); load_s <- now() - t0
y <- d$y
nll <- function(p) {
  w <- plogis(p[1])
  -sum(log(w * dnorm(y, p[2], exp(p[4])) + (1 - w) * dnorm(y, p[3], exp(p[5]))))
}
p0 <- c(qlogis(start[1]), start[2], start[3], log(start[4]), log(start[5]))
fit_s <- numeric(0)
for (r in seq_len(reps)) {
  t0 <- now()
  o <- optim(p0, nll, method = "BFGS", hessian = TRUE, control = list(maxit = 1000))
  V <- solve(o$hessian)
  fit_s <- c(fit_s, now() - t0)
}
p <- o$par; w <- plogis(p[1])
J <- diag(c(w * (1 - w), 1, 1, exp(p[4]), exp(p[5])))
se <- sqrt(diag(J %*% V %*% J))
emit(list(tool = paste("R", R.version$major, ".", R.version$minor, sep = ""), load_s = load_s, fit_s = fit_s,
          names = c("w", "mu1", "mu2", "sigma1", "sigma2"),
          estimate = c(w, p[2], p[3], exp(p[4]), exp(p[5])), se = se,
          converged = o$convergence == 0, iterations = unname(o$counts[["function"]]), logLik = -o$value))

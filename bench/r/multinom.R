# R reference for the multinomial logit: nnet::multinom (BFGS on the softmax likelihood, Hessian SEs via summary).
# usage: Rscript multinom.R FILE.csv FIT_REPS
file_arg <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
source(file.path(dirname(file_arg), "emit.R"))
suppressPackageStartupMessages(library(nnet))
path <- args[1]; reps <- as.integer(args[2])

t0 <- now(); d <- read.csv(path); load_s <- now() - t0
# factor(y) on every other column (x1, x2, … as the case generated them).
f <- reformulate(setdiff(names(d), "y"), response = "factor(y)")
fit_s <- numeric(0)
for (r in seq_len(reps)) {
  t0 <- now()
  m <- multinom(f, d, maxit = 1000, reltol = 1e-12, trace = FALSE, MaxNWts = 10000)
  s <- summary(m)
  fit_s <- c(fit_s, now() - t0)
}
b <- coef(m); se <- s$standard.errors
# Names "B:x1": class, then coefficient; column-major over the coefficient matrix (classes vary fastest).
nm <- as.vector(outer(rownames(b), colnames(b), paste, sep = ":"))
emit(list(tool = paste("R", R.version$major, ".", R.version$minor, sep = ""), load_s = load_s, fit_s = fit_s,
          names = nm, estimate = as.vector(b), se = as.vector(se),
          converged = m$convergence == 0, iterations = NA_real_, logLik = -deviance(m) / 2))

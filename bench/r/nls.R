# R reference for the nonlinear case: nls() for y = b1*exp(-b2*x) + b3*exp(-b4*x) from the same start, summary() for SEs.
# usage: Rscript nls.R FILE.csv FIT_REPS B1 B2 B3 B4
file_arg <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
source(file.path(dirname(file_arg), "emit.R"))
path <- args[1]; reps <- as.integer(args[2]); start <- as.numeric(args[3:6])

t0 <- now(); d <- read.csv(path); load_s <- now() - t0
fit_s <- numeric(0)
for (r in seq_len(reps)) {
  t0 <- now()
  m <- nls(y ~ b1 * exp(-b2 * x) + b3 * exp(-b4 * x), data = d,
           start = list(b1 = start[1], b2 = start[2], b3 = start[3], b4 = start[4]))
  s <- summary(m)
  fit_s <- c(fit_s, now() - t0)
}
cf <- coef(s); n <- nrow(d)
sig <- sqrt(sum(residuals(m)^2) / n)  # ML sigma, comparable with the likelihood fit
emit(list(tool = paste("R", R.version$major, ".", R.version$minor, sep = ""), load_s = load_s, fit_s = fit_s,
          names = c(rownames(cf), "sigma"), estimate = c(unname(cf[, 1]), sig), se = c(unname(cf[, 2]), sig / sqrt(2 * n)),
          converged = isTRUE(m$convInfo$isConv), iterations = m$convInfo$finIter, logLik = as.numeric(logLik(m))))

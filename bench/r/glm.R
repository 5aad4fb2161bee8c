# R reference for the regression cases: read.csv, then glm (logistic / Poisson) or lm (Gaussian) with summary().
# usage: Rscript glm.R logistic|poisson|gaussian FILE.csv FIT_REPS
file_arg <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
source(file.path(dirname(file_arg), "emit.R"))
kind <- args[1]; path <- args[2]; reps <- as.integer(args[3])

t0 <- now(); d <- read.csv(path); load_s <- now() - t0

fit_s <- numeric(0)
for (r in seq_len(reps)) {
  t0 <- now()
  m <- switch(kind,
    logistic = glm(y ~ ., family = binomial, data = d),
    poisson  = glm(y ~ ., family = poisson, data = d),
    gaussian = lm(y ~ ., data = d))
  s <- summary(m)
  fit_s <- c(fit_s, now() - t0)
}
cf <- coef(s)
est <- cf[, 1]; se <- cf[, 2]; names <- rownames(cf)
if (kind == "gaussian") {
  # Report sigma as the ML estimate sqrt(RSS / n), which is what a likelihood fit estimates.
  n <- nrow(d); sig <- sqrt(sum(residuals(m)^2) / n)
  est <- c(est, sig); se <- c(se, sig / sqrt(2 * n)); names <- c(names, "sigma")
}
emit(list(tool = paste("R", R.version$major, ".", R.version$minor, sep = ""), load_s = load_s, fit_s = fit_s,
          names = names, estimate = unname(est), se = unname(se),
          converged = if (kind == "gaussian") TRUE else isTRUE(m$converged),
          iterations = if (kind == "gaussian") 0 else m$iter))

# R reference for the negative binomial case: MASS::glm.nb(y ~ .) + summary; theta and SE.theta from the fit.
# usage: Rscript glmnb.R FILE.csv FIT_REPS
file_arg <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
source(file.path(dirname(file_arg), "emit.R"))
suppressPackageStartupMessages(library(MASS))
path <- args[1]; reps <- as.integer(args[2])

t0 <- now(); d <- read.csv(path); load_s <- now() - t0
fit_s <- numeric(0)
for (r in seq_len(reps)) {
  t0 <- now()
  m <- glm.nb(y ~ ., data = d)
  s <- summary(m)
  fit_s <- c(fit_s, now() - t0)
}
cf <- coef(s)
emit(list(tool = paste("R", R.version$major, ".", R.version$minor, sep = ""), load_s = load_s, fit_s = fit_s,
          names = c(rownames(cf), "theta"), estimate = c(unname(cf[, 1]), m$theta), se = c(unname(cf[, 2]), m$SE.theta),
          converged = isTRUE(m$converged), iterations = m$iter, logLik = as.numeric(logLik(m))))

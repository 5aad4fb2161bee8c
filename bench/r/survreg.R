# R reference for the Weibull AFT case: survival::survreg(Surv(time, event) ~ ., dist = "weibull") + summary; the
# shape is 1/scale with its SE by the delta method from Log(scale). usage: Rscript survreg.R FILE.csv FIT_REPS
file_arg <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
source(file.path(dirname(file_arg), "emit.R"))
suppressPackageStartupMessages(library(survival))
path <- args[1]; reps <- as.integer(args[2])

t0 <- now(); d <- read.csv(path); load_s <- now() - t0
fit_s <- numeric(0)
for (r in seq_len(reps)) {
  t0 <- now()
  m <- survreg(Surv(time, event) ~ ., data = d, dist = "weibull")
  s <- summary(m)
  fit_s <- c(fit_s, now() - t0)
}
b <- coef(m); V <- vcov(m); k <- length(b)
shape <- 1 / m$scale
emit(list(tool = paste("R", R.version$major, ".", R.version$minor, sep = ""), load_s = load_s, fit_s = fit_s,
          names = c(names(b), "shape"), estimate = c(unname(b), shape),
          se = c(sqrt(diag(V))[1:k], shape * sqrt(V[k + 1, k + 1])),
          converged = m$iter < 30, iterations = m$iter, logLik = m$loglik[2]))

# Reference values for the family descriptors' tests (test/unit/link-fusion.test.ts, special-functions.test.ts):
# log Φ from pnorm(log.p = TRUE), probit regressions from glm(binomial(link = "probit")), and an exponential
# survival regression from survreg on survival::lung (exported next to the JSON, since it is not an example).
#
# Run from the repository root:   Rscript test/reference/r-descriptors.R
# Needs: R with survival and numDeriv (the JSON is written by hand, no jsonlite).

suppressPackageStartupMessages({
  library(survival)
  library(numDeriv)
})

out_dir <- file.path("test", "fixtures", "descriptors")
num <- function(x) formatC(x, digits = 17, format = "g")
vec <- function(x) paste0("[", paste(num(x), collapse = ", "), "]")
obj <- function(...) {
  a <- list(...)
  paste0("{", paste(sprintf('"%s": %s', names(a), unlist(a)), collapse = ", "), "}")
}
ctl <- glm.control(epsilon = 1e-14, maxit = 100)

# log Φ in both tails.
x <- c(-60, -40, -10, -1, 0, 5, 40)
logphi <- obj(r = '"pnorm(x, log.p = TRUE)"', x = vec(x), value = vec(pnorm(x, log.p = TRUE)), tol = "1e-14")

# Observed-information SEs: the engine's default (glm's vcov is the expected information for a non-canonical link).
observed_se <- function(fit, ll) sqrt(diag(solve(-hessian(ll, coef(fit)))))

# Bernoulli probit on infert.
d <- read.csv(file.path("examples", "infert.csv"))
f <- glm(case ~ spontaneous + induced + age, family = binomial(link = "probit"), data = d, control = ctl)
X <- model.matrix(f)
ll <- function(b) { e <- X %*% b; sum(d$case * pnorm(e, log.p = TRUE) + (1 - d$case) * pnorm(-e, log.p = TRUE)) }
infert <- obj(
  r = '"glm(case ~ spontaneous + induced + age, family = binomial(link = \\"probit\\"), data = infert)"',
  estimate = vec(coef(f)), seExpected = vec(sqrt(diag(vcov(f)))), seObserved = vec(observed_se(f, ll)),
  logLik = num(as.numeric(logLik(f))))

# Binomial probit on esoph.
e <- read.csv(file.path("examples", "esoph.csv"))
f <- glm(cbind(ncases, ncontrols) ~ age_35_44 + age_45_54 + age_55_64 + age_65_74 + age_75plus + alc + tob,
         family = binomial(link = "probit"), data = e, control = ctl)
X <- model.matrix(f)
n <- e$ncases + e$ncontrols
ll <- function(b) { h <- X %*% b; sum(lchoose(n, e$ncases) + e$ncases * pnorm(h, log.p = TRUE) + e$ncontrols * pnorm(-h, log.p = TRUE)) }
esoph <- obj(
  r = '"glm(cbind(ncases, ncontrols) ~ age dummies + alc + tob, family = binomial(link = \\"probit\\"), data = esoph)"',
  estimate = vec(coef(f)), seExpected = vec(sqrt(diag(vcov(f)))), seObserved = vec(observed_se(f, ll)),
  logLik = num(as.numeric(logLik(f))))

# Exponential survival regression (no censoring: every time an event) on lung.
l <- survival::lung[, c("time", "age", "sex")]
write.csv(l, file.path(out_dir, "lung.csv"), row.names = FALSE)
f <- survreg(Surv(time) ~ age + sex, data = l, dist = "exponential", control = survreg.control(rel.tolerance = 1e-13))
lung <- obj(r = '"survreg(Surv(time) ~ age + sex, data = lung, dist = \\"exponential\\")"',
            estimate = vec(coef(f)), se = vec(sqrt(diag(vcov(f)))), logLik = num(as.numeric(logLik(f))))

json <- paste0("{\n",
  '"_meta": ', obj(R = paste0('"', R.version.string, '"'), script = '"test/reference/r-descriptors.R"'), ",\n",
  '"logPhi": ', logphi, ",\n",
  '"infertProbit": ', infert, ",\n",
  '"esophProbit": ', esoph, ",\n",
  '"lungExponential": ', lung, "\n}\n")
writeLines(json, file.path(out_dir, "r-descriptors.json"))
cat(json)

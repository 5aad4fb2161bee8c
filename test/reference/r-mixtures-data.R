# Seeded simulated data for the mixture tests: writes test/fixtures/mixtures/*.csv.
# Run from the repository root:   Rscript test/reference/r-mixtures-data.R
# The fits (R's optim + numDeriv) are in r-mixtures.R; the engine tests read both the CSVs and r-mixtures.json.

args <- commandArgs(trailingOnly = FALSE)
self <- sub("^--file=", "", args[grep("^--file=", args)])
here <- if (length(self) == 1) dirname(normalizePath(self)) else file.path("test", "reference")
out <- normalizePath(file.path(here, "..", "fixtures", "mixtures"), mustWork = FALSE)
dir.create(out, showWarnings = FALSE, recursive = TRUE)

# Draws n values: component z ~ Categorical(w), then y | z from draw(z, m).
simulate <- function(n, w, draw) {
  z <- sample.int(length(w), n, replace = TRUE, prob = w)
  vapply(z, function(k) draw(k, 1), 0)
}
write <- function(y, file) write.csv(data.frame(y = y), file.path(out, file), row.names = FALSE)

set.seed(20261123)
# Three Normals: weights 0.3, 0.45, 0.25; means -2, 1.5, 5; sds 0.7, 1, 0.6 (values kept to 6 decimals).
mu <- c(-2, 1.5, 5); s <- c(0.7, 1, 0.6)
write(round(simulate(300, c(0.3, 0.45, 0.25), function(k, m) rnorm(m, mu[k], s[k])), 6), "normal3.csv")

set.seed(20261124)
# Two Poissons: weight 0.4; means 2 and 9.
lam <- c(2, 9)
write(simulate(400, c(0.4, 0.6), function(k, m) rpois(m, lam[k])), "poisson2.csv")

set.seed(20261125)
# Two Exponentials: weight 0.35; rates 3 and 0.4 (means 0.33 and 2.5).
rate <- c(3, 0.4)
write(round(simulate(400, c(0.35, 0.65), function(k, m) rexp(m, rate[k])), 6), "exp2.csv")

cat("wrote normal3.csv, poisson2.csv, exp2.csv to", out, "\n")

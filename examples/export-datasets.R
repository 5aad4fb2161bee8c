# Export the example datasets from R's bundled `datasets` package and from
# `MASS` to CSV files next to this script. The data are R's own copies of
# published tables; nothing here is simulated. Factor columns are kept as text
# (for reading; the models never use them in arithmetic) and 0/1 indicator
# columns are added where a model needs a factor as a covariate.
#
# Run from the repository root:   Rscript examples/export-datasets.R
# Needs: R with the recommended packages MASS and survival (Debian: r-base-core r-cran-mass r-cran-survival).

suppressPackageStartupMessages(library(MASS))

args <- commandArgs(trailingOnly = FALSE)
self <- sub("^--file=", "", args[grep("^--file=", args)])
out_dir <- if (length(self) == 1) dirname(normalizePath(self)) else "examples"

put <- function(df, name) {
  path <- file.path(out_dir, paste0(name, ".csv"))
  write.csv(df, path, row.names = FALSE)
  cat(sprintf("%-22s %4d rows  %s\n", basename(path), nrow(df), paste(names(df), collapse = ", ")))
}
ind <- function(f, level) as.integer(f == level)

# --- datasets::infert -- logistic regression (Bernoulli), the spec's first example.
d <- datasets::infert
d$education <- as.character(d$education)
put(d, "infert")

# --- datasets::warpbreaks -- Poisson regression of counts of warp breaks.
d <- datasets::warpbreaks
put(data.frame(breaks = d$breaks,
               wool = as.character(d$wool), tension = as.character(d$tension),
               wool_B = ind(d$wool, "B"),
               tension_M = ind(d$tension, "M"), tension_H = ind(d$tension, "H")),
    "warpbreaks")

# --- datasets::esoph -- grouped case-control data: Binomial(ncases + ncontrols, p).
# Age group as indicators (reference 25-34); alcohol and tobacco groups as
# scores 0, 1, 2, 3 (the level index minus one).
d <- datasets::esoph
put(data.frame(agegp = as.character(d$agegp), alcgp = as.character(d$alcgp),
               tobgp = as.character(d$tobgp),
               ncases = d$ncases, ncontrols = d$ncontrols,
               age_35_44 = ind(d$agegp, "35-44"), age_45_54 = ind(d$agegp, "45-54"),
               age_55_64 = ind(d$agegp, "55-64"), age_65_74 = ind(d$agegp, "65-74"),
               age_75plus = ind(d$agegp, "75+"),
               alc = as.integer(d$alcgp) - 1L, tob = as.integer(d$tobgp) - 1L),
    "esoph")

# --- datasets::cars -- speed and stopping distance, Normal linear regression.
put(datasets::cars, "cars")

# --- datasets::trees -- black cherry trees, log-log Normal regression.
put(datasets::trees, "trees")

# --- datasets::faithful -- Old Faithful eruption durations, two-component mixture.
put(datasets::faithful, "faithful")

# --- datasets::airquality -- ozone, LogNormal regression; has missing values (NA).
put(datasets::airquality, "airquality")

# --- datasets::discoveries -- yearly counts of great discoveries 1860-1959, Poisson.
put(data.frame(year = as.integer(time(datasets::discoveries)),
               discoveries = as.integer(datasets::discoveries)),
    "discoveries")

# --- MASS::leuk -- survival of 33 leukaemia patients (all died: no censoring).
d <- MASS::leuk
put(data.frame(wbc = d$wbc, ag = as.character(d$ag), time = d$time,
               ag_present = ind(d$ag, "present")),
    "leuk")

# --- MASS::quine -- days absent from school, negative binomial regression.
d <- MASS::quine
put(data.frame(Eth = as.character(d$Eth), Sex = as.character(d$Sex),
               Age = as.character(d$Age), Lrn = as.character(d$Lrn), Days = d$Days,
               eth_N = ind(d$Eth, "N"), sex_M = ind(d$Sex, "M"),
               age_F1 = ind(d$Age, "F1"), age_F2 = ind(d$Age, "F2"), age_F3 = ind(d$Age, "F3"),
               lrn_SL = ind(d$Lrn, "SL")),
    "quine")

# --- datasets::iris -- Species kept as text: a factor used as an index (v2).
d <- datasets::iris
d$Species <- as.character(d$Species)
put(d, "iris")

# --- datasets::mtcars -- car name as text; cyl stays numeric (factor(cyl) in the model, v2).
d <- datasets::mtcars
put(data.frame(model = rownames(d), d, row.names = NULL), "mtcars")

# --- survival::lung -- NCCTG advanced lung cancer survival; status 1 = censored, 2 = dead (right censoring).
# Only the complete columns the examples use (ph.ecog has one NA, kept as NA).
d <- survival::lung
put(data.frame(time = d$time, status = d$status, age = d$age, sex = d$sex, ph.ecog = d$ph.ecog), "lung")

cat(R.version.string, "| MASS", as.character(packageVersion("MASS")),
    "| survival", as.character(packageVersion("survival")), "\n")

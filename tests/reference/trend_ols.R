# Reference values for the linear-trend (OLS) estimator, computed in R.
#
# For each case, fits lm(y ~ x) with x = fiscal year - first year of the case
# (so x starts at 0), and at a target year `at_year` (x = at_year - first_year)
# reports: intercept, slope, residual standard error (sigma), residual degrees
# of freedom, the fitted mean, the 95% prediction interval
# (predict(..., interval = "prediction", level = 0.95)), the 95% confidence
# interval for the mean (interval = "confidence", level = 0.95), and the 90%
# prediction interval (level = 0.90).
#
# Output is a plain CSV on stdout; every number is written with
# sprintf("%.17g", x) so full double precision survives.
#
# Run from the project root:
#   Rscript tests/reference/trend_ols.R > tests/reference/trend_ols.csv
#
# Generated with: R version 4.2.2 Patched (2022-11-10 r83330) -- "Innocent and Trusting"
# (Debian r-base-core, x86_64-pc-linux-gnu). Uses base R only (stats::lm, predict).

cases <- list(
  list(case = "coverage3", years = 2021:2023,
       y = c(0.352, 241 / 618, 302 / 717), at_year = 2025),
  list(case = "online4", years = 2020:2023,
       y = c(180, 205, 241, 302), at_year = 2025),
  list(case = "issues5", years = 2020:2024,
       y = c(1200, 1650, 2050, 2400, 2598), at_year = 2026),
  list(case = "noisy6", years = 2019:2024,
       y = c(10.5, 9.8, 12.1, 13.9, 13.2, 16.0), at_year = 2024)
)

fmt <- function(v) sprintf("%.17g", v)

cat("case,n,first_year,at_year,intercept,slope,sigma,df_resid,mean,",
    "pi95_lower,pi95_upper,ci95_lower,ci95_upper,pi90_lower,pi90_upper\n",
    sep = "")

for (cs in cases) {
  first_year <- min(cs$years)
  d <- data.frame(x = as.numeric(cs$years - first_year), y = cs$y)
  fit <- lm(y ~ x, data = d)
  nd <- data.frame(x = as.numeric(cs$at_year - first_year))
  pi95 <- predict(fit, nd, interval = "prediction", level = 0.95)
  ci95 <- predict(fit, nd, interval = "confidence", level = 0.95)
  pi90 <- predict(fit, nd, interval = "prediction", level = 0.90)
  co <- unname(coef(fit))
  row <- c(cs$case, length(cs$y), first_year, cs$at_year,
           fmt(co[1]), fmt(co[2]), fmt(summary(fit)$sigma),
           df.residual(fit), fmt(pi95[1, "fit"]),
           fmt(pi95[1, "lwr"]), fmt(pi95[1, "upr"]),
           fmt(ci95[1, "lwr"]), fmt(ci95[1, "upr"]),
           fmt(pi90[1, "lwr"]), fmt(pi90[1, "upr"]))
  cat(paste(row, collapse = ","), "\n", sep = "")
}

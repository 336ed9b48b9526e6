# Reference values for sugidx_analysis.stats.causal, computed in R.
#
# The panel: tests/reference/causal_panel.csv, written by this script (seeded below) and read
# back, so that R and the Python tests use the same numbers to the last bit. Monthly log cash
# transactions, 2021-04 to 2025-03, at nine ward windows: `main` (cashless from 2023-12),
# `branch_1` ... `branch_5` (from 2024-10), `corner_1` and `corner_2` (never) and `pilot` (from
# 2020-10, before the panel: always treated). Each series: a window level, a common trend of
# -0.003 a month, a common seasonal pattern (peak in March-April), AR(1) noise (rho 0.25,
# innovation sd 0.03), and after launch a level change (-0.15 main, -0.10 branches) and a slope
# change (-0.008 main, -0.010 branches) a month.
#
# Interrupted time series (cases its_*): one window's series,
#   lm(y ~ t + post + slope [+ factor(month of year)]), t = 0..n-1, post = month >= launch,
#   slope = (t - t0) * post;
# Newey-West covariance NeweyWest(fit, lag = L, prewhite = FALSE, adjust = TRUE) (Bartlett
# kernel, small-sample factor n / (n - k)), t tests with the residual df (lmtest::coeftest).
# L is passed explicitly: floor(4 * (n / 100)^(2/9)) unless the case sets it.
#
# Event study (cases es_*), built here independently of the Python code: always-treated windows
# (launch on or before the first month) dropped; without a never-treated window only months
# before the last cohort's launch kept, that cohort the control; then
#   lm(value ~ factor(unit) + factor(month) + D), D = one dummy per treated cohort x event time
#   observed, except event time -1;
# classical (homoskedastic) covariance vcov(fit). Per event time e, the cohorts' coefficients
# weighted by their share of the windows observed at e; the average effect is the mean of those
# over e = 0..lags; the pre-trend F test is anova() of the model without the e <= -2 dummies
# against the full one.
#
# Output: CSV on stdout (case,key,value), every number as sprintf("%.17g").
# Run from the project root:
#   Rscript tests/reference/causal_reference.R > tests/reference/causal_reference.csv
#
# Generated with R 4.2.2 Patched (2022-11-10 r83330) (Debian r-base-core), sandwich 3.0-2 and
# lmtest 0.9-40 (Debian r-cran-sandwich, r-cran-lmtest).

suppressMessages({
  library(sandwich)
  library(lmtest)
})

month_index <- function(m) 12L * as.integer(substr(m, 1, 4)) + as.integer(substr(m, 6, 7)) - 1L
month_label <- function(i) sprintf("%04d-%02d", i %/% 12L, i %% 12L + 1L)

# ---- the panel ---------------------------------------------------------------------------------

panel_file <- "tests/reference/causal_panel.csv"
set.seed(20231201)
months <- month_label(month_index("2021-04"):month_index("2025-03"))
windows <- data.frame(
  unit = c("main", paste0("branch_", 1:5), "corner_1", "corner_2", "pilot"),
  launch = c("2023-12", rep("2024-10", 5), NA, NA, "2020-10"),
  level = c(8.2, 7.0, 6.8, 7.3, 6.5, 6.9, 5.9, 5.6, 6.1),
  jump = c(-0.15, rep(-0.10, 5), 0, 0, -0.12),
  bend = c(-0.008, rep(-0.010, 5), 0, 0, -0.006),
  stringsAsFactors = FALSE
)
season <- c(0.03, 0.00, 0.18, 0.22, 0.02, -0.04, -0.02, -0.08, -0.05, -0.03, -0.05, -0.06)
rows <- list()
for (w in seq_len(nrow(windows))) {
  u <- windows[w, ]
  t <- seq_along(months) - 1
  k <- if (is.na(u$launch)) rep(-1, length(t)) else month_index(months) - month_index(u$launch)
  noise <- as.numeric(stats::filter(rnorm(length(t), sd = 0.03), 0.25, method = "recursive"))
  y <- u$level - 0.003 * t + season[as.integer(substr(months, 6, 7))] +
    ifelse(k >= 0, u$jump + u$bend * k, 0) + noise
  rows[[w]] <- data.frame(unit = u$unit, month = months,
                          launch = ifelse(is.na(u$launch), "", u$launch), value = y)
}
generated <- do.call(rbind, rows)
writeLines(c("unit,month,launch,value",
             sprintf("%s,%s,%s,%.17g", generated$unit, generated$month, generated$launch,
                     generated$value)),
           panel_file)
panel <- read.csv(panel_file, colClasses = c("character", "character", "character", "numeric"))
panel$launch[panel$launch == ""] <- NA

# ---- output ------------------------------------------------------------------------------------

cat("case,key,value\n")
emit <- function(case, key, value) cat(sprintf("%s,%s,%.17g\n", case, key, value))
emit_combination <- function(case, key, g, b, V, df, alpha) {
  est <- sum(g * b)
  se <- sqrt(drop(t(g) %*% V %*% g))
  q <- qt(1 - alpha / 2, df)
  emit(case, paste0(key, ".est"), est)
  emit(case, paste0(key, ".se"), se)
  emit(case, paste0(key, ".lower"), est - q * se)
  emit(case, paste0(key, ".upper"), est + q * se)
  emit(case, paste0(key, ".p"), 2 * pt(abs(est / se), df, lower.tail = FALSE))
}

# ---- interrupted time series -------------------------------------------------------------------

its <- function(case, unit, seasonal, lag = NULL, alpha = 0.05) {
  d <- panel[panel$unit == unit, ]
  d <- d[order(d$month), ]
  n <- nrow(d)
  if (is.null(lag)) lag <- floor(4 * (n / 100)^(2 / 9))
  t <- 0:(n - 1)
  t0 <- match(d$launch[1], d$month) - 1
  post <- as.numeric(t >= t0)
  slope <- (t - t0) * post
  moy <- factor(substr(d$month, 6, 7))
  y <- d$value
  fit <- if (seasonal) lm(y ~ t + post + slope + moy) else lm(y ~ t + post + slope)
  V <- NeweyWest(fit, lag = lag, prewhite = FALSE, adjust = TRUE)
  ct <- coeftest(fit, vcov. = V)
  df <- df.residual(fit)
  b <- coef(fit)
  emit(case, "n", n)
  emit(case, "lag", lag)
  emit(case, "df", df)
  emit(case, "level.est", ct["post", "Estimate"])
  emit(case, "level.se", ct["post", "Std. Error"])
  emit(case, "level.p", ct["post", "Pr(>|t|)"])
  emit(case, "slope.est", ct["slope", "Estimate"])
  emit(case, "slope.se", ct["slope", "Std. Error"])
  emit(case, "slope.p", ct["slope", "Pr(>|t|)"])
  ci <- coefci(fit, vcov. = V, level = 1 - alpha)
  emit(case, "level.lower", ci["post", 1])
  emit(case, "level.upper", ci["post", 2])
  emit(case, "slope.lower", ci["slope", 1])
  emit(case, "slope.upper", ci["slope", 2])
  zero <- setNames(rep(0, length(b)), names(b))
  ks <- slope[post == 1]
  for (k in ks) {
    g <- zero
    g[c("post", "slope")] <- c(1, k)
    emit_combination(case, paste0("effect.", k), g, b, V, df, alpha)
  }
  g <- zero
  g[c("post", "slope")] <- c(1, mean(ks))
  emit_combination(case, "mean", g, b, V, df, alpha)
  counterfactual <- fitted(fit) - b["post"] * post - b["slope"] * slope
  for (i in which(post == 1)) emit(case, paste0("counterfactual.", d$month[i]), counterfactual[i])
  emit(case, "fitted.first", fitted(fit)[1])
}

its("its_main", "main", seasonal = TRUE)
its("its_branch_1", "branch_1", seasonal = TRUE)
its("its_main_plain", "main", seasonal = FALSE, lag = 6, alpha = 0.10)

# ---- event study -------------------------------------------------------------------------------

event_study <- function(case, units, leads, lags = NULL, alpha = 0.05) {
  p <- panel[panel$unit %in% units, ]
  first <- min(p$month)
  last <- max(p$month)
  always <- unique(p$unit[!is.na(p$launch) & p$launch <= first])
  p <- p[!(p$unit %in% always), ]
  never <- is.na(p$launch) | p$launch > last
  if (any(never)) {
    p$control <- never
  } else {
    cut <- max(p$launch)
    p <- p[p$month < cut, ]
    p$control <- p$launch == cut
  }
  p$e <- ifelse(p$control, NA, month_index(p$month) - month_index(p$launch))
  treated <- p[!p$control, ]
  cells <- unique(treated[treated$e != -1, c("launch", "e")])
  cells <- cells[order(cells$launch, cells$e), ]
  D <- matrix(0, nrow(p), nrow(cells))
  for (j in seq_len(nrow(cells))) {
    D[, j] <- as.numeric(!p$control & p$launch == cells$launch[j] & p$e == cells$e[j])
  }
  colnames(D) <- paste0("d", seq_len(nrow(cells)))
  fit <- lm(p$value ~ factor(p$unit) + factor(p$month) + D)
  stopifnot(!anyNA(coef(fit)))
  b <- coef(fit)
  V <- vcov(fit)
  df <- df.residual(fit)
  names_d <- paste0("D", colnames(D))
  if (is.null(lags)) lags <- max(treated$e)
  emit(case, "n", nrow(p))
  emit(case, "df", df)
  emit(case, "lags", lags)
  emit(case, "n_dummies", nrow(cells))
  weights_at <- function(e) {
    g <- setNames(rep(0, length(b)), names(b))
    at <- treated[treated$e == e, ]
    shares <- table(at$launch) / nrow(at)
    for (c in names(shares)) {
      g[names_d[cells$launch == c & cells$e == e]] <- shares[[c]]
    }
    g
  }
  for (e in setdiff(-leads:lags, -1)) {
    emit_combination(case, paste0("effect.", e), weights_at(e), b, V, df, alpha)
  }
  g <- Reduce(`+`, lapply(0:lags, weights_at)) / (lags + 1)
  emit_combination(case, "average", g, b, V, df, alpha)
  pre <- which(cells$e <= -2)
  restricted <- lm(p$value ~ factor(p$unit) + factor(p$month) + D[, -pre])
  a <- anova(restricted, fit)
  emit(case, "pretrend.f", a$F[2])
  emit(case, "pretrend.df1", a$Df[2])
  emit(case, "pretrend.df2", a$Res.Df[2])
  emit(case, "pretrend.p", a$`Pr(>F)`[2])
}

event_study("es_ward", c("main", paste0("branch_", 1:5)), leads = 6)
event_study("es_all", unique(panel$unit), leads = 3, lags = 12, alpha = 0.10)

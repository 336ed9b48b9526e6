# Reference values for sugidx_analysis.stats.survey, computed with R's survey package.
#
# Two datasets the repository holds:
#   hand  tests/reference/survey_hand_frame.csv: 30 respondents typed for this test (age band
#         young/middle/old, sex, a yes/no item `used` with two blanks, a single-choice `topic`,
#         a 1-6 `score`), a simple random sample from a population of 1,200 whose margins are
#         age young 400, middle 450, old 350 and sex male 580, female 620.
#   synth data/example/survey_responses.csv: the synthetic resident-survey respondents
#         (`sugidx synth survey`), a simple random sample of the 500,239 adults of
#         data/published/population.csv, raked to its age-group (18-19 joined to 20-29) and
#         sex margins.
#
# Each design is an SRS with the finite-population correction:
#   svydesign(ids = ~1, weights = ~w, fpc = ~N) with w = N / n,
# raked with rake(..., control = list(maxit = 100, epsilon = 1e-12)).
# Intervals: svyciprop(method = "logit" | "beta") for proportions (95%, df = degf(design)),
# confint(svymean(...), df = degf(design)) for means; Rao-Scott tests with
# svychisq(statistic = "F") and svychisq(statistic = "Chisq"); the Wilson interval with
# prop.test(x, n, correct = FALSE); goodness of fit with chisq.test(x, p = ...).
#
# Output: CSV on stdout (case,key,value), every number as sprintf("%.17g").
# Run from the project root:
#   Rscript tests/reference/survey_reference.R > tests/reference/survey_reference.csv
#
# Generated with R 4.2.2 (Debian r-base-core) and survey 4.1-1 (Debian r-cran-survey).

suppressMessages(library(survey))

emit <- function(case, key, value) {
  for (i in seq_along(value)) {
    k <- if (length(value) > 1) paste0(key, ".", names(value)[i]) else key
    cat(sprintf("%s,%s,%.17g\n", case, k, value[[i]]))
  }
}
cat("case,key,value\n")

srs <- function(data, N) {
  data$w <- N / nrow(data)
  data$N <- N
  svydesign(ids = ~1, weights = ~w, fpc = ~N, data = data)
}
rake_to <- function(des, margins) {
  rake(des, lapply(names(margins), function(v) as.formula(paste0("~", v))),
       lapply(names(margins), function(v) {
         d <- data.frame(names(margins[[v]]), unname(margins[[v]]))
         names(d) <- c(v, "Freq")
         d
       }),
       control = list(maxit = 100, epsilon = 1e-12))
}
# svy takes the degrees of freedom of an estimate from the respondents who answered the item
# (answered - 1); R's default is the whole design's (n - 1). For the logit interval the df is
# passed explicitly so that both follow svy's convention; R's beta interval already rescales
# by the answered count and needs no change.
ciprop <- function(case, key, formula, des) {
  answered <- sum(!is.na(model.frame(formula, des$variables, na.action = na.pass)[[1]]))
  for (method in c("logit", "beta")) {
    df <- if (method == "logit") answered - 1 else degf(des)
    r <- svyciprop(formula, des, method = method, df = df, na.rm = TRUE)
    ci <- attr(r, "ci")
    emit(case, paste0(key, ".", method, ".est"), as.numeric(r))
    emit(case, paste0(key, ".", method, ".lower"), ci[[1]])
    emit(case, paste0(key, ".", method, ".upper"), ci[[2]])
  }
  emit(case, paste0(key, ".se"), SE(svymean(formula, des, na.rm = TRUE))[[1]])
}
props <- function(case, key, formula, des) {
  m <- svymean(formula, des, na.rm = TRUE)
  est <- coef(m); se <- SE(m)
  names(se) <- names(est)
  emit(case, paste0(key, ".est"), est)
  emit(case, paste0(key, ".se"), se)
}
means <- function(case, key, formula, des) {
  m <- svymean(formula, des, na.rm = TRUE)
  ci <- confint(m, df = degf(des))
  emit(case, paste0(key, ".est"), coef(m)[[1]])
  emit(case, paste0(key, ".se"), SE(m)[[1]])
  emit(case, paste0(key, ".lower"), ci[1, 1])
  emit(case, paste0(key, ".upper"), ci[1, 2])
}
# Rao-Scott tests among the respondents who answered both questions (a domain).
rao_scott <- function(case, key, formula, des) {
  vars <- all.vars(formula)
  des <- subset(des, complete.cases(des$variables[, vars]))
  f <- svychisq(formula, des, statistic = "F")
  x <- svychisq(formula, des, statistic = "Chisq")
  emit(case, paste0(key, ".f"), f$statistic[[1]])
  emit(case, paste0(key, ".f_df_num"), f$parameter[["ndf"]])
  emit(case, paste0(key, ".f_df_den"), f$parameter[["ddf"]])
  emit(case, paste0(key, ".f_p"), f$p.value[[1]])
  emit(case, paste0(key, ".chisq"), x$statistic[[1]])
  emit(case, paste0(key, ".chisq_df"), x$parameter[["df"]])
  emit(case, paste0(key, ".chisq_p"), x$p.value[[1]])
}
weights_of <- function(case, des) {
  w <- weights(des)
  emit(case, "weights.min", min(w))
  emit(case, "weights.max", max(w))
  emit(case, "weights.sum", sum(w))
}

# ---- hand frame -------------------------------------------------------------------------------
hand <- read.csv("tests/reference/survey_hand_frame.csv", stringsAsFactors = FALSE,
                 na.strings = "")
hand_margins <- list(age_band = c(young = 400, middle = 450, old = 350),
                     sex = c(male = 580, female = 620))
h0 <- srs(hand, 1200)
h1 <- rake_to(h0, hand_margins)
for (case in c("hand_srs", "hand_raked")) {
  des <- if (case == "hand_srs") h0 else h1
  ciprop(case, "used_yes", ~I(used == "yes"), des)
  props(case, "topic", ~topic, des)
  means(case, "score", ~score, des)
  rao_scott(case, "age_topic", ~age_band + topic, des)
  weights_of(case, des)
}

# ---- the synthetic resident survey ----------------------------------------------------------
pop <- read.csv("data/published/population.csv", stringsAsFactors = FALSE)
resp <- read.csv("data/example/survey_responses.csv", stringsAsFactors = FALSE,
                 na.strings = "", check.names = FALSE)
names(resp) <- make.names(names(resp))  # wanted_info.disaster stays wanted_info.disaster
N <- sum(pop$population)
# the analysis joins the 18-19 band to the twenties (themes/survey/metrics.py AGE_GROUPS)
group_of <- function(band) ifelse(band %in% c("18-19", "20-29"), "18-29", band)
pop$age_group <- group_of(pop$age_band)
resp$age_group <- group_of(resp$age_band)
synth_margins <- list(
  age_group = tapply(pop$population, pop$age_group, sum),
  sex = tapply(pop$population, pop$sex, sum)
)
s0 <- srs(resp, N)
s1 <- rake_to(s0, synth_margins)
wanted <- grep("^wanted_info\\.", names(resp), value = TRUE)
for (case in c("synth_srs", "synth_raked")) {
  des <- if (case == "synth_srs") s0 else s1
  ciprop(case, "used_online_yes", ~I(used_online == "yes"), des)
  for (option in wanted) {
    ciprop(case, option, as.formula(paste0("~I(", option, " == 1)")), des)
  }
  rao_scott(case, "age_used_online", ~age_group + used_online, des)
  weights_of(case, des)
}

# ---- response analysis ----------------------------------------------------------------------
wilson <- prop.test(383, 2000, correct = FALSE)$conf.int
emit("response", "wilson_383_2000.lower", wilson[[1]])
emit("response", "wilson_383_2000.upper", wilson[[2]])
cell_pop <- aggregate(population ~ age_group + sex, data = pop, FUN = sum)
cells <- paste(cell_pop$age_group, cell_pop$sex)
observed <- table(factor(paste(resp$age_group, resp$sex), levels = cells))
gof <- chisq.test(as.numeric(observed), p = cell_pop$population / N)
emit("response", "profile.chisq", gof$statistic[[1]])
emit("response", "profile.df", gof$parameter[[1]])
emit("response", "profile.p", gof$p.value[[1]])

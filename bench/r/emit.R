# Shared by the benchmark's R scripts: a wall clock and a JSON writer for flat lists (no packages needed).

now <- function() proc.time()[["elapsed"]]

json_value <- function(v) {
  if (is.character(v)) return(if (length(v) == 1) sprintf('"%s"', gsub('"', '\\\\"', v)) else paste0("[", paste(sprintf('"%s"', v), collapse = ","), "]"))
  if (is.logical(v) && length(v) == 1) return(if (isTRUE(v)) "true" else "false")
  num <- ifelse(is.finite(v), sprintf("%.17g", v), "null")
  if (length(v) == 1 && is.null(names(v))) num else paste0("[", paste(num, collapse = ","), "]")
}

emit <- function(x) {
  parts <- vapply(names(x), function(k) sprintf('"%s":%s', k, json_value(x[[k]])), "")
  cat(paste0("{", paste(parts, collapse = ","), "}\n"))
}

args <- commandArgs(trailingOnly = TRUE)
